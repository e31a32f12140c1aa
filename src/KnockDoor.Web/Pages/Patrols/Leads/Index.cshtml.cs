using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Patrols.Leads;

/// <summary>群众线索: the township's leads by status (待处理 first), phone numbers masked.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class IndexModel(LeadService leads) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public LeadStatus? Status { get; set; }

    public List<LeadListItem> Leads { get; private set; } = [];
    public Dictionary<LeadStatus, int> Counts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Counts = await leads.CountsAsync(me, ct);
        Status ??= Counts.GetValueOrDefault(LeadStatus.New) > 0 ? LeadStatus.New : null;
        Leads = await leads.ListAsync(me, Status, 200, ct);
    }
}
