using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Coverage;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Targets;

/// <summary>The registry of people to visit: every read goes through the scope filter, every change is audited.</summary>
public sealed class TargetService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public DateOnly Today() => ChinaTime.Today(clock);

    public IQueryable<Target> Filtered(CurrentUser user, TargetFilter filter)
    {
        var query = db.Targets.AsNoTracking().VisibleTo(user);
        if (!string.IsNullOrWhiteSpace(filter.OrgUnit))
        {
            var code = filter.OrgUnit.Trim();
            query = query.Where(t => t.OrgPath.Contains("/" + code + "/") || t.OrgUnitCode == code);
        }
        if (filter.Category is { } category && category != TargetCategory.None)
        {
            query = query.Where(t => (t.Categories & category) != 0);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = TargetRules.Clean(filter.Q);
            var id = IdNumbers.Normalize(q);
            query = id.Length == 18
                ? query.Where(t => t.IdNumber == id)
                : id.Length == 4 && id.All(c => char.IsAsciiDigit(c) || c == 'X')
                    ? query.Where(t => t.IdNumber.EndsWith(id) || t.Name.Contains(q))
                    : query.Where(t => t.Name.Contains(q) || (t.Address != null && t.Address.Contains(q)) || (t.Household != null && t.Household.Contains(q)));
        }
        return query;
    }

    public async Task<TargetPage> ListAsync(CurrentUser user, TargetFilter filter, CancellationToken ct)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, 500);
        var page = Math.Max(1, filter.Page);
        var query = Filtered(user, filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(t => t.OrgPath).ThenBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var names = await OrgNamesAsync(rows.Select(r => r.OrgPath), ct);
        var today = Today();
        var items = rows.Select(t =>
        {
            var parts = t.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var township = parts.Length >= 2 ? names.GetValueOrDefault(parts[^2]) : null;
            return new TargetListItem(t.Id, t.Name, TargetNames.CategoryList(t.Categories), Core.Common.Masking.IdNumber(t.IdNumber),
                TargetNames.SexName(t.Sex), t.AgeOn(today), Core.Common.Masking.Phone(t.Phone), t.OrgUnitCode, names.GetValueOrDefault(t.OrgUnitCode),
                township, TargetNames.StatusName(t.Status), t.Address);
        }).ToList();
        return new TargetPage(total, page, pageSize, items);
    }

    public async Task<Dictionary<string, string>> OrgNamesAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        var codes = paths.SelectMany(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
    }

    /// <summary>
    /// One person, with full ID number and phones when the role needs them; every such view is audited
    /// (in the same request, before the values leave the server).
    /// </summary>
    public async Task<TargetDetail> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var target = await db.Targets.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var full = user.Can(Permission.TargetsViewFull);
        if (full)
        {
            audit.Add(user, AuditActions.ViewFull, "target", target.Id.ToString(), target.OrgUnitCode, details: "查看完整身份证号和电话");
            await db.SaveChangesAsync(ct);
        }
        var orgName = await db.OrgUnits.Where(o => o.Code == target.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return TargetMapping.ToDetail(target, orgName, full, Today());
    }

    public async Task<TargetDetail> CreateAsync(CurrentUser user, TargetInput input, CancellationToken ct)
    {
        var target = new Target { Id = Guid.NewGuid(), CountyCode = "", OrgUnitCode = "", OrgPath = "", Name = "", IdNumber = "" };
        var unit = await ApplyAsync(user, target, input, ct);
        if (await db.Targets.AnyAsync(t => t.CountyCode == target.CountyCode && t.IdNumber == target.IdNumber, ct))
        {
            throw new AppProblemException(Problems.IdNumberDuplicate);
        }
        var now = clock.GetUtcNow();
        target.CreatedAt = now;
        target.UpdatedAt = now;
        target.Version = 1;
        db.Targets.Add(target);
        audit.Add(user, AuditActions.Create, "target", target.Id.ToString(), target.OrgUnitCode, after: TargetMapping.Snapshot(target));
        await SaveAsync(ct);
        return TargetMapping.ToDetail(target, unit.Name, user.Can(Permission.TargetsViewFull), Today());
    }

    public async Task<TargetDetail> UpdateAsync(CurrentUser user, Guid id, TargetInput input, CancellationToken ct)
    {
        var target = await db.Targets.VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (input.Version is null || input.Version != target.Version)
        {
            throw new AppProblemException(Problems.VersionConflict);
        }
        var before = TargetMapping.Snapshot(target);
        var oldId = target.IdNumber;
        var unit = await ApplyAsync(user, target, input, ct);
        if (target.IdNumber != oldId && await db.Targets.AnyAsync(t => t.CountyCode == target.CountyCode && t.IdNumber == target.IdNumber && t.Id != id, ct))
        {
            throw new AppProblemException(Problems.IdNumberDuplicate);
        }
        target.UpdatedAt = clock.GetUtcNow();
        target.Version++;
        audit.Add(user, AuditActions.Update, "target", target.Id.ToString(), target.OrgUnitCode, before, TargetMapping.Snapshot(target));
        await SaveAsync(ct);
        return TargetMapping.ToDetail(target, unit.Name, user.Can(Permission.TargetsViewFull), Today());
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            // A move, status or category change carries over to the person's campaign progress in the same transaction.
            await TargetProgressWriter.SaveChangesAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new AppProblemException(Problems.VersionConflict);
        }
        catch (DbUpdateException)
        {
            // The unique index on (county, ID number) is the guard; a concurrent insert of the same person lands here.
            throw new AppProblemException(Problems.IdNumberDuplicate);
        }
    }

    private async Task<OrgUnit> ApplyAsync(CurrentUser user, Target target, TargetInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TargetRules.Clean(input.Name);
        TargetRules.CheckText(name, "姓名", TargetRules.NameMax, true, errors);
        var categories = TargetMapping.Combine(input.Categories);
        if (categories == TargetCategory.None)
        {
            errors.Add(new FieldError("类别", "至少选择一个服务对象类别"));
        }
        if (categories.HasFlag(TargetCategory.ExtremePoorCentral) && categories.HasFlag(TargetCategory.ExtremePoorDispersed))
        {
            errors.Add(new FieldError("类别", "特困人员只能是集中供养或分散供养之一"));
        }
        var idNumber = IdNumbers.Normalize(input.IdNumber);
        var idProblem = IdNumbers.Validate(idNumber, out var birth, out var sex);
        if (idProblem is { } p)
        {
            errors.Add(new FieldError("身份证号", IdNumbers.Message(p)));
        }
        var phone = TargetRules.NormalizePhone(input.Phone);
        TargetRules.CheckPhone(phone, "联系电话", errors);
        var guardianPhone = TargetRules.NormalizePhone(input.GuardianPhone);
        TargetRules.CheckPhone(guardianPhone, "监护人电话", errors);
        var address = TargetRules.Clean(input.Address);
        TargetRules.CheckText(address, "详细地址", TargetRules.AddressMax, false, errors);
        var household = TargetRules.Clean(input.Household);
        TargetRules.CheckText(household, "户主/家庭", 100, false, errors);
        var guardian = TargetRules.Clean(input.GuardianName);
        TargetRules.CheckText(guardian, "监护人/联系人", 50, false, errors);
        var notes = (input.Notes ?? "").Trim();
        TargetRules.CheckText(notes, "备注", TargetRules.NotesMax, false, errors);
        TargetRules.CheckGps(input.Latitude, input.Longitude, errors);
        if (input.Heating is { } heating && !Enum.IsDefined(heating))
        {
            errors.Add(new FieldError("取暖方式", "取暖方式应为燃煤、炭火、电、燃气、集中供暖或其他"));
        }

        var unitCode = (input.OrgUnitCode ?? "").Trim();
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == unitCode, ct);
        if (unit is null || unit.Kind is not (OrgUnitKind.Village or OrgUnitKind.Institution))
        {
            errors.Add(new FieldError("村(社区)", "请选择您管辖范围内的村(社区)或机构"));
        }
        if (errors.Count > 0)
        {
            var message = string.Join("；", errors.Select(e => $"{e.Field}：{e.Message}"));
            throw new AppProblemException((Problems.Validation with { Message = message }).With("errors", errors));
        }
        target.Name = name;
        target.Categories = categories;
        target.IdNumber = idNumber;
        target.BirthDate = birth;
        target.Sex = sex;
        target.Phone = phone.Length == 0 ? null : phone;
        target.GuardianPhone = guardianPhone.Length == 0 ? null : guardianPhone;
        target.Address = address.Length == 0 ? null : address;
        target.Household = household.Length == 0 ? null : household;
        target.GuardianName = guardian.Length == 0 ? null : guardian;
        target.Notes = notes.Length == 0 ? null : notes;
        target.Latitude = input.Latitude;
        target.Longitude = input.Longitude;
        target.Status = input.Status ?? target.Status;
        target.Heating = input.Heating ?? target.Heating;
        target.Bedridden = input.Bedridden ?? target.Bedridden;
        target.HouseAtRisk = input.HouseAtRisk ?? target.HouseAtRisk;
        target.OrgUnitCode = unit!.Code;
        target.OrgPath = unit.Path;
        target.CountyCode = unit.CountyCode;
        return unit;
    }
}
