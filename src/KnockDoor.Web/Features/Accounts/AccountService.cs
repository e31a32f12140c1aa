using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KnockDoor.Web.Features.Accounts;

public sealed record AccountDto(Guid Id, string UserName, string DisplayName, string Role, string RoleName, string OrgUnitCode, string? OrgUnitName,
    string? Phone, bool IsDisabled, bool IsLockedOut, DateTimeOffset? LastSignInAt);

public sealed record CreateAccountRequest(string UserName, string DisplayName, string Role, string OrgUnitCode, string Password, string? Phone);

public sealed record UpdateAccountRequest(string? DisplayName, string? Role, string? OrgUnitCode, bool? IsDisabled, string? Phone);

public sealed record ResetPasswordRequest(string NewPassword);

/// <summary>
/// Accounts: the county office manages every account of its county; a township officer manages the
/// field workers of its township. Every change is audited; disabling, re-binding or a password reset
/// ends the account's sessions.
/// </summary>
public sealed class AccountService(AppDbContext db, UserManager<AppUser> users, AuditLog audit, TimeProvider clock, IMemoryCache cache)
{
    public IQueryable<AppUser> Visible(CurrentUser by) => db.Users.AsNoTracking().VisibleTo(by);

    public async Task<List<AccountDto>> ListAsync(CurrentUser by, CancellationToken ct)
    {
        var list = await Visible(by).OrderBy(u => u.OrgPath).ThenBy(u => u.UserName).ToListAsync(ct);
        var codes = list.Select(u => u.OrgUnitCode).Distinct().ToList();
        var names = await db.OrgUnits.Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var now = clock.GetUtcNow();
        return list.Select(u => ToDto(u, names.GetValueOrDefault(u.OrgUnitCode), now)).ToList();
    }

    public static AccountDto ToDto(AppUser u, string? orgName, DateTimeOffset now) =>
        new(u.Id, u.UserName ?? "", u.DisplayName, Roles.Key(u.Role), Roles.Name(u.Role), u.OrgUnitCode, orgName, u.PhoneNumber, u.IsDisabled,
            u.LockoutEnd is { } end && end > now, u.LastSignInAt);

    /// <summary>Whether <paramref name="by"/> may give <paramref name="role"/> at <paramref name="unit"/>.</summary>
    public static AppProblem? CheckGrant(CurrentUser by, Role role, OrgUnit? unit)
    {
        // The role first: a township officer asking for an administrator is told so, wherever the unit is.
        if (!by.Can(Permission.AccountsManage) && !(by.Can(Permission.WorkersManage) && role == Role.FieldWorker))
        {
            return Problems.RoleNotAllowed;
        }
        if (unit is null || !by.Sees(unit.Path))
        {
            return Problems.OrgUnitUnknown;
        }
        var fits = role switch
        {
            Role.CountyOffice or Role.CountyLeader => unit.Kind is OrgUnitKind.County or OrgUnitKind.Prefecture or OrgUnitKind.Province,
            Role.TownshipOfficer => unit.Kind == OrgUnitKind.Township,
            Role.FieldWorker => unit.Kind is OrgUnitKind.Township or OrgUnitKind.Village,
            Role.InstitutionStaff => unit.Kind == OrgUnitKind.Institution,
        };
        return fits ? null : Problems.Validation with { Message = $"“{Roles.Name(role)}”不能绑定到{OrgUnit.KindName(unit.Kind)}级单位“{unit.Name}”" };
    }

