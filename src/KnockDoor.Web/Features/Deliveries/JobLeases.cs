using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Deliveries;

/// <summary>
/// Leases on background jobs (table JobLeases), so that with several servers on one database a job's run happens on one
/// at a time. Taken by a conditional update (free, lapsed, or already ours) or, the first time, by inserting the name
/// (unique: of two servers inserting at once, one wins). The same SQL on SQLite and PostgreSQL.
/// </summary>
public sealed class JobLeases(AppDbContext db)
{
    public async Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, TimeSpan length, CancellationToken ct)
    {
        var until = now + length;
        var taken = await db.JobLeases.Where(l => l.Name == name && (l.ExpiresAt <= now || l.Holder == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1)
        {
            return true;
        }
        if (await db.JobLeases.AsNoTracking().AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }
        db.JobLeases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Gives the lease back (only if still ours), so that the next run, here or elsewhere, need not wait for it to lapse.</summary>
    public Task ReleaseAsync(string name, string holder, DateTimeOffset now, CancellationToken ct) =>
        db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
}

/// <summary>This server instance's name as a lease holder (a singleton: one per running app).</summary>
public sealed class ServerInstance
{
    public string Id { get; } = Outbox.Truncate(Environment.MachineName, 60) + "/" + Guid.NewGuid().ToString("N");
}
