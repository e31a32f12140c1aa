using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Coverage;

public sealed record NonContactCounts(int NobodyHome, int Refused, int MovedAway, int Deceased, int Other)
{
    public static readonly NonContactCounts Zero = new(0, 0, 0, 0, 0);

    public int Total => NobodyHome + Refused + MovedAway + Deceased + Other;

    public NonContactCounts Add(VisitOutcome outcome, int count) => outcome switch
    {
        VisitOutcome.Visited => this,
        VisitOutcome.NobodyHome => this with { NobodyHome = NobodyHome + count },
        VisitOutcome.Refused => this with { Refused = Refused + count },
        VisitOutcome.MovedAway => this with { MovedAway = MovedAway + count },
        VisitOutcome.Deceased => this with { Deceased = Deceased + count },
        VisitOutcome.Other => this with { Other = Other + count },
    };

    public NonContactCounts Plus(NonContactCounts o) =>
        new(NobodyHome + o.NobodyHome, Refused + o.Refused, MovedAway + o.MovedAway, Deceased + o.Deceased, Other + o.Other);
}

public sealed record CoverageRow(string Code, string Name, string Kind, int Targets, int Visited, double Coverage, NonContactCounts NonContact);

public sealed record CoverageReport(string Code, string Name, string Kind, string? ParentCode, Guid? CampaignId, string? CampaignName,
    IReadOnlyList<CoverageRow> Units, CoverageRow Total);

public sealed record UnvisitedItem(Guid TargetId, string Name, string Categories, string IdNumberMasked, string PhoneMasked,
    string OrgUnitCode, string? VillageName, string? WorkerName, DateOnly? PlannedDate, VisitOutcome? LastOutcome, DateTimeOffset? LastVisitAt);

public sealed record UnvisitedPage(int Total, int Page, int PageSize, IReadOnlyList<UnvisitedItem> Items);

