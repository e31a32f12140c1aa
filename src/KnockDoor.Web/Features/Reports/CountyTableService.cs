using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// The county's view of the daily reports: the county table of a day, the units × days matrix and the missing list.
/// Not scoped to a user: the callers (endpoints, pages, jobs) check who may see the county.
/// </summary>
public sealed class CountyTableService(AppDbContext db, DailyReportCalculator calculator, TimeProvider clock)
{
    private sealed record Unit(string Code, string Name, ReportUnitKind Kind, string Path, string? ParentName, string? ContactName, string? ContactPhone);

    /// <summary>The townships and institutions of the county, townships first, each in code order; institutions by their township.</summary>
    private async Task<(OrgUnit County, List<Unit> Units)> UnitsAsync(string countyCode, CancellationToken ct)
    {
        var rows = await db.OrgUnits.AsNoTracking()
            .Where(o => o.CountyCode == countyCode && (o.Kind == OrgUnitKind.County || o.Kind == OrgUnitKind.Township || o.Kind == OrgUnitKind.Institution))
            .Select(o => new { o.Code, o.Name, o.Kind, o.Path, o.ParentCode, o.ContactName, o.ContactPhone })
            .ToListAsync(ct);
        var names = rows.ToDictionary(o => o.Code, o => o.Name, StringComparer.Ordinal);
        var county = rows.Single(o => o.Kind == OrgUnitKind.County && o.Code == countyCode);
        var units = rows.Where(o => o.Kind != OrgUnitKind.County)
            .Select(o => new Unit(o.Code, o.Name, o.Kind == OrgUnitKind.Township ? ReportUnitKind.Township : ReportUnitKind.Institution, o.Path,
                o.ParentCode is null ? null : names.GetValueOrDefault(o.ParentCode), o.ContactName, o.ContactPhone))
            .OrderBy(u => u.Kind).ThenBy(u => u.Path, StringComparer.Ordinal)
            .ToList();
        return (new OrgUnit { Code = county.Code, Name = county.Name, Path = county.Path, CountyCode = countyCode, Kind = OrgUnitKind.County }, units);
    }

