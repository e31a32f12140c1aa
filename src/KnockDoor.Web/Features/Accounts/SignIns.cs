using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Data;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace KnockDoor.Web.Features.Accounts;

/// <summary>One sign-in path for the pages (cookie) and the API (bearer token): lock-out, disabled accounts, and a record of every attempt.</summary>
public sealed class SignIns(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit, AppDbContext db, TimeProvider clock)
{
    /// <summary>Signs in with the given scheme (cookie or bearer); returns null on success, else the problem.</summary>
    public async Task<AppProblem?> SignInAsync(string userName, string password, string scheme, bool persistent)
    {
        signIn.AuthenticationScheme = scheme;
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            Record(null, userName, AuditActions.SignInFailed, "用户名不存在");
            await db.SaveChangesAsync();
            return Problems.BadCredentials;
        }
        if (user.IsDisabled)
        {
            Record(user, user.UserName, AuditActions.SignInFailed, "账号已停用");
            await db.SaveChangesAsync();
            return Problems.AccountDisabled;
        }
        var result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);
            Record(user, user.UserName, AuditActions.SignIn, scheme == IdentityConstants.BearerScheme ? "API" : "网页");
            await db.SaveChangesAsync();
            return null;
        }
        Record(user, user.UserName, AuditActions.SignInFailed, result.IsLockedOut ? "账号已锁定" : "密码错误");
        await db.SaveChangesAsync();
        return result.IsLockedOut ? Problems.LockedOut : Problems.BadCredentials;
    }

    private void Record(AppUser? user, string? userName, string action, string details)
    {
        var entry = audit.Add(null, action, "account", user?.Id.ToString(), user?.OrgUnitCode, details: details, countyCode: user?.CountyCode ?? "");
        entry.UserId = user?.Id;
        entry.UserName = userName?.Length > 64 ? userName[..64] : userName;
    }
}
