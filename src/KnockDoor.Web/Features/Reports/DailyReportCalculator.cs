using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Reports;

/// <summary>A computed figure: the day's value and the campaign's so far (up to and including the day).</summary>
public readonly record struct FigureValue(decimal Today, decimal? Cumulative);

/// <summary>A township or institution whose figures are wanted: its code, path and kind.</summary>
public sealed record ReportUnit(string Code, string Path, ReportUnitKind Kind);

/// <summary>
/// Computes the figures of units for a day from the records, with a few grouped queries over the whole scope at once
/// (never the rows themselves): visits by village, visitor, day, kind and outcome; the people met on the day; the people
/// met so far by village and categories (<c>TargetProgress.FirstVisitedDay</c>); the registered people by village and
/// categories; the hazards by village, day found, status, deadline and day closed. Each group is then added to every unit whose path holds its village (or institution), so
/// one unit and a whole county are computed by the same code.
/// </summary>
public sealed class DailyReportCalculator(AppDbContext db, IEnumerable<IDailyFigureSource> sources)
{
    /// <summary>The figures of one unit.</summary>
    public async Task<Dictionary<string, FigureValue>> ComputeAsync(Guid campaignId, string countyCode, string unitPath, ReportUnitKind kind, DateOnly day,
        CancellationToken ct)
    {
        var unit = new ReportUnit("", unitPath, kind);
        var all = await ComputeManyAsync(campaignId, countyCode, unitPath, [unit], day, ct);
        return all[unit];
    }

