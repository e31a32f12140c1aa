using System.Globalization;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Hazards;

/// <summary>
/// The ledger's filters as they come in a query string (the API, the export and the page read the same names):
/// campaign, orgUnit, status (repeatable; a status name or "pending"), severity, item, category, overdue, dueSoon,
/// assignee, sort ("found" or "deadline") and p (page).
/// </summary>
public sealed record LedgerQuery(string? Campaign = null, string? OrgUnit = null, IReadOnlyList<string>? Status = null, string? Severity = null,
    string? Item = null, string? Category = null, string? Overdue = null, string? DueSoon = null, string? Assignee = null, string? Sort = null,
    string? Page = null)
{
    public static LedgerQuery From(IQueryCollection query)
    {
        string? One(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var statuses = query.TryGetValue("status", out var s)
            ? s.SelectMany(x => (x ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [];
        return new LedgerQuery(One("campaignId"), One("orgUnit"), statuses, One("severity"), One("item"), One("category"), One("overdue"),
            One("dueSoon"), One("assignee"), One("sort"), One("p"));
    }

    /// <summary>The query string of these filters, with another page (or none), for links and the export.</summary>
    public string ToQueryString(int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(new(key, value));
            }
        }
        Add("campaignId", Campaign);
        Add("orgUnit", OrgUnit);
        foreach (var status in Status ?? [])
        {
            Add("status", status);
        }
        Add("severity", Severity);
        Add("item", Item);
        Add("category", Category);
        Add("overdue", Overdue);
        Add("dueSoon", DueSoon);
        Add("assignee", Assignee);
        Add("sort", Sort);
        if (page is > 1)
        {
            Add("p", page.Value.ToString(CultureInfo.InvariantCulture));
        }
        return QueryString.Create(pairs).ToUriComponent();
    }

    public LedgerQuery WithOrgUnit(string? orgUnit) => this with { OrgUnit = orgUnit, Page = null };
}

/// <summary>The filters, checked. Overdue and DueSoon together mean either of them.</summary>
public sealed record LedgerFilter(Guid? CampaignId, string? OrgUnit, IReadOnlyList<HazardStatus> Statuses, Severity? Severity, string? Item,
    TargetCategory? Category, bool Overdue, bool DueSoon, Guid? Assignee, bool SortByDeadline, int Page);

/// <summary>The unit a ledger is of.</summary>
public sealed record LedgerUnit(string Code, string Name, OrgUnitKind Kind, string Path, string? ParentCode);

/// <summary>One row of the ledger.</summary>
public sealed record LedgerRow(Guid Id, DateOnly FoundDay, string Place, string? PersonName, string VillageName, string TownshipName, string? ItemCode,
    string ItemText, string Description, Severity Severity, HazardStatus Status, string? AssigneeName, Guid? AssigneeId, DateOnly? Deadline,
    int DaysOverdue, bool DueSoon, DateOnly? ClosedDay, Guid? VisitId, Guid? TargetId, int PhotoCount, string? Measures);

/// <summary>The counts of one child unit (a township of the county, a village or institution of a township).</summary>
public sealed record LedgerSummaryRow(string Code, string Name, OrgUnitKind Kind, bool HasChildren, int Found, int Pending, int Overdue, int DueSoon,
    int Escalated, int Closed);

public sealed record LedgerCampaign(Guid Id, string Name);

public sealed record LedgerResult(LedgerCampaign? Campaign, LedgerUnit Unit, DateOnly Today, int Page, int PageSize, int Total,
    IReadOnlyList<LedgerRow> Rows, IReadOnlyList<LedgerSummaryRow> Summary);

/// <summary>
/// The hazard ledger (隐患排查整改台账) of a campaign and an org unit, in the caller's scope: one filtered query for the
/// list, the count and the export, ordered newest found first (or by deadline), and the counts per child unit.
/// Filtering and paging happen in the database; only a page (or, for the export, one row at a time) is read.
/// </summary>
public sealed class HazardLedger(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;
    public const string PendingKey = "pending";

    /// <summary>未销号: the statuses <see cref="HazardLifecycle.IsPending"/> calls pending.</summary>
    public static readonly HazardStatus[] PendingStatuses = [.. Enum.GetValues<HazardStatus>().Where(HazardLifecycle.IsPending)];

    /// <summary>The statuses whose deadline bites (<see cref="HazardLifecycle.IsDue"/>): overdue and due soon count only these.</summary>
    public static readonly HazardStatus[] DueStatuses = [.. Enum.GetValues<HazardStatus>().Where(HazardLifecycle.IsDue)];

    public static readonly HazardStatus[] ClosedStatuses = [.. Enum.GetValues<HazardStatus>().Where(HazardLifecycle.IsClosed)];

    public DateOnly Today() => ChinaTime.Today(clock);

    /// <summary>Checks the filters: a bad value is a 400 with its own code, never silently ignored.</summary>
    public static LedgerFilter Parse(LedgerQuery q)
    {
        Guid? campaign = null;
        if (q.Campaign is { } c)
        {
            campaign = Guid.TryParse(c, out var id) ? id : throw Invalid("行动编号(campaign)无效");
        }
        var statuses = new HashSet<HazardStatus>();
        foreach (var s in q.Status ?? [])
        {
            if (string.Equals(s, PendingKey, StringComparison.OrdinalIgnoreCase))
            {
                statuses.UnionWith(PendingStatuses);
            }
            else if (Enum.TryParse<HazardStatus>(s, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(s, out _))
            {
                statuses.Add(status);
            }
            else
            {
                throw Invalid($"状态(status)“{Short(s)}”无效");
            }
        }
        Severity? severity = null;
        if (q.Severity is { } sev)
        {
            severity = Enum.TryParse<Severity>(sev, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(sev, out _)
                ? v : throw Invalid($"严重程度(severity)“{Short(sev)}”无效");
        }
        TargetCategory? category = null;
        if (q.Category is { } cat)
        {
            var named = TargetNames.Categories.Where(x => string.Equals(x.Category.ToString(), cat, StringComparison.OrdinalIgnoreCase)).ToList();
            category = named.Count == 1 ? named[0].Category : throw Invalid($"人员类别(category)“{Short(cat)}”无效");
        }
        Guid? assignee = null;
        if (q.Assignee is { } a)
        {
            assignee = Guid.TryParse(a, out var id) ? id : throw Invalid("整改责任人(assignee)无效");
        }
        var item = q.Item?.Trim();
        if (item is { Length: > 16 })
        {
            throw Invalid("检查项目(item)无效");
        }
        var sortByDeadline = q.Sort switch
        {
            null or "found" => false,
            "deadline" => true,
            _ => throw Invalid("排序(sort)只能是 found 或 deadline"),
        };
        var page = 1;
        if (q.Page is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            throw Invalid("页码(p)无效");
        }
        return new LedgerFilter(campaign, q.OrgUnit, [.. statuses.Order()], severity, string.IsNullOrEmpty(item) ? null : item, category,
            Flag(q.Overdue, "overdue"), Flag(q.DueSoon, "dueSoon"), assignee, sortByDeadline, page);
    }

    private static bool Flag(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null or "false" or "0" => false,
        "true" or "1" or "on" => true,
        _ => throw Invalid($"{name} 只能是 true 或 false"),
    };

    private static string Short(string value) => value.Length <= 20 ? value : value[..20] + "…";

    /// <summary>The campaign (the one asked for, else the county's active one, as visits pick it) and the unit (default: the caller's).</summary>
    public async Task<(LedgerCampaign? Campaign, LedgerUnit Unit)> ResolveAsync(CurrentUser user, LedgerFilter filter, CancellationToken ct)
    {
        var campaigns = db.Campaigns.AsNoTracking().Where(c => c.CountyCode == user.CountyCode);
        var campaign = filter.CampaignId is { } id
            ? await campaigns.Where(c => c.Id == id).Select(c => new LedgerCampaign(c.Id, c.Name)).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.NotFound)
            : await campaigns.OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart)
                .Select(c => new LedgerCampaign(c.Id, c.Name)).FirstOrDefaultAsync(ct);
        var code = filter.OrgUnit ?? user.OrgUnitCode;
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Code == code)
            .Select(o => new LedgerUnit(o.Code, o.Name, o.Kind, o.Path, o.ParentCode)).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.OrgUnitUnknown);
        return (campaign, unit);
    }

    /// <summary>The hazards of the campaign and unit in the caller's scope, before the row filters.</summary>
    public IQueryable<Hazard> OfUnit(CurrentUser user, LedgerCampaign? campaign, LedgerUnit unit)
    {
        if (campaign is null)
        {
            return db.Hazards.Where(h => false);
        }
        var campaignId = campaign.Id;
        var path = unit.Path;
        return db.Hazards.AsNoTracking().VisibleTo(user, db).Where(h => h.CampaignId == campaignId && h.OrgPath.StartsWith(path));
    }

    /// <summary>The filtered hazards, unordered.</summary>
    public IQueryable<Hazard> Filtered(CurrentUser user, LedgerCampaign? campaign, LedgerUnit unit, LedgerFilter filter, DateOnly today)
    {
        var query = OfUnit(user, campaign, unit);
        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses.ToArray();
            query = query.Where(h => statuses.Contains(h.Status));
        }
        if (filter.Severity is { } severity)
        {
            query = query.Where(h => h.Severity == severity);
        }
        if (filter.Item is { } item)
        {
            query = query.Where(h => h.ItemCode == item);
        }
        if (filter.Category is { } category)
        {
            query = query.Where(h => (h.Categories & category) == category);
        }
        if (filter.Assignee is { } assignee)
        {
            query = query.Where(h => h.AssigneeId == assignee);
        }
        var due = DueStatuses;
        var tomorrow = today.AddDays(1);
        if (filter.Overdue && filter.DueSoon)
        {
            query = query.Where(h => due.Contains(h.Status) && h.Deadline != null && h.Deadline <= tomorrow);
        }
        else if (filter.Overdue)
        {
            query = query.Where(h => due.Contains(h.Status) && h.Deadline != null && h.Deadline < today);
        }
        else if (filter.DueSoon)
        {
            query = query.Where(h => due.Contains(h.Status) && h.Deadline != null && h.Deadline >= today && h.Deadline <= tomorrow);
        }
        return query;
    }

    private sealed record RawRow(Guid Id, DateTimeOffset FoundAt, DateOnly FoundDay, string OrgUnitCode, string? PersonName, string? Address, Guid? TemplateId,
        string? ItemCode, string Description, Severity Severity, HazardStatus Status, string? AssigneeName, Guid? AssigneeId, DateOnly? Deadline,
        DateOnly? ClosedDay, Guid? VisitId, Guid? TargetId, int PhotoCount, string? FixNote, string? InterimMeasures, string? ResolutionNote);

    /// <summary>The ledger's order: newest found first, or by deadline (none last), then newest found.</summary>
    public static IQueryable<Hazard> Order(IQueryable<Hazard> hazards, bool sortByDeadline) => sortByDeadline
        ? hazards.OrderBy(h => h.Deadline == null).ThenBy(h => h.Deadline).ThenByDescending(h => h.FoundAt).ThenBy(h => h.Id)
        : hazards.OrderByDescending(h => h.FoundAt).ThenBy(h => h.Id);

    /// <summary>
    /// The rows of hazards (a page, or all of a filter) with what they need from targets, visits and photos, in the
    /// ledger's order. A page is cut before the joins, so that the database joins 50 rows, not the whole unit. The
    /// export has no photo column: it leaves out the count, one probe into the photos per row.
    /// </summary>
    private IQueryable<RawRow> Rows(IQueryable<Hazard> hazards, bool sortByDeadline, bool photoCounts = true)
    {
        var joined =
            from h in hazards
            join t in db.Targets on h.TargetId equals t.Id into tj
            from t in tj.DefaultIfEmpty()
            join v in db.Visits on h.VisitId equals v.Id into vj
            from v in vj.DefaultIfEmpty()
            select new { h, t, v };
        var ordered = sortByDeadline
            ? joined.OrderBy(x => x.h.Deadline == null).ThenBy(x => x.h.Deadline).ThenByDescending(x => x.h.FoundAt).ThenBy(x => x.h.Id)
            : joined.OrderByDescending(x => x.h.FoundAt).ThenBy(x => x.h.Id);
        return ordered.Select(x => new RawRow(x.h.Id, x.h.FoundAt, x.h.FoundDay, x.h.OrgUnitCode, x.t == null ? null : x.t.Name, x.t == null ? null : x.t.Address,
            x.v == null ? null : x.v.TemplateId, x.h.ItemCode, x.h.Description, x.h.Severity, x.h.Status, x.h.AssigneeName, x.h.AssigneeId, x.h.Deadline,
            x.h.ClosedDay, x.h.VisitId, x.h.TargetId, photoCounts ? db.HazardPhotos.Count(p => p.HazardId == x.h.Id) : 0, x.h.FixNote, x.h.InterimMeasures, x.h.ResolutionNote));
    }

    /// <summary>Names the ledger rows need: org units (township, village, institution) and checklist item texts.</summary>
    public sealed class Lookups
    {
        internal Dictionary<string, (string Name, OrgUnitKind Kind, string? ParentCode)> Units { get; init; } = [];
        internal Dictionary<Guid, Dictionary<string, string>> ItemsByTemplate { get; init; } = [];
        internal Dictionary<string, string> CurrentItems { get; init; } = [];

        public string NameOf(string code) => Units.TryGetValue(code, out var u) ? u.Name : code;
    }

    public async Task<Lookups> LookupsAsync(CurrentUser user, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user).Select(o => new { o.Code, o.Name, o.Kind, o.ParentCode }).ToListAsync(ct);
        // The township above a unit may lie outside a village officer's scope: fetch the parents too.
        var parentCodes = units.Where(u => u.ParentCode is not null).Select(u => u.ParentCode!).Distinct().Except(units.Select(u => u.Code)).ToList();
        var parents = await db.OrgUnits.AsNoTracking().Where(o => parentCodes.Contains(o.Code)).Select(o => new { o.Code, o.Name, o.Kind, o.ParentCode }).ToListAsync(ct);
        var templates = await db.ChecklistTemplates.AsNoTracking().Where(t => t.CountyCode == user.CountyCode)
            .Select(t => new { t.Id, t.Definition, t.IsCurrent, t.Kind }).ToListAsync(ct);
        var items = templates.ToDictionary(t => t.Id, t => TemplateCache.Parse(t.Id, t.Definition).AllItems
            .GroupBy(i => i.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal));
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in templates.Where(t => t.IsCurrent).OrderBy(t => t.Kind))
        {
            foreach (var (code, text) in items[t.Id])
            {
                current.TryAdd(code, text);
            }
        }
        return new Lookups
        {
            Units = units.Concat(parents).GroupBy(u => u.Code).ToDictionary(g => g.Key, g => (g.First().Name, g.First().Kind, g.First().ParentCode)),
            ItemsByTemplate = items,
            CurrentItems = current,
        };
    }

    private static LedgerRow ToRow(RawRow r, Lookups lookups, DateOnly today)
    {
        string village = "", township = "", unitName = r.OrgUnitCode;
        if (lookups.Units.TryGetValue(r.OrgUnitCode, out var unit))
        {
            unitName = unit.Name;
            if (unit.Kind == OrgUnitKind.Township)
            {
                township = unit.Name;
            }
            else
            {
                village = unit.Name;
                if (unit.ParentCode is { } p && lookups.Units.TryGetValue(p, out var parent) && parent.Kind == OrgUnitKind.Township)
                {
                    township = parent.Name;
                }
            }
        }
        var itemText = r.ItemCode is null ? r.Description
            : r.TemplateId is { } t && lookups.ItemsByTemplate.TryGetValue(t, out var items) && items.TryGetValue(r.ItemCode, out var text) ? text
            : lookups.CurrentItems.GetValueOrDefault(r.ItemCode, r.Description);
        var isDue = HazardLifecycle.IsDue(r.Status) && r.Deadline is not null;
        var daysOverdue = isDue && r.Deadline!.Value < today ? today.DayNumber - r.Deadline.Value.DayNumber : 0;
        var dueSoon = isDue && r.Deadline!.Value >= today && r.Deadline.Value <= today.AddDays(1);
        var place = r.TargetId is null ? unitName : string.IsNullOrWhiteSpace(r.Address) ? unitName : r.Address!;
        var measures = string.Join("；", new[] { r.FixNote, r.InterimMeasures is null ? null : "临时管控：" + r.InterimMeasures, r.ResolutionNote }
            .Where(m => !string.IsNullOrWhiteSpace(m)));
        return new LedgerRow(r.Id, r.FoundDay, place, r.PersonName, village, township, r.ItemCode, itemText, r.Description, r.Severity, r.Status,
            r.AssigneeName, r.AssigneeId, r.Deadline, daysOverdue, dueSoon, r.ClosedDay, r.VisitId, r.TargetId, r.PhotoCount,
            measures.Length == 0 ? null : measures);
    }

    /// <summary>A page of the ledger, its total and the counts per child unit.</summary>
    public async Task<LedgerResult> ListAsync(CurrentUser user, LedgerFilter filter, CancellationToken ct)
    {
        var (campaign, unit) = await ResolveAsync(user, filter, ct);
        var today = Today();
        var filtered = Filtered(user, campaign, unit, filter, today);
        var total = await filtered.CountAsync(ct);
        var lookups = await LookupsAsync(user, ct);
        var page = Order(filtered, filter.SortByDeadline).Skip((filter.Page - 1) * PageSize).Take(PageSize);
        var raw = await Rows(page, filter.SortByDeadline).ToListAsync(ct);
        var summary = await SummaryAsync(user, campaign, unit, lookups, today, ct);
        return new LedgerResult(campaign, unit, today, filter.Page, PageSize, total, [.. raw.Select(r => ToRow(r, lookups, today))], summary);
    }

    /// <summary>Every row of the filter, one at a time from the database (for the export; <see cref="LedgerRow.PhotoCount"/> is 0).</summary>
    public IEnumerable<LedgerRow> Stream(IQueryable<Hazard> filtered, bool sortByDeadline, Lookups lookups, DateOnly today)
    {
        foreach (var r in Rows(filtered, sortByDeadline, photoCounts: false).AsEnumerable())
        {
            yield return ToRow(r, lookups, today);
        }
    }

    /// <summary>
    /// Found, pending, overdue, due soon, escalated and closed per child unit of the chosen unit (all filters but the
    /// campaign, the unit and the scope left out, so that the counts add up to the unit's). One grouped query by
    /// the hazard's own unit, summed up to the children in memory (a county has a few hundred units at most).
    /// </summary>
    public async Task<IReadOnlyList<LedgerSummaryRow>> SummaryAsync(CurrentUser user, LedgerCampaign? campaign, LedgerUnit unit, Lookups lookups,
        DateOnly today, CancellationToken ct)
    {
        var children = lookups.Units.Where(u => u.Value.ParentCode == unit.Code
                && u.Value.Kind is OrgUnitKind.Township or OrgUnitKind.Village or OrgUnitKind.Institution)
            .OrderBy(u => u.Value.Kind == OrgUnitKind.Institution).ThenBy(u => u.Key, StringComparer.Ordinal).ToList();
        if (children.Count == 0)
        {
            return [];
        }
        var pending = PendingStatuses;
        var due = DueStatuses;
        var closed = ClosedStatuses;
        var tomorrow = today.AddDays(1);
        var counts = await OfUnit(user, campaign, unit).GroupBy(h => h.OrgUnitCode).Select(g => new
        {
            Code = g.Key,
            Found = g.Count(),
            Pending = g.Sum(h => pending.Contains(h.Status) ? 1 : 0),
            Overdue = g.Sum(h => due.Contains(h.Status) && h.Deadline != null && h.Deadline < today ? 1 : 0),
            DueSoon = g.Sum(h => due.Contains(h.Status) && h.Deadline != null && h.Deadline >= today && h.Deadline <= tomorrow ? 1 : 0),
            Escalated = g.Sum(h => h.Status == HazardStatus.Escalated ? 1 : 0),
            Closed = g.Sum(h => closed.Contains(h.Status) ? 1 : 0),
        }).ToListAsync(ct);
        var childCodes = children.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        string? ChildOf(string code)
        {
            for (var c = code; c is not null; c = lookups.Units.TryGetValue(c, out var u) ? u.ParentCode : null)
            {
                if (childCodes.Contains(c))
                {
                    return c;
                }
            }
            return null;
        }
        var sums = childCodes.ToDictionary(c => c, _ => new int[6], StringComparer.Ordinal);
        foreach (var row in counts)
        {
            if (ChildOf(row.Code) is { } child)
            {
                var s = sums[child];
                s[0] += row.Found;
                s[1] += row.Pending;
                s[2] += row.Overdue;
                s[3] += row.DueSoon;
                s[4] += row.Escalated;
                s[5] += row.Closed;
            }
        }
        var parents = lookups.Units.Values.Where(u => u.ParentCode is not null).Select(u => u.ParentCode!).ToHashSet(StringComparer.Ordinal);
        return [.. children.Select(c =>
        {
            var s = sums[c.Key];
            return new LedgerSummaryRow(c.Key, c.Value.Name, c.Value.Kind, parents.Contains(c.Key), s[0], s[1], s[2], s[3], s[4], s[5]);
        })];
    }

    private static AppProblemException Invalid(string message) =>
        new((Problems.HazardLedgerFilterInvalid with { Message = message }).With("errors", new[] { message }));
}
