using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Hazards;

/// <summary>One China day of the down-to-zero chart: found that day, closed that day, pending (未销号) at its end.</summary>
public sealed record TrendDay(DateOnly Day, int Found, int Closed, int Pending);

/// <summary>The daily series of one unit, with its totals to today; Overdue: deadline passed and still Open or Assigned.</summary>
public sealed record TrendSeries(string Code, string Name, string Kind, int Found, int Closed, int Pending, int Overdue, IReadOnlyList<TrendDay> Days);

/// <summary>A pending hazard of the "oldest first" list; Place is the village or institution.</summary>
public sealed record PendingHazard(Guid Id, DateOnly FoundDay, int DaysOpen, string OrgUnitCode, string? Place, string? ItemCode, string Description,
    HazardStatus Status, string StatusName, string? AssigneeName, DateOnly? Deadline, bool Overdue);

public sealed record HazardTrendReport(string Code, string Name, string Kind, string? ParentCode, Guid? CampaignId, string? CampaignName,
    DateOnly? Start, DateOnly Today, TrendSeries Total, IReadOnlyList<TrendSeries> Units, IReadOnlyList<PendingHazard> OldestPending);

/// <summary>
/// The down-to-zero view (动态清零) of a campaign and a unit: per China day from the campaign's start to today, the
/// hazards found, closed, and pending at the day's end (everything found so far less everything closed so far).
/// Two grouped statements make every series: hazards per (child unit, day found) on IX_Hazards_Found and per
/// (child unit, day closed) on IX_Hazards_Closed, the child unit being the OrgPath cut after the child's code.
/// A third groups the overdue per child; the oldest pending are one ordered page. No hazard rows are loaded for the
/// series. Hazards found or closed before the campaign's start (should not happen) count into its first day. The days
/// run to today, or for a campaign that is over, to its last day (or the last day a hazard was found or closed).
/// </summary>
public sealed class HazardTrendService(AppDbContext db, TimeProvider clock)
{
    public const int OldestCount = 20;

    public DateOnly Today() => ChinaTime.Today(clock);

