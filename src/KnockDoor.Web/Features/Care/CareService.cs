using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Care;

/// <summary>A care activity as a client sends it; <c>clientId</c> is made once per form, so a second post is the same record.</summary>
public sealed record CareRequest(Guid? ClientId, string? OrgUnitCode, DateOnly? Day, string? Organiser, OrganiserKind? OrganiserKind, string? ForWhom,
    List<CareKinds>? Kinds, string? Description, int? PeopleHelped);

public sealed record CareActivityDto(Guid Id, Guid ClientId, string OrgUnitCode, string OrgUnitName, DateOnly Day, string Organiser,
    OrganiserKind OrganiserKind, string ForWhom, List<CareKinds> Kinds, string? Description, int PeopleHelped, string RecordedByName,
    DateTimeOffset RecordedAt);

/// <summary>Filters of the list: a township (or any unit) in scope and a month (yyyy-MM).</summary>
public sealed record CareFilter(string? OrgUnitCode, string? Month);

public sealed record CareTotals(int Activities, int PeopleHelped, Dictionary<CareKinds, int> ByKind);

public sealed record CareList(List<CareActivityDto> Items, CareTotals Totals, int Total);

/// <summary>Care activities (关爱帮扶) by social organisations and volunteers, recorded by a township or the county office.</summary>
public sealed class CareService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxOrganiser = 100;
    public const int MaxForWhom = 200;
    public const int MaxDescription = 2000;
    public const int MaxPeople = 100_000;
    public const int MaxList = 500;

    public static readonly CareKinds[] AllKinds = [CareKinds.Visit, CareKinds.Coal, CareKinds.Quilts, CareKinds.Repairs, CareKinds.Goods, CareKinds.Other];

    public static readonly OrganiserKind[] AllOrganiserKinds =
        [OrganiserKind.SocialOrganisation, OrganiserKind.Volunteers, OrganiserKind.Enterprise, OrganiserKind.Township, OrganiserKind.Other];

    public static string KindName(CareKinds kind) => kind switch
    {
        CareKinds.Visit => "探访慰问",
        CareKinds.Coal => "送煤取暖",
        CareKinds.Quilts => "送棉被衣物",
        CareKinds.Repairs => "维修房屋设施",
        CareKinds.Goods => "送米面油等物资",
        CareKinds.Other => "其他",
        _ => kind.ToString(),
    };

    public static string OrganiserKindName(OrganiserKind kind) => kind switch
    {
        OrganiserKind.SocialOrganisation => "社会组织",
        OrganiserKind.Volunteers => "志愿者",
        OrganiserKind.Enterprise => "爱心企业",
        OrganiserKind.Township => "乡镇（村）",
        OrganiserKind.Other => "其他",
    };

    public static string KindList(CareKinds kinds) => string.Join("、", AllKinds.Where(k => kinds.HasFlag(k)).Select(KindName));

    /// <summary>Records an activity; the same <c>clientId</c> with the same content returns the first record (false: nothing new stored).</summary>
    public async Task<(CareActivityDto Activity, bool Created)> RecordAsync(CurrentUser user, CareRequest request, CancellationToken ct)
    {
        if (!user.Can(Core.Accounts.Permission.TownshipDutiesWrite))
        {
            throw new AppProblemException(Problems.Forbidden);
        }
        if (request.ClientId is not { } clientId || clientId == Guid.Empty)
        {
            throw CareProblems.Invalid("缺少记录编号(clientId)，请刷新页面后重新填写");
        }
        var unitCode = Clean(request.OrgUnitCode) ?? user.OrgUnitCode;
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Code == unitCode && o.CountyCode == user.CountyCode && o.Kind != OrgUnitKind.Institution)
            .Select(o => new { o.Code, o.Name, o.Path }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.OrgUnitUnknown);
        var now = clock.GetUtcNow();
        if (request.Day is not { } day)
        {
            throw CareProblems.Invalid("请填写活动日期");
        }
        if (ChinaTime.IsFutureDay(day, now))
        {
            throw new AppProblemException(CareProblems.DayInFuture);
        }
        if (day < ChinaTime.Today(clock).AddDays(-366))
        {
            throw CareProblems.Invalid("活动日期不能早于一年前");
        }
        var organiser = Required(request.Organiser, "组织单位或志愿者", MaxOrganiser);
        if (request.OrganiserKind is not { } organiserKind || !Enum.IsDefined(organiserKind))
        {
            throw CareProblems.Invalid("请选择组织方类型");
        }
        var forWhom = Required(request.ForWhom, "帮扶对象", MaxForWhom);
        var kinds = CareKinds.None;
        foreach (var k in request.Kinds ?? [])
        {
            if (!AllKinds.Contains(k))
            {
                throw CareProblems.Invalid("帮扶内容有误");
            }
            kinds |= k;
        }
        if (kinds == CareKinds.None)
        {
            throw new AppProblemException(CareProblems.KindsRequired);
        }
        var description = Clean(request.Description);
        if (description is { Length: > MaxDescription })
        {
            throw CareProblems.Invalid($"活动情况不能超过 {MaxDescription} 个字");
        }
        if (request.PeopleHelped is not { } people)
        {
            throw CareProblems.Invalid("请填写帮扶人数");
        }
        if (people < 0)
        {
            throw new AppProblemException(CareProblems.PeopleNegative);
        }
        if (people > MaxPeople)
        {
            throw CareProblems.Invalid($"帮扶人数不能超过 {MaxPeople}");
        }

        var activity = new CareActivity
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            OrgUnitCode = unit.Code,
            OrgPath = unit.Path,
            ClientId = clientId,
            Day = day,
            Organiser = organiser,
            OrganiserKind = organiserKind,
            ForWhom = forWhom,
            Kinds = kinds,
            Description = description,
            PeopleHelped = people,
            RecordedBy = user.Id,
            RecordedByName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50),
            RecordedAt = now,
        };
        var first = await db.CareActivities.AsNoTracking().FirstOrDefaultAsync(a => a.CountyCode == user.CountyCode && a.ClientId == clientId, ct);
        if (first is null)
        {
            db.CareActivities.Add(activity);
            audit.Add(user, "care.record", nameof(CareActivity), activity.Id.ToString(), unit.Code, after: Snapshot(activity));
            try
            {
                await db.SaveChangesAsync(ct);
                return (ToDto(activity, unit.Name), true);
            }
            catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
            {
                // A retry raced the first post: the first one is the record.
                db.ChangeTracker.Clear();
                first = await db.CareActivities.AsNoTracking().FirstAsync(a => a.CountyCode == user.CountyCode && a.ClientId == clientId, ct);
            }
        }
        if (!SameContent(first, activity))
        {
            throw new AppProblemException(CareProblems.ClientIdConflict);
        }
        var name = await db.OrgUnits.Where(o => o.Code == first.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        return (ToDto(first, name), false);
    }

    public async Task<CareActivityDto> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var row = await db.CareActivities.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var name = await db.OrgUnits.Where(o => o.Code == row.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        return ToDto(row, name);
    }

    /// <summary>The activities in scope (newest first, at most 500 listed) and the totals of all that match.</summary>
    public async Task<CareList> ListAsync(CurrentUser user, CareFilter filter, CancellationToken ct)
    {
        var query = db.CareActivities.AsNoTracking().VisibleTo(user).Where(a => a.CountyCode == user.CountyCode);
        if (Clean(filter.OrgUnitCode) is { } code)
        {
            var path = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Code == code).Select(o => o.Path).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.OrgUnitUnknown);
            query = query.Where(a => a.OrgPath.StartsWith(path));
        }
        if (Clean(filter.Month) is { } month)
        {
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                throw CareProblems.Invalid("月份格式应为 yyyy-MM，如 2026-12");
            }
            var last = first.AddMonths(1).AddDays(-1);
            query = query.Where(a => a.Day >= first && a.Day <= last);
        }
        var groups = await query.GroupBy(a => a.Kinds).Select(g => new { Kinds = g.Key, Count = g.Count(), People = g.Sum(a => a.PeopleHelped) })
            .ToListAsync(ct);
        var byKind = AllKinds.ToDictionary(k => k, k => groups.Where(g => g.Kinds.HasFlag(k)).Sum(g => g.Count));
        var totals = new CareTotals(groups.Sum(g => g.Count), groups.Sum(g => g.People), byKind);
        var rows = await query.OrderByDescending(a => a.Day).ThenByDescending(a => a.RecordedAt).Take(MaxList)
            .Select(a => new { Activity = a, Unit = db.OrgUnits.Where(o => o.Code == a.OrgUnitCode).Select(o => o.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return new CareList([.. rows.Select(r => ToDto(r.Activity, r.Unit ?? ""))], totals, totals.Activities);
    }

    private static bool SameContent(CareActivity a, CareActivity b) =>
        a.OrgUnitCode == b.OrgUnitCode && a.Day == b.Day && a.Organiser == b.Organiser && a.OrganiserKind == b.OrganiserKind && a.ForWhom == b.ForWhom
        && a.Kinds == b.Kinds && a.Description == b.Description && a.PeopleHelped == b.PeopleHelped;

    private static object Snapshot(CareActivity a) => new
    {
        a.ClientId, a.OrgUnitCode, a.Day, a.Organiser, a.OrganiserKind, a.ForWhom, a.Kinds, a.Description, a.PeopleHelped,
    };

    private static CareActivityDto ToDto(CareActivity a, string unitName) => new(a.Id, a.ClientId, a.OrgUnitCode, unitName, a.Day, a.Organiser,
        a.OrganiserKind, a.ForWhom, [.. AllKinds.Where(k => a.Kinds.HasFlag(k))], a.Description, a.PeopleHelped, a.RecordedByName, a.RecordedAt);

    private static string Required(string? value, string label, int max)
    {
        var text = Clean(value) ?? throw CareProblems.Invalid($"请填写{label}");
        if (text.Length > max)
        {
            throw CareProblems.Invalid($"{label}不能超过 {max} 个字");
        }
        return text;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

public static class CareScope
{
    public static IQueryable<CareActivity> VisibleTo(this IQueryable<CareActivity> query, CurrentUser user) =>
        query.Where(a => a.OrgPath.StartsWith(user.OrgPath));
}
