using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Notifications;

public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public NotificationList List { get; private set; } = new(0, []);

    public async Task OnGetAsync(CancellationToken ct) => List = await NotificationEndpoints.ListAsync(db, HttpContext.RequireUser(), 200, ct);

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await NotificationEndpoints.MarkReadAsync(db, HttpContext.RequireUser(), id, clock, ct);
        return RedirectToPage();
    }
}