/// <summary>
/// Coverage (覆盖率) of the current campaign, from two grouped queries that each read one covering index: the
/// registered people per village (Targets), and per village the people visited and the latest outcome of the others
/// (<see cref="TargetProgress"/>, one row per person with a visit, kept by <see cref="TargetProgressWriter"/>).
/// People without a row count as registered and not visited. The villages are then summed up the org tree in memory.
/// </summary>
public sealed class CoverageService(AppDbContext db)
{
    /// <summary>The unit asked for (default: the caller's own), visible to the caller, else 404.</summary>
    public async Task<OrgUnit> UnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        var wanted = string.IsNullOrWhiteSpace(code) ? user.OrgUnitCode : code.Trim();
        return await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == wanted, ct)
            ?? throw new AppProblemException(Problems.NotFound);
    }

    private IQueryable<Target> Targets(CurrentUser user, OrgUnit unit, TargetCategory? category)
    {
        var query = db.Targets.AsNoTracking().VisibleTo(user)
            .Where(t => t.OrgPath.StartsWith(unit.Path) && t.Status == TargetStatus.Active);
        if (category is { } c && c != TargetCategory.None)
        {
            query = query.Where(t => (t.Categories & c) != 0);
        }
        return query;
    }

    /// <summary>The progress rows of the same people as <see cref="Targets"/> (filtered on the rows' copies of the target).</summary>
    private IQueryable<TargetProgress> Progress(CurrentUser user, OrgUnit unit, TargetCategory? category, Guid campaignId)
    {
        var query = db.TargetProgress.AsNoTracking().VisibleTo(user)
            .Where(p => p.CampaignId == campaignId && p.OrgPath.StartsWith(unit.Path) && p.Status == TargetStatus.Active);
        if (category is { } c && c != TargetCategory.None)
        {
            query = query.Where(p => (p.Categories & c) != 0);
        }
        return query;
    }

    public async Task<CoverageReport> ReportAsync(CurrentUser user, string? orgUnit, TargetCategory? category, CancellationToken ct)
    {
        var unit = await UnitAsync(user, orgUnit, ct);
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;

        var registered = await Targets(user, unit, category)
            .GroupBy(t => t.OrgUnitCode)
            .Select(g => new { OrgUnitCode = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var progress = await Progress(user, unit, category, campaignId)
            .GroupBy(p => new { p.OrgUnitCode, p.Visited, p.LastOutcome })
            .Select(g => new { g.Key.OrgUnitCode, g.Key.Visited, g.Key.LastOutcome, Count = g.Count() })
            .ToListAsync(ct);

        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Path.StartsWith(unit.Path))
            .Select(o => new { o.Code, o.Name, o.Kind, o.Path, o.ParentCode }).ToListAsync(ct);
        var pathOf = units.ToDictionary(o => o.Code, o => o.Path);
        var children = units.Where(o => o.ParentCode == unit.Code).OrderBy(o => o.Kind).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();

        // Per child unit of the report (or the unit itself for people registered directly under it).
        string? ChildOf(string orgUnitCode)
        {
            var path = pathOf.GetValueOrDefault(orgUnitCode);
            if (path is null)
            {
                return null;
            }
            var rest = path[unit.Path.Length..];
            return rest.Length == 0 ? unit.Code : rest[..rest.IndexOf('/', StringComparison.Ordinal)];
        }
        var acc = new Dictionary<string, (int Targets, int Visited, NonContactCounts Non)>();
        foreach (var g in registered)
        {
            if (ChildOf(g.OrgUnitCode) is { } child)
            {
                var current = acc.GetValueOrDefault(child, Empty);
                acc[child] = current with { Targets = current.Targets + g.Count };
            }
        }
        foreach (var g in progress)
        {
            if (ChildOf(g.OrgUnitCode) is { } child)
            {
                var current = acc.GetValueOrDefault(child, Empty);
                acc[child] = g.Visited
                    ? current with { Visited = current.Visited + g.Count }
                    : current with { Non = current.Non.Add(g.LastOutcome, g.Count) };
            }
        }

        CoverageRow Row(string code, string name, OrgUnitKind kind, (int Targets, int Visited, NonContactCounts Non) v) =>
            new(code, name, OrgUnit.KindName(kind), v.Targets, v.Visited, Percent(v.Visited, v.Targets), v.Non);

        var rows = new List<CoverageRow>();
        if (unit.Kind is OrgUnitKind.Village or OrgUnitKind.Institution || children.Count == 0)
        {
            rows.Add(Row(unit.Code, unit.Name, unit.Kind, acc.GetValueOrDefault(unit.Code, Empty)));
        }
        else
        {
            foreach (var c in children)
            {
                var v = acc.GetValueOrDefault(c.Code, Empty);
                // Institutions without anyone registered are not part of the household campaign's figures.
                if (c.Kind == OrgUnitKind.Institution && v.Targets == 0)
                {
                    continue;
                }
                rows.Add(Row(c.Code, c.Name, c.Kind, v));
            }
            // People registered directly under the unit itself (rare), so that the rows add up to the total.
            if (acc.TryGetValue(unit.Code, out var own) && own.Targets > 0)
            {
                rows.Add(Row(unit.Code, unit.Name + "(本级)", unit.Kind, own));
            }
        }
        var total = (acc.Values.Sum(v => v.Targets), acc.Values.Sum(v => v.Visited),
            acc.Values.Aggregate(NonContactCounts.Zero, (s, v) => s.Plus(v.Non)));
        return new CoverageReport(unit.Code, unit.Name, OrgUnit.KindName(unit.Kind), user.Sees(ParentPath(unit.Path)) ? unit.ParentCode : null,
            campaign?.Id, campaign?.Name, rows, Row(unit.Code, "合计", unit.Kind, total));
    }

    public async Task<UnvisitedPage> UnvisitedAsync(CurrentUser user, string? orgUnit, TargetCategory? category, int page, int pageSize, CancellationToken ct)
    {
        var unit = await UnitAsync(user, orgUnit, ct);
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var query = Targets(user, unit, category)
            .Where(t => !db.TargetProgress.Any(p => p.TargetId == t.Id && p.CampaignId == campaignId && p.Visited));
        // Everyone registered less everyone visited: two counts over covering indexes rather than a probe per person.
        var total = await Targets(user, unit, category).CountAsync(ct)
            - await Progress(user, unit, category, campaignId).CountAsync(p => p.Visited, ct);
        // Village codes carry their township's code, so this order groups by township and village and can
        // walk the (OrgUnitCode, Name) index, stopping after one page.
        var rows = await query.OrderBy(t => t.OrgUnitCode).ThenBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(t => new { t.Id, t.Name, t.Categories, t.IdNumber, t.Phone, t.OrgUnitCode }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var lastVisits = await db.TargetProgress.AsNoTracking().VisibleTo(user)
            .Where(p => p.CampaignId == campaignId && ids.Contains(p.TargetId))
            .Select(p => new { p.TargetId, p.LastOutcome, p.LastVisitAt }).ToDictionaryAsync(p => p.TargetId, ct);
        var assignments = await db.Assignments.AsNoTracking().VisibleTo(user)
            .Where(a => a.CampaignId == campaignId && ids.Contains(a.TargetId))
            .Select(a => new { a.TargetId, a.WorkerId, a.PlannedDate }).ToDictionaryAsync(a => a.TargetId, ct);
        var workerIds = assignments.Values.Select(a => a.WorkerId).Distinct().ToList();
        var workers = await db.Users.AsNoTracking().Where(u => workerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var codes = rows.Select(r => r.OrgUnitCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var items = rows.Select(t =>
        {
            var a = assignments.GetValueOrDefault(t.Id);
            var last = lastVisits.GetValueOrDefault(t.Id);
            return new UnvisitedItem(t.Id, t.Name, TargetNames.CategoryList(t.Categories), Core.Common.Masking.IdNumber(t.IdNumber),
                Core.Common.Masking.Phone(t.Phone), t.OrgUnitCode, names.GetValueOrDefault(t.OrgUnitCode),
                a is null ? null : workers.GetValueOrDefault(a.WorkerId), a?.PlannedDate, last?.LastOutcome, last?.LastVisitAt);
        }).ToList();
        return new UnvisitedPage(total, page, pageSize, items);
    }

    private static readonly (int Targets, int Visited, NonContactCounts Non) Empty = (0, 0, NonContactCounts.Zero);

    public static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, 1, MidpointRounding.AwayFromZero);

    private static string ParentPath(string path)
    {
        var trimmed = path.TrimEnd('/');
        var cut = trimmed.LastIndexOf('/');
        return cut < 0 ? "" : trimmed[..(cut + 1)];
    }
}