    public DateOnly TodayOf(Campaign campaign) => DateOnly.FromDateTime(
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId)).DateTime);

    /// <summary>A unit's state from its revisions of a day: on time if it reported before the deadline (a later correction
    /// does not make it late), late if it reported only after, missing if not at all.</summary>
    private static ReportState StateOf(bool anyOnTime) => anyOnTime ? ReportState.OnTime : ReportState.Late;

    /// <summary>The county table of a day for the county's current campaign; null when the county has no campaign.</summary>
    public async Task<CountyTable?> BuildAsync(string countyCode, DateOnly day, CancellationToken ct)
    {
        var campaign = await CampaignEndpoints.CurrentAsync(db, countyCode, ct);
        if (campaign is null)
        {
            return null;
        }
        var (county, units) = await UnitsAsync(countyCode, ct);
        var reports = await db.DailyReports.AsNoTracking()
            .Where(r => r.CountyCode == countyCode && r.CampaignId == campaign.Id && r.Day == day)
            .Select(r => new { r.OrgUnitCode, r.Revision, r.OnTime, r.IsLatest, r.SubmittedAt, r.SubmittedByName, Figures = r.IsLatest ? r.Figures : null })
            .ToListAsync(ct);
        var byUnit = reports.GroupBy(r => r.OrgUnitCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Units that have not reported show what the records say; one pass of grouped queries computes them all.
        var missing = units.Where(u => !byUnit.ContainsKey(u.Code)).Select(u => new ReportUnit(u.Code, u.Path, u.Kind)).ToList();
        var computed = missing.Count == 0
            ? []
            : await calculator.ComputeManyAsync(campaign.Id, countyCode, county.Path, missing, day, ct);
        var computedByCode = computed.ToDictionary(kv => kv.Key.Code, kv => kv.Value, StringComparer.Ordinal);

        var rows = units.Select(u =>
        {
            if (byUnit.TryGetValue(u.Code, out var revisions))
            {
                var latest = revisions.Single(r => r.IsLatest);
                var figures = DailyReportService.ParseCells(latest.Figures!)
                    .ToDictionary(c => c.Key, c => new FigureValue(c.Today, c.Cumulative), StringComparer.Ordinal);
                // The state comes from the first submission; the figures from the latest.
                var first = revisions.MinBy(r => r.Revision)!;
                return new CountyTableRow(u.Code, u.Name, u.Kind, u.ParentName, u.ContactName, u.ContactPhone, StateOf(revisions.Any(r => r.OnTime)),
                    latest.Revision, first.SubmittedAt, latest.SubmittedByName, figures);
            }
            return new CountyTableRow(u.Code, u.Name, u.Kind, u.ParentName, u.ContactName, u.ContactPhone, ReportState.Missing, null, null, null,
                computedByCode[u.Code]);
        }).ToList();

        CountyTableSection Section(ReportUnitKind kind, string title)
        {
            var figures = DailyFigures.Of(kind);
            var sectionRows = rows.Where(r => r.Kind == kind).ToList();
            return new CountyTableSection(kind, title, figures, sectionRows, Total(sectionRows, figures));
        }
        return new CountyTable(county.Code, county.Name, campaign.Id, campaign.Name, campaign.DocumentNumber, day,
            DailyReportService.DeadlineOf(campaign, day), clock.GetUtcNow(),
            Section(ReportUnitKind.Township, "乡镇（街道）"), Section(ReportUnitKind.Institution, "养老机构"));
    }

    /// <summary>Units × days from <paramref name="from"/> (default: the campaign's start) to <paramref name="to"/> (default: today).</summary>
    public async Task<ReportMatrix?> MatrixAsync(string countyCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var campaign = await CampaignEndpoints.CurrentAsync(db, countyCode, ct);
        if (campaign is null)
        {
            return null;
        }
        var today = TodayOf(campaign);
        var last = to ?? Min(today, campaign.SummaryEnd);
        var first = from ?? campaign.MobilisationStart;
        if (first < campaign.MobilisationStart)
        {
            first = campaign.MobilisationStart;
        }
        if (last > today)
        {
            last = today;
        }
        var days = new List<DateOnly>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            days.Add(d);
        }
        var (_, units) = await UnitsAsync(countyCode, ct);
        var states = (await db.DailyReports.AsNoTracking()
                .Where(r => r.CountyCode == countyCode && r.CampaignId == campaign.Id && r.Day >= first && r.Day <= last)
                .GroupBy(r => new { r.OrgUnitCode, r.Day })
                .Select(g => new { g.Key.OrgUnitCode, g.Key.Day, OnTime = g.Max(r => r.OnTime ? 1 : 0) })
                .ToListAsync(ct))
            .ToDictionary(x => (x.OrgUnitCode, x.Day), x => StateOf(x.OnTime == 1));

        var rows = units.Select(u => new ReportMatrixRow(u.Code, u.Name, u.Kind, u.ParentName,
            [.. days.Select(d => states.GetValueOrDefault((u.Code, d), ReportState.Missing))])).ToList();
        var counts = days.Select((d, i) => new ReportDayCount(d,
            rows.Count(r => r.States[i] == ReportState.OnTime),
            rows.Count(r => r.States[i] == ReportState.Late),
            rows.Count(r => r.States[i] == ReportState.Missing))).ToList();
        return new ReportMatrix(countyCode, campaign.Id, today, days, rows, counts);
    }

    /// <summary>The townships and institutions with no report for the day (empty when the county has no campaign).</summary>
    public async Task<IReadOnlyList<MissingUnit>> MissingAsync(string countyCode, DateOnly day, CancellationToken ct)
    {
        var campaign = await CampaignEndpoints.CurrentAsync(db, countyCode, ct);
        if (campaign is null)
        {
            return [];
        }
        var (_, units) = await UnitsAsync(countyCode, ct);
        var reported = (await db.DailyReports.AsNoTracking()
                .Where(r => r.CountyCode == countyCode && r.CampaignId == campaign.Id && r.Day == day && r.IsLatest)
                .Select(r => r.OrgUnitCode).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        return [.. units.Where(u => !reported.Contains(u.Code))
            .Select(u => new MissingUnit(u.Code, u.Name, u.Kind, u.ParentName, u.ContactName, u.ContactPhone))];
    }

    /// <summary>The total row of some rows: sums, and the coverage recomputed from the sums. A figure a row lacks counts 0.</summary>
    public static IReadOnlyDictionary<string, FigureValue> Total(IEnumerable<CountyTableRow> rows, IReadOnlyList<FigureDefinition> figures)
    {
        var list = rows.ToList();
        var total = new Dictionary<string, FigureValue>(StringComparer.Ordinal);
        foreach (var f in figures)
        {
            var today = list.Sum(r => r.Figures.TryGetValue(f.Key, out var v) ? v.Today : 0);
            decimal? cumulative = f.Cumulates ? list.Sum(r => r.Figures.TryGetValue(f.Key, out var v) ? v.Cumulative ?? 0 : 0) : null;
            total[f.Key] = new FigureValue(today, cumulative);
        }
        if (total.TryGetValue(DailyFigures.Coverage, out _))
        {
            var targets = total[DailyFigures.TargetsTotal];
            var visited = total[DailyFigures.VisitedTotal];
            total[DailyFigures.Coverage] = new FigureValue(DailyReportCalculator.Percent(visited.Today, targets.Today),
                DailyReportCalculator.Percent(visited.Cumulative ?? 0, targets.Cumulative ?? 0));
        }
        return total;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
