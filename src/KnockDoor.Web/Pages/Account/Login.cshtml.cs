using KnockDoor.Core.Accounts;
using KnockDoor.Web.Features.Accounts;
using KnockDoor.Web.Features.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Account;

public sealed class LoginModel(SignIns signIns, UserManager<AppUser> users, IServiceProvider services) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool DemoMode => DemoSeeder.IsEnabled(services);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var problem = await signIns.SignInAsync(UserName ?? "", Password ?? "", IdentityConstants.ApplicationScheme, persistent: true);
        if (problem is not null)
        {
            Error = problem.Message;
            return Page();
        }
        // After an administrator's reset the password is known to someone else: it is replaced before anything else.
        var user = await users.FindByNameAsync((UserName ?? "").Trim());
        if (user is { MustChangePassword: true })
        {
            return RedirectToPage("/Account/ChangePassword");
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
