using System.Collections.Concurrent;

namespace KnockDoor.Web.Features.Targets;

public enum ImportPhase
{
    Reading,
    Validating,
    Storing,
    Done,
}

/// <summary>One row's problem, as the importer reports it: Excel's row number, the column's Chinese name, the message.</summary>
public sealed record ImportError(int Row, string Column, string Message);

/// <summary>What the error report keeps of a row besides its problems: the name and the masked ID number, to find it.</summary>
public sealed record ImportErrorRow(int Row, string Name, string IdNumberMasked);

public sealed record ImportProgressDto(string Phase, int ProcessedRows, bool Done);

/// <summary>
/// Running and recent imports of this server, in memory: the progress a page polls while its upload is being
/// checked or stored, and the last error report of each import. Entries are visible to the account that
/// started them only, and expire after half an hour. In memory is enough: a report is made again by
/// re-checking the file, and a restart ends the running imports anyway.
/// </summary>
public sealed class ImportRegistry(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private const int MaxEntries = 200;
    /// <summary>An error report of a large file holds a problem per row; a few dozen recent ones are plenty.</summary>
    private const int MaxReports = 30;

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    public sealed class Entry(Guid importId, Guid userId, DateTimeOffset startedAt)
    {
        private int processed;
        private volatile int phase;

        public Guid ImportId { get; } = importId;
        public Guid UserId { get; } = userId;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset TouchedAt { get; set; } = startedAt;
        public ImportPhase Phase => (ImportPhase)phase;
        public int ProcessedRows => Volatile.Read(ref processed);
        public bool Done => Phase == ImportPhase.Done;
        public IReadOnlyList<ImportError> Errors { get; private set; } = [];
        public IReadOnlyDictionary<int, ImportErrorRow> ErrorRows { get; private set; } = new Dictionary<int, ImportErrorRow>();

        public void Enter(ImportPhase next)
        {
            Volatile.Write(ref processed, 0);
            phase = (int)next;
        }

        public void Progress(int rows) => Volatile.Write(ref processed, rows);

        public void Finish(int rows, IReadOnlyList<ImportError> errors, IReadOnlyDictionary<int, ImportErrorRow> errorRows)
        {
            Errors = errors;
            ErrorRows = errorRows;
            Volatile.Write(ref processed, rows);
            phase = (int)ImportPhase.Done;
        }
    }

    /// <summary>
    /// Starts an import under the client's id. Null when the id is taken by a running import or by another
    /// account: the caller answers 409.
    /// </summary>
    public Entry? Start(Guid importId, Guid userId)
    {
        Sweep();
        var now = clock.GetUtcNow();
        var fresh = new Entry(importId, userId, now);
        var entry = entries.AddOrUpdate(importId, fresh, (_, old) => old.UserId == userId && old.Done ? fresh : old);
        return ReferenceEquals(entry, fresh) ? entry : null;
    }

    public Entry? Find(Guid importId, Guid userId)
    {
        if (!entries.TryGetValue(importId, out var entry) || entry.UserId != userId)
        {
            return null;
        }
        if (entry.Done && clock.GetUtcNow() - entry.TouchedAt > Lifetime)
        {
            entries.TryRemove(importId, out _);
            return null;
        }
        return entry;
    }

    public void Touch(Entry entry) => entry.TouchedAt = clock.GetUtcNow();

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, entry) in entries)
        {
            if (entry.Done && now - entry.TouchedAt > Lifetime)
            {
                entries.TryRemove(id, out _);
            }
        }
        // A bound on memory whatever the traffic: the oldest finished reports go first.
        foreach (var old in entries.Values.Where(e => e.Done && e.Errors.Count > 0).OrderByDescending(e => e.TouchedAt).Skip(MaxReports))
        {
            entries.TryRemove(old.ImportId, out _);
        }
        if (entries.Count > MaxEntries)
        {
            foreach (var old in entries.Values.Where(e => e.Done).OrderBy(e => e.TouchedAt).Take(entries.Count - MaxEntries))
            {
                entries.TryRemove(old.ImportId, out _);
            }
        }
    }

    public static string PhaseName(ImportPhase phase) => phase switch
    {
        ImportPhase.Reading => "reading",
        ImportPhase.Validating => "validating",
        ImportPhase.Storing => "storing",
        ImportPhase.Done => "done",
    };
}
