using KnockDoor.Core.Common;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Accounts;

[Authorize(Policy = "perm:WorkersManage")]
public sealed class IndexModel(AccountService accounts) : PageModel
{

    public List<AccountDto> Accounts { get; private set; } = [];

    [TempData]
    public string? Ok { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Accounts = await accounts.ListAsync(HttpContext.RequireUser(), ct);

    public bool Manages(AccountDto a)
    {
        var me = HttpContext.RequireUser();
        return me.Can(KnockDoor.Core.Accounts.Permission.AccountsManage) || a.Role == KnockDoor.Core.Accounts.Roles.Key(KnockDoor.Core.Accounts.Role.FieldWorker);
    }

    public static string China(DateTimeOffset? at) => at is { } v ? ChinaTime.Text(v) : "—";
}
