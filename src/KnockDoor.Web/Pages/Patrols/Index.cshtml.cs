using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Patrols;

/// <summary>街面巡查: the patrols in scope, newest first, by day and township.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class IndexModel(AppDbContext db, PatrolService patrols, LeadService leads, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "day")] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true, Name = "orgUnitCode")] public string? OrgUnitCode { get; set; }

    public CurrentUser Me { get; private set; } = null!;
    public List<UnitChoice> Units { get; private set; } = [];
    public List<PatrolDto> Patrols { get; private set; } = [];
    public int OpenLeads { get; private set; }
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        Today = ChinaTime.Today(clock);
        Units = await PatrolPageData.UnitsAsync(db, Me, ct);
        try
        {
            Patrols = await patrols.ListAsync(Me, Day, OrgUnitCode, 200, ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
        var counts = await leads.CountsAsync(Me, ct);
        OpenLeads = counts.GetValueOrDefault(Core.Duties.LeadStatus.New) + counts.GetValueOrDefault(Core.Duties.LeadStatus.FollowingUp);
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