    /// <summary>The figures of every unit given, all under <paramref name="scopePath"/> (a county's path for a county table).</summary>
    public async Task<Dictionary<ReportUnit, Dictionary<string, FigureValue>>> ComputeManyAsync(Guid campaignId, string countyCode, string scopePath,
        IReadOnlyCollection<ReportUnit> units, DateOnly day, CancellationToken ct)
    {
        var townships = units.Where(u => u.Kind == ReportUnitKind.Township).ToList();
        var institutions = units.Where(u => u.Kind == ReportUnitKind.Institution).ToList();
        var hazards = await HazardsAsync(campaignId, scopePath, day, ct);
        var result = new Dictionary<ReportUnit, Dictionary<string, FigureValue>>();
        if (townships.Count > 0)
        {
            var facts = await TownshipFactsAsync(campaignId, countyCode, scopePath, day, ct);
            foreach (var unit in townships)
            {
                result[unit] = Township(facts, hazards, unit.Path, day);
            }
        }
        foreach (var unit in institutions)
        {
            result[unit] = Institution(hazards, unit.Path, day);
        }
        // The other duties' records (patrols, meals, care activities, institutions' logs and trainings) add their figures.
        var start = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => (DateOnly?)c.MobilisationStart).FirstOrDefaultAsync(ct)
            ?? DateOnly.MinValue;
        var scope = new FigureScope(campaignId, countyCode, scopePath, start, day, units);
        foreach (var source in sources)
        {
            await source.AddAsync(scope, result, ct);
        }
        // A computed figure with no record behind it is a zero, never a gap.
        foreach (var (unit, values) in result)
        {
            foreach (var figure in DailyFigures.Of(unit.Kind).Where(f => f.Computed))
            {
                values.TryAdd(figure.Key, new FigureValue(0, figure.Cumulates ? 0 : null));
            }
        }
        return result;
    }

    private sealed record HazardGroup(string Path, DateOnly FoundDay, HazardStatus Status, DateOnly? Deadline, DateOnly? ClosedDay, int Count);

    private sealed record VisitGroup(string Path, Guid VisitorId, bool IsToday, ChecklistKind Kind, VisitOutcome Outcome, int Count, int Leaflets,
        int People);

    private sealed record MetToday(string Path, Guid TargetId, TargetCategory Categories);

    private sealed record PeopleGroup(string Path, TargetCategory Categories, int Count);

    private sealed record TownshipFacts(List<VisitGroup> Visits, List<MetToday> MetToday, List<PeopleGroup> MetSoFar, List<PeopleGroup> Registered);

    // Groups are by the village's (or institution's) path, the finest place a record carries; a unit takes those under its path.
    private Task<List<HazardGroup>> HazardsAsync(Guid campaignId, string path, DateOnly day, CancellationToken ct) =>
        db.Hazards.AsNoTracking()
            .Where(h => h.CampaignId == campaignId && h.FoundDay <= day && h.OrgPath.StartsWith(path))
            .GroupBy(h => new { h.OrgPath, h.FoundDay, h.Status, h.Deadline, h.ClosedDay })
            .Select(g => new HazardGroup(g.Key.OrgPath, g.Key.FoundDay, g.Key.Status, g.Key.Deadline, g.Key.ClosedDay, g.Count()))
            .ToListAsync(ct);

    private async Task<TownshipFacts> TownshipFactsAsync(Guid campaignId, string countyCode, string path, DateOnly day, CancellationToken ct)
    {
        // One pass over the visits up to the day (a covering index): counts and sums by place, visitor, day, kind and
        // outcome; the visit counts and the distinct visitors both come from it.
        var byPlace = await db.Visits.AsNoTracking()
            .Where(v => v.CampaignId == campaignId && v.Day <= day && v.OrgPath.StartsWith(path))
            .GroupBy(v => new { v.OrgPath, v.VisitorId, IsToday = v.Day == day, v.Kind, v.Outcome })
            .Select(g => new VisitGroup(g.Key.OrgPath, g.Key.VisitorId, g.Key.IsToday, g.Key.Kind, g.Key.Outcome, g.Count(),
                g.Sum(v => v.LeafletsHandedOut), g.Sum(v => v.PeopleReached)))
            .ToListAsync(ct);
        // People are counted where they are registered now and by their categories now, as coverage counts them; each
        // once however many visits met them. On the day: the day's visits that met someone (one day of visits).
        var metToday = await db.Visits.AsNoTracking()
            .Where(v => v.CampaignId == campaignId && v.Day == day && v.Kind == ChecklistKind.Household && v.Outcome == VisitOutcome.Visited
                && v.TargetId != null)
            .Join(db.Targets.Where(t => t.Status == TargetStatus.Active && t.OrgPath.StartsWith(path)), v => v.TargetId, t => (Guid?)t.Id,
                (v, t) => new { t.OrgPath, t.Id, t.Categories })
            .Distinct()
            .Select(x => new MetToday(x.OrgPath, x.Id, x.Categories))
            .ToListAsync(ct);
        // So far: the people whose first visit that met them was on or before the day (TargetProgress, one row a person).
        var metSoFar = await db.TargetProgress.AsNoTracking()
            .Where(p => p.CampaignId == campaignId && p.FirstVisitedDay <= day && p.Status == TargetStatus.Active && p.OrgPath.StartsWith(path))
            .GroupBy(p => new { p.OrgPath, p.Categories })
            .Select(g => new PeopleGroup(g.Key.OrgPath, g.Key.Categories, g.Count()))
            .ToListAsync(ct);
        // Registered people (active): a stock, the registry as it stands now, the same in both columns.
        var registered = await db.Targets.AsNoTracking()
            .Where(t => t.CountyCode == countyCode && t.Status == TargetStatus.Active && t.OrgPath.StartsWith(path))
            .GroupBy(t => new { t.OrgPath, t.Categories })
            .Select(g => new PeopleGroup(g.Key.OrgPath, g.Key.Categories, g.Count()))
            .ToListAsync(ct);
        return new TownshipFacts(byPlace, metToday, metSoFar, registered);
    }

    private static bool Under(string path, string unitPath) => path.StartsWith(unitPath, StringComparison.Ordinal);

    private static FigureValue Count(IEnumerable<HazardGroup> groups, Func<HazardGroup, bool> today, Func<HazardGroup, bool> cumulative) =>
        new(groups.Where(today).Sum(g => g.Count), groups.Where(cumulative).Sum(g => g.Count));

    private static Dictionary<string, FigureValue> Township(TownshipFacts facts, List<HazardGroup> allHazards, string path, DateOnly day)
    {
        var result = new Dictionary<string, FigureValue>(StringComparer.Ordinal);
        var groups = facts.Visits.Where(g => Under(g.Path, path)).ToList();
        FigureValue Visits(Func<ChecklistKind, VisitOutcome, bool> which, Func<VisitGroup, int> value) => new(
            groups.Where(g => g.IsToday && which(g.Kind, g.Outcome)).Sum(value),
            groups.Where(g => which(g.Kind, g.Outcome)).Sum(value));
        result[DailyFigures.NobodyHome] = Visits((k, o) => k == ChecklistKind.Household && o == VisitOutcome.NobodyHome, g => g.Count);
        result[DailyFigures.Refused] = Visits((k, o) => k == ChecklistKind.Household && o == VisitOutcome.Refused, g => g.Count);
        result[DailyFigures.Leaflets] = Visits((_, _) => true, g => g.Leaflets);
        result[DailyFigures.PeopleReached] = Visits((_, _) => true, g => g.People);
        result[DailyFigures.InstitutionInspections] = Visits((k, _) => k == ChecklistKind.Institution, g => g.Count);

        var visitors = groups.Where(g => g.IsToday).Select(g => g.VisitorId).Distinct().Count();
        result[DailyFigures.StaffDeployed] = new(visitors, groups.Select(g => g.VisitorId).Distinct().Count());

        var registered = facts.Registered.Where(r => Under(r.Path, path)).ToList();
        var metToday = facts.MetToday.Where(m => Under(m.Path, path)).ToList();
        var metSoFar = facts.MetSoFar.Where(m => Under(m.Path, path)).ToList();
        var targetsTotal = registered.Sum(g => g.Count);
        var visitedTotal = new FigureValue(metToday.Count, metSoFar.Sum(g => g.Count));
        result[DailyFigures.TargetsTotal] = new(targetsTotal, targetsTotal);
        result[DailyFigures.VisitedTotal] = visitedTotal;
        foreach (var (flag, key, _) in DailyFigures.Categories)
        {
            var targets = registered.Where(g => (g.Categories & flag) != 0).Sum(g => g.Count);
            result[DailyFigures.TargetsKey(key)] = new(targets, targets);
            result[DailyFigures.VisitedKey(key)] = new(
                metToday.Count(m => (m.Categories & flag) != 0),
                metSoFar.Where(g => (g.Categories & flag) != 0).Sum(g => g.Count));
        }
        result[DailyFigures.Coverage] = new(Percent(visitedTotal.Today, targetsTotal), Percent(visitedTotal.Cumulative ?? 0, targetsTotal));

        // Hazards: "today" counts those found on the day, "cumulative" those found so far; states are as they stand now,
        // except closed (by the day closed) and overdue (deadline passed before the day, not closed by the day).
        var hazards = allHazards.Where(h => Under(h.Path, path)).ToList();
        bool Found(HazardGroup g) => g.FoundDay == day;
        bool Overdue(HazardGroup g) => g.Status != HazardStatus.FixedOnSpot && g.Deadline < day && (g.ClosedDay is null || g.ClosedDay > day);
        bool Rectifying(HazardGroup g) => g.Status is HazardStatus.Assigned or HazardStatus.ReportedFixed;
        result[DailyFigures.HazardsFound] = Count(hazards, Found, _ => true);
        result[DailyFigures.HazardsFixedOnSpot] = Count(hazards, g => Found(g) && g.Status == HazardStatus.FixedOnSpot, g => g.Status == HazardStatus.FixedOnSpot);
        result[DailyFigures.HazardsUnderRectification] = Count(hazards, g => Found(g) && Rectifying(g), Rectifying);
        result[DailyFigures.HazardsClosed] = Count(hazards, g => g.Status == HazardStatus.Closed && g.ClosedDay == day,
            g => g.Status == HazardStatus.Closed && g.ClosedDay <= day);
        result[DailyFigures.HazardsOverdue] = Count(hazards, g => Found(g) && Overdue(g), Overdue);
        result[DailyFigures.HazardsEscalated] = Count(hazards, g => Found(g) && g.Status == HazardStatus.Escalated, g => g.Status == HazardStatus.Escalated);
        return result;
    }

    private static Dictionary<string, FigureValue> Institution(List<HazardGroup> allHazards, string path, DateOnly day)
    {
        var hazards = allHazards.Where(h => Under(h.Path, path)).ToList();
        bool Fixed(HazardGroup g) => g.Status is HazardStatus.FixedOnSpot or HazardStatus.Closed;
        return new(StringComparer.Ordinal)
        {
            [DailyFigures.InstitutionHazardsFound] = Count(hazards, g => g.FoundDay == day, _ => true),
            [DailyFigures.InstitutionHazardsFixed] = Count(hazards, g => Fixed(g) && g.ClosedDay == day, g => Fixed(g) && g.ClosedDay <= day),
        };
    }

    public static decimal Percent(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