    /// <summary>The unit asked for (default: the caller's own), visible to the caller, else 404.</summary>
    public async Task<OrgUnit> UnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        var wanted = string.IsNullOrWhiteSpace(code) ? user.OrgUnitCode : code.Trim();
        return await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == wanted, ct)
            ?? throw new AppProblemException(Problems.NotFound);
    }

    /// <summary>The campaign asked for (of the caller's county, else 404), or the county's current one as visits pick it.</summary>
    private async Task<Campaign?> CampaignAsync(CurrentUser user, Guid? campaignId, CancellationToken ct)
    {
        if (campaignId is not { } id)
        {
            return await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        }
        return await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.CountyCode == user.CountyCode, ct)
            ?? throw new AppProblemException(Problems.NotFound);
    }

    public async Task<HazardTrendReport> TrendAsync(CurrentUser user, string? orgUnit, Guid? campaignId, CancellationToken ct)
    {
        var unit = await UnitAsync(user, orgUnit, ct);
        var campaign = await CampaignAsync(user, campaignId, ct);
        var today = Today();
        var children = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.ParentCode == unit.Code && o.Path.StartsWith(unit.Path))
            .Select(o => new { o.Code, o.Name, o.Kind, o.Path }).ToListAsync(ct);
        children = [.. children.OrderBy(c => c.Kind).ThenBy(c => c.Code, StringComparer.Ordinal)];
        var parentCode = user.Sees(ParentPath(unit.Path)) ? unit.ParentCode : null;
        var kind = OrgUnit.KindName(unit.Kind);
        if (campaign is null)
        {
            var empty = new TrendSeries(unit.Code, "合计", kind, 0, 0, 0, 0, []);
            return new HazardTrendReport(unit.Code, unit.Name, kind, parentCode, null, null, null, today, empty, [], []);
        }

        var start = campaign.MobilisationStart;
        var id = campaign.Id;
        var scoped = db.Hazards.AsNoTracking().VisibleTo(user, db).Where(h => h.CampaignId == id && h.OrgPath.StartsWith(unit.Path));
        // Cut every path after the longest child's code: the first segment below the unit names the child (or, when
        // the cut is the unit's own path, the unit itself). Without children the cut is the unit's path: one group per day.
        var cut = children.Count == 0 ? unit.Path.Length : children.Max(c => c.Path.Length);

        var found = await scoped
            .GroupBy(h => new { Prefix = h.OrgPath.Substring(0, cut), h.FoundDay })
            .Select(g => new { g.Key.Prefix, Day = g.Key.FoundDay, Count = g.Count() })
            .ToListAsync(ct);
        var closed = await scoped.Where(h => h.ClosedDay != null)
            .GroupBy(h => new { Prefix = h.OrgPath.Substring(0, cut), h.ClosedDay })
            .Select(g => new { g.Key.Prefix, Day = g.Key.ClosedDay!.Value, Count = g.Count() })
            .ToListAsync(ct);
        var overdue = await scoped.Where(h => (h.Status == HazardStatus.Open || h.Status == HazardStatus.Assigned) && h.Deadline < today)
            .GroupBy(h => h.OrgPath.Substring(0, cut))
            .Select(g => new { Prefix = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        // The chart runs to today; once the campaign is over, to its last day or the last hazard found or closed after it,
        // so that a past winter's chart does not trail a year of flat days (the last point is still today's pending).
        var last = today;
        if (today > campaign.SummaryEnd)
        {
            var lastActivity = found.Select(g => g.Day).Concat(closed.Select(g => g.Day)).Where(d => d <= today).DefaultIfEmpty(start).Max();
            last = lastActivity > campaign.SummaryEnd ? lastActivity : campaign.SummaryEnd;
        }
        var days = last < start ? 0 : last.DayNumber - start.DayNumber + 1;
        var acc = new Dictionary<string, Counts>(StringComparer.Ordinal);
        Counts For(string prefix)
        {
            var key = ChildOf(unit.Path, prefix);
            if (!acc.TryGetValue(key, out var c))
            {
                c = new Counts(days);
                acc[key] = c;
            }
            return c;
        }
        int Index(DateOnly day) => Math.Max(0, day.DayNumber - start.DayNumber);
        foreach (var g in found)
        {
            For(g.Prefix).AddFound(Index(g.Day), g.Count);
        }
        foreach (var g in closed)
        {
            For(g.Prefix).AddClosed(Index(g.Day), g.Count);
        }
        foreach (var g in overdue)
        {
            For(g.Prefix).Overdue += g.Count;
        }
        var total = new Counts(days);
        foreach (var c in acc.Values)
        {
            total.Add(c);
        }

        var units = new List<TrendSeries>();
        foreach (var c in children)
        {
            var counts = acc.GetValueOrDefault(c.Code);
            // Institutions without hazards are not part of the household campaign's chart.
            if (c.Kind == OrgUnitKind.Institution && counts is null)
            {
                continue;
            }
            units.Add((counts ?? new Counts(days)).Series(c.Code, c.Name, OrgUnit.KindName(c.Kind), start));
        }
        // Hazards recorded at the unit itself (e.g. a township's own), so that the rows add up to the total.
        if (children.Count > 0 && acc.TryGetValue(unit.Code, out var own))
        {
            units.Add(own.Series(unit.Code, unit.Name + "(本级)", kind, start));
        }

        var oldest = await OldestPendingAsync(scoped, today, ct);
        return new HazardTrendReport(unit.Code, unit.Name, kind, parentCode, campaign.Id, campaign.Name, start, today,
            total.Series(unit.Code, "合计", kind, start), units, oldest);
    }

    private async Task<List<PendingHazard>> OldestPendingAsync(IQueryable<Hazard> scoped, DateOnly today, CancellationToken ct)
    {
        var rows = await scoped
            .Where(h => h.Status == HazardStatus.Open || h.Status == HazardStatus.Assigned
                || h.Status == HazardStatus.ReportedFixed || h.Status == HazardStatus.Escalated)
            .OrderBy(h => h.FoundAt).ThenBy(h => h.Id)
            .Take(OldestCount)
            .Select(h => new { h.Id, h.FoundDay, h.OrgUnitCode, h.ItemCode, h.Description, h.Status, h.AssigneeName, h.Deadline })
            .ToListAsync(ct);
        var codes = rows.Select(r => r.OrgUnitCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return [.. rows.Select(r => new PendingHazard(r.Id, r.FoundDay, Math.Max(0, today.DayNumber - r.FoundDay.DayNumber), r.OrgUnitCode,
            names.GetValueOrDefault(r.OrgUnitCode), r.ItemCode, r.Description, r.Status, HazardNames.Status(r.Status), r.AssigneeName, r.Deadline,
            HazardLifecycle.IsDue(r.Status) && r.Deadline < today))];
    }

    /// <summary>The child code a cut path belongs to: its first segment below the unit, or the unit's own code.</summary>
    private static string ChildOf(string unitPath, string prefix)
    {
        var rest = prefix.Length > unitPath.Length ? prefix[unitPath.Length..] : "";
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (rest.Length == 0)
        {
            var trimmed = unitPath.TrimEnd('/');
            return trimmed[(trimmed.LastIndexOf('/') + 1)..];
        }
        return slash < 0 ? rest : rest[..slash];
    }

    private static string ParentPath(string path)
    {
        var trimmed = path.TrimEnd('/');
        var cut = trimmed.LastIndexOf('/');
        return cut < 0 ? "" : trimmed[..(cut + 1)];
    }

    /// <summary>Found and closed per day of one unit; days after today (a skewed clock) are left out.</summary>
    private sealed class Counts(int days)
    {
        private readonly int[] _found = new int[days];
        private readonly int[] _closed = new int[days];

        public int Overdue { get; set; }

        public void AddFound(int index, int count)
        {
            if (index < _found.Length)
            {
                _found[index] += count;
            }
        }

        public void AddClosed(int index, int count)
        {
            if (index < _closed.Length)
            {
                _closed[index] += count;
            }
        }

        public void Add(Counts other)
        {
            for (var i = 0; i < _found.Length; i++)
            {
                _found[i] += other._found[i];
                _closed[i] += other._closed[i];
            }
            Overdue += other.Overdue;
        }

        public TrendSeries Series(string code, string name, string kind, DateOnly start)
        {
            var list = new List<TrendDay>(_found.Length);
            int found = 0, closed = 0;
            for (var i = 0; i < _found.Length; i++)
            {
                found += _found[i];
                closed += _closed[i];
                list.Add(new TrendDay(start.AddDays(i), _found[i], _closed[i], found - closed));
            }
            return new TrendSeries(code, name, kind, found, closed, found - closed, Overdue, list);
        }
    }
}
