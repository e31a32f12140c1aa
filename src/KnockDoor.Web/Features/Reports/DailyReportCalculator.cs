using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Reports;

/// <summary>A computed figure: the day's value and the campaign's so far (up to and including the day).</summary>
public readonly record struct FigureValue(decimal Today, decimal? Cumulative);

/// <summary>
/// Computes the figures of a unit's day from the records, with a few grouped queries (never the rows): the visits
/// under the unit by day, kind and outcome; the distinct visitors; the people visited by category; the registered
/// people by category; the hazards by day found, status, deadline and day closed.
/// </summary>
public sealed class DailyReportCalculator(AppDbContext db)
{
    public async Task<Dictionary<string, FigureValue>> ComputeAsync(Guid campaignId, string unitPath, ReportUnitKind kind, DateOnly day,
        CancellationToken ct) => kind switch
        {
            ReportUnitKind.Township => await TownshipAsync(campaignId, unitPath, day, ct),
            ReportUnitKind.Institution => await InstitutionAsync(campaignId, unitPath, day, ct),
        };

    private sealed record HazardGroup(DateOnly FoundDay, HazardStatus Status, DateOnly? Deadline, DateOnly? ClosedDay, int Count);

    private Task<List<HazardGroup>> HazardsAsync(Guid campaignId, string path, DateOnly day, CancellationToken ct) =>
        db.Hazards.AsNoTracking()
            .Where(h => h.CampaignId == campaignId && h.OrgPath.StartsWith(path) && h.FoundDay <= day)
            .GroupBy(h => new { h.FoundDay, h.Status, h.Deadline, h.ClosedDay })
            .Select(g => new HazardGroup(g.Key.FoundDay, g.Key.Status, g.Key.Deadline, g.Key.ClosedDay, g.Count()))
            .ToListAsync(ct);

    private static FigureValue Count(List<HazardGroup> groups, Func<HazardGroup, bool> today, Func<HazardGroup, bool> cumulative) =>
        new(groups.Where(today).Sum(g => g.Count), groups.Where(cumulative).Sum(g => g.Count));

    private async Task<Dictionary<string, FigureValue>> TownshipAsync(Guid campaignId, string path, DateOnly day, CancellationToken ct)
    {
        var result = new Dictionary<string, FigureValue>(StringComparer.Ordinal);
        var visits = db.Visits.AsNoTracking().Where(v => v.CampaignId == campaignId && v.OrgPath.StartsWith(path) && v.Day <= day);

        var byDay = await visits
            .GroupBy(v => new { v.Day, v.Kind, v.Outcome })
            .Select(g => new { g.Key.Day, g.Key.Kind, g.Key.Outcome, Count = g.Count(), Leaflets = g.Sum(v => v.LeafletsHandedOut), People = g.Sum(v => v.PeopleReached) })
            .ToListAsync(ct);
        FigureValue Visits(Func<ChecklistKind, VisitOutcome, bool> which, Func<int, int, int, int> value) => new(
            byDay.Where(g => g.Day == day && which(g.Kind, g.Outcome)).Sum(g => value(g.Count, g.Leaflets, g.People)),
            byDay.Where(g => which(g.Kind, g.Outcome)).Sum(g => value(g.Count, g.Leaflets, g.People)));
        result[DailyFigures.NobodyHome] = Visits((k, o) => k == ChecklistKind.Household && o == VisitOutcome.NobodyHome, (n, _, _) => n);
        result[DailyFigures.Refused] = Visits((k, o) => k == ChecklistKind.Household && o == VisitOutcome.Refused, (n, _, _) => n);
        result[DailyFigures.Leaflets] = Visits((_, _) => true, (_, l, _) => l);
        result[DailyFigures.PeopleReached] = Visits((_, _) => true, (_, _, p) => p);
        result[DailyFigures.InstitutionInspections] = Visits((k, _) => k == ChecklistKind.Institution, (n, _, _) => n);

        result[DailyFigures.StaffDeployed] = new(
            await visits.Where(v => v.Day == day).Select(v => v.VisitorId).Distinct().CountAsync(ct),
            await visits.Select(v => v.VisitorId).Distinct().CountAsync(ct));

        // Registered people (active) by their combination of categories: a stock, the same in both columns.
        var registered = await db.Targets.AsNoTracking()
            .Where(t => t.OrgPath.StartsWith(path) && t.Status == TargetStatus.Active)
            .GroupBy(t => t.Categories)
            .Select(g => new { Categories = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        // People met (outcome Visited), counted once however many visits: on the day, and on any day so far.
        var met = visits.Where(v => v.Kind == ChecklistKind.Household && v.Outcome == VisitOutcome.Visited && v.TargetId != null)
            .Join(db.Targets.Where(t => t.Status == TargetStatus.Active), v => v.TargetId, t => (Guid?)t.Id,
                (v, t) => new { t.Id, t.Categories, v.Day });
        var metToday = await met.Where(x => x.Day == day).GroupBy(x => x.Categories)
            .Select(g => new { Categories = g.Key, Count = g.Select(x => x.Id).Distinct().Count() }).ToListAsync(ct);
        var metSoFar = await met.GroupBy(x => x.Categories)
            .Select(g => new { Categories = g.Key, Count = g.Select(x => x.Id).Distinct().Count() }).ToListAsync(ct);

        var targetsTotal = registered.Sum(g => g.Count);
        result[DailyFigures.TargetsTotal] = new(targetsTotal, targetsTotal);
        result[DailyFigures.VisitedTotal] = new(metToday.Sum(g => g.Count), metSoFar.Sum(g => g.Count));
        foreach (var (flag, key, _) in DailyFigures.Categories)
        {
            var targets = registered.Where(g => (g.Categories & flag) != 0).Sum(g => g.Count);
            result[DailyFigures.TargetsKey(key)] = new(targets, targets);
            result[DailyFigures.VisitedKey(key)] = new(
                metToday.Where(g => (g.Categories & flag) != 0).Sum(g => g.Count),
                metSoFar.Where(g => (g.Categories & flag) != 0).Sum(g => g.Count));
        }
        var visited = result[DailyFigures.VisitedTotal];
        result[DailyFigures.Coverage] = new(Percent(visited.Today, targetsTotal), Percent(visited.Cumulative ?? 0, targetsTotal));

        // Hazards: "today" counts those found on the day, "cumulative" those found so far; states are as they stand now,
        // except closed (by the day closed) and overdue (deadline passed before the day, not closed by the day).
        var hazards = await HazardsAsync(campaignId, path, day, ct);
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

    private async Task<Dictionary<string, FigureValue>> InstitutionAsync(Guid campaignId, string path, DateOnly day, CancellationToken ct)
    {
        var hazards = await HazardsAsync(campaignId, path, day, ct);
        bool Fixed(HazardGroup g) => g.Status is HazardStatus.FixedOnSpot or HazardStatus.Closed;
        return new(StringComparer.Ordinal)
        {
            [DailyFigures.InstitutionHazardsFound] = Count(hazards, g => g.FoundDay == day, _ => true),
            [DailyFigures.InstitutionHazardsFixed] = Count(hazards, g => Fixed(g) && g.ClosedDay == day, g => Fixed(g) && g.ClosedDay <= day),
        };
    }

    public static decimal Percent(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