    public async Task<AccountDto> CreateAsync(CurrentUser by, CreateAccountRequest request, CancellationToken ct)
    {
        var role = Roles.FromKey(request.Role) ?? throw new AppProblemException(Problems.Validation with { Message = "角色无效" });
        var unit = await db.OrgUnits.FirstOrDefaultAsync(o => o.Code == request.OrgUnitCode, ct);
        if (CheckGrant(by, role, unit) is { } problem)
        {
            throw new AppProblemException(problem);
        }
        var userName = (request.UserName ?? "").Trim();
        if (userName.Length is < 2 or > 32)
        {
            throw new AppProblemException(Problems.Validation with { Message = "用户名应为 2 到 32 个字符（字母、数字或 - . _ @）" });
        }
        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            throw new AppProblemException(Problems.Validation with { Message = "姓名不能为空" });
        }
        if (await users.FindByNameAsync(userName) is not null)
        {
            throw new AppProblemException(Problems.UserNameTaken);
        }
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            DisplayName = request.DisplayName.Trim(),
            Role = role,
            OrgUnitCode = unit!.Code,
            OrgPath = unit.Path,
            CountyCode = unit.CountyCode,
            PhoneNumber = request.Phone?.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, request.Password ?? "");
        if (!result.Succeeded)
        {
            throw new AppProblemException(PasswordOrValidation(result));
        }
        audit.Add(by, AuditActions.Create, "account", user.Id.ToString(), user.OrgUnitCode, after: Snapshot(user));
        await db.SaveChangesAsync(ct);
        return ToDto(user, unit.Name, clock.GetUtcNow());
    }

    public async Task<AccountDto> UpdateAsync(CurrentUser by, Guid id, UpdateAccountRequest request, CancellationToken ct)
    {
        var user = await FindManagedAsync(by, id, ct);
        var before = Snapshot(user);
        var role = request.Role is null ? user.Role : Roles.FromKey(request.Role) ?? throw new AppProblemException(Problems.Validation with { Message = "角色无效" });
        var unit = await db.OrgUnits.FirstOrDefaultAsync(o => o.Code == (request.OrgUnitCode ?? user.OrgUnitCode), ct);
        if (CheckGrant(by, role, unit) is { } problem)
        {
            throw new AppProblemException(problem);
        }
        if (id == by.Id && (request.IsDisabled == true || role != user.Role))
        {
            throw new AppProblemException(Problems.Validation with { Message = "不能停用自己的账号或更改自己的角色" });
        }
        var rebound = unit!.Code != user.OrgUnitCode || role != user.Role;
        var disabledNow = request.IsDisabled == true && !user.IsDisabled;
        user.Role = role;
        user.OrgUnitCode = unit.Code;
        user.OrgPath = unit.Path;
        user.CountyCode = unit.CountyCode;
        user.DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? user.DisplayName : request.DisplayName.Trim();
        user.PhoneNumber = request.Phone is null ? user.PhoneNumber : request.Phone.Trim();
        user.IsDisabled = request.IsDisabled ?? user.IsDisabled;
        await users.UpdateAsync(user);
        if (rebound || disabledNow)
        {
            await users.UpdateSecurityStampAsync(user); // ends sessions and tokens bound to the old scope
        }
        audit.Add(by, AuditActions.Update, "account", user.Id.ToString(), user.OrgUnitCode, before, Snapshot(user));
        await db.SaveChangesAsync(ct);
        cache.Remove("acct:" + user.Id);
        return ToDto(user, unit.Name, clock.GetUtcNow());
    }

    public async Task ResetPasswordAsync(CurrentUser by, Guid id, string newPassword, CancellationToken ct)
    {
        var user = await FindManagedAsync(by, id, ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword ?? "");
        if (!result.Succeeded)
        {
            throw new AppProblemException(PasswordOrValidation(result));
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        user.MustChangePassword = by.Id != user.Id;
        await users.UpdateAsync(user);
        audit.Add(by, "reset-password", "account", user.Id.ToString(), user.OrgUnitCode, details: "管理员重置密码");
        await db.SaveChangesAsync(ct);
        cache.Remove("acct:" + user.Id);
    }

    private async Task<AppUser> FindManagedAsync(CurrentUser by, Guid id, CancellationToken ct)
    {
        var user = await db.Users.VisibleTo(by).FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (!by.Can(Permission.AccountsManage) && !(by.Can(Permission.WorkersManage) && user.Role == Role.FieldWorker))
        {
            throw new AppProblemException(Problems.RoleNotAllowed);
        }
        return user;
    }

    private static object Snapshot(AppUser u) => new { u.UserName, u.DisplayName, Role = Roles.Key(u.Role), u.OrgUnitCode, u.IsDisabled, Phone = u.PhoneNumber };

    private static AppProblem PasswordOrValidation(IdentityResult result) =>
        result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
            ? Problems.PasswordRejected
            : result.Errors.Any(e => e.Code is "DuplicateUserName")
                ? Problems.UserNameTaken
                : Problems.Validation with { Message = "账号信息有误：用户名只能包含字母、数字和 - . _ @" };
}
