using System.Threading.Channels;
using KnockDoor.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Infrastructure;

/// <summary>What became of one unit of work handed to <see cref="SqliteGroupCommit"/>.</summary>
public enum GroupWriteResult
{
    Stored,

    /// <summary>A unique index refused the unit (for a visit: its id is already stored); nothing of it was stored.</summary>
    Duplicate,
}

/// <summary>
/// Group commit for SQLite, which has one writer: units of work (the new rows of one request) queue here and one
/// writer stores everything that has queued in one transaction, so a burst of submissions costs one commit instead of
/// one each. Each unit is still all or nothing: if the shared transaction fails (a duplicate id, a row that breaks a
/// constraint), it is rolled back and every unit of it is stored again on its own, so one bad unit never takes the
/// others with it and never half-applies. A caller waits until its own unit is committed (or refused).
/// </summary>
public sealed class SqliteGroupCommit : IAsyncDisposable
{
    /// <summary>The most units stored in one transaction.</summary>
    public const int MaxBatch = 128;

    private sealed record Unit(IReadOnlyList<object> Rows, TaskCompletionSource<GroupWriteResult> Done);

    private readonly Channel<Unit> queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<SqliteGroupCommit> log;
    private readonly Task writer;

    public SqliteGroupCommit(IServiceScopeFactory scopes, ILogger<SqliteGroupCommit> log)
    {
        this.scopes = scopes;
        this.log = log;
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Stores the rows (new entities) as one unit; completes once they are committed or refused.</summary>
    public Task<GroupWriteResult> WriteAsync(IReadOnlyList<object> rows)
    {
        var unit = new Unit(rows, new TaskCompletionSource<GroupWriteResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(unit))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit));
        }
        return unit.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Unit>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var unit))
            {
                batch.Add(unit);
            }
            try
            {
                await StoreAsync(batch);
            }
            catch (Exception e)
            {
                // StoreAsync settles every unit itself; this is a last guard so that no caller waits forever.
                log.LogError(e, "Group commit failed for {Count} units", batch.Count);
                foreach (var unit in batch)
                {
                    unit.Done.TrySetException(e);
                }
            }
            batch.Clear();
        }
    }

    private async Task StoreAsync(List<Unit> batch)
    {
        if (batch.Count > 1 && await TrySaveAsync(batch.SelectMany(u => u.Rows)))
        {
            foreach (var unit in batch)
            {
                unit.Done.TrySetResult(GroupWriteResult.Stored);
            }
            return;
        }
        // One unit, or the shared transaction was refused: each unit on its own.
        foreach (var unit in batch)
        {
            try
            {
                await SaveAsync(unit.Rows, afterFailure: batch.Count > 1);
                unit.Done.TrySetResult(GroupWriteResult.Stored);
            }
            catch (Exception e) when (Database.IsUniqueViolation(e))
            {
                unit.Done.TrySetResult(GroupWriteResult.Duplicate);
            }
            catch (Exception e)
            {
                unit.Done.TrySetException(e);
            }
        }
    }

    private async Task<bool> TrySaveAsync(IEnumerable<object> rows)
    {
        try
        {
            await SaveAsync(rows, afterFailure: false);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            // A duplicate id (in the database, or twice in this batch) or a broken constraint: rolled back as a whole.
            return false;
        }
    }

    private async Task SaveAsync(IEnumerable<object> rows, bool afterFailure)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (afterFailure)
        {
            ResetGeneratedKeys(db, rows);
        }
        db.AddRange(rows);
        // Through the progress writer, so that each stored visit is folded into its person's campaign progress in
        // the same transaction.
        await Features.Coverage.TargetProgressWriter.SaveChangesAsync(db, CancellationToken.None);
    }

    /// <summary>
    /// Integer keys the database generates (audit and notification ids) may hold values of the rolled-back attempt:
    /// cleared, so that the database hands out new ones.
    /// </summary>
    private static void ResetGeneratedKeys(AppDbContext db, IEnumerable<object> rows)
    {
        foreach (var row in rows)
        {
            var key = db.Model.FindEntityType(row.GetType())?.FindPrimaryKey();
            foreach (var property in key?.Properties ?? [])
            {
                if (property.ValueGenerated != Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never
                    && property.PropertyInfo is { } info && (info.PropertyType == typeof(long) || info.PropertyType == typeof(int)))
                {
                    info.SetValue(row, Activator.CreateInstance(info.PropertyType));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }
}
