using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;

namespace KnockDoor.Web.Pages.Account;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit, AppDbContext db, IMemoryCache cache)
    : PageModel
{
    [BindProperty]
    public string OldPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string RepeatPassword { get; set; } = "";

    public bool MustChange { get; private set; }
    public List<string> Errors { get; } = [];
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        if (string.IsNullOrEmpty(OldPassword) || string.IsNullOrEmpty(NewPassword))
        {
            Errors.Add("请填写原密码和新密码");
        }
        else if (NewPassword != RepeatPassword)
        {
            Errors.Add("两次输入的新密码不一致");
        }
        else if (NewPassword == OldPassword)
        {
            Errors.Add("新密码不能与原密码相同");
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, OldPassword, NewPassword);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => Message(e.Code)).Distinct());
            return Page();
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        audit.Add(CurrentUser.From(User), AuditActions.AccountChange, "account", user.Id.ToString(), user.OrgUnitCode, details: "本人修改密码");
        await db.SaveChangesAsync();
        // The change renews the security stamp: drop the cached stamp first, or the fresh cookie would be
        // refused by AccountStillValid for a few seconds.
        cache.Remove("acct:" + user.Id);
        await signIn.RefreshSignInAsync(user);
        Done = true;
        MustChange = false;
        return Page();
    }

    private static string Message(string code) => code switch
    {
        "PasswordMismatch" => "原密码不正确",
        "PasswordTooShort" or "PasswordRequiresDigit" or "PasswordRequiresLower" or "PasswordRequiresUpper"
            or "PasswordRequiresNonAlphanumeric" or "PasswordRequiresUniqueChars"
            => "新密码不符合要求：至少 8 位，须同时包含大写字母、小写字母、数字和符号",
        _ => "修改密码失败，请稍后重试",
    };
}
