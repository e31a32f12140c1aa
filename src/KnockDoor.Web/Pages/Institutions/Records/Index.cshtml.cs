using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Institutions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Institutions.Records;

/// <summary>机构值守: the institutions in the caller's scope with today's state; an institution's staff go straight to their own.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class IndexModel(InstitutionRecordService records) : PageModel
{
    public List<InstitutionState> Institutions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (me.Role == Role.InstitutionStaff)
        {
            return Redirect($"/Institutions/Records/{Uri.EscapeDataString(me.OrgUnitCode)}");
        }
        Institutions = await records.OverviewAsync(me, ct);
        return Page();
    }

    /// <summary>How many things an institution is behind on today.</summary>
    public static int Gaps(InstitutionState s) =>
        (s.DayDuty ? 0 : 1) + (s.NightDuty ? 0 : 1) + (s.PatrolRounds > 0 ? 0 : 1) + (s.OpenFailedChecks > 0 ? 1 : 0) + (s.Residents is null ? 1 : 0)
        + (s.Untrained > 0 ? 1 : 0) + (s.SuppliesBelowTarget > 0 ? 1 : 0) + (s.PlanUploaded ? 0 : 1);
}
