using KnockDoor.Web.Features.Accounts;
using KnockDoor.Web.Features.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Account;

public sealed class LoginModel(SignIns signIns, IServiceProvider services) : PageModel
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
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
