using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Care;
using KnockDoor.Web.Infrastructure;
using KnockDoor.Web.Pages.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Care;

/// <summary>关爱帮扶: the activities in scope, filtered by township (or village) and month, with totals.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class IndexModel(AppDbContext db, CareService care, TimeProvider clock) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "orgUnitCode")] public string? OrgUnitCode { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "month")] public string? Month { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "done")] public Guid? Done { get; set; }

    public CareList? Result { get; private set; }
    public List<OrgUnitOption> Units { get; private set; } = [];
    public string? Error { get; private set; }
    public CurrentUser Me { get; private set; } = null!;
    public string ThisMonth { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        ThisMonth = ChinaTime.Today(clock).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Units = [.. (await OrgUnitOptions.LoadAsync(db, Me, includeTownships: true, ct)).Where(o => o.Kind != OrgUnitKind.Institution)];
        try
        {
            Result = await care.ListAsync(Me, new CareFilter(OrgUnitCode, Month), ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
    }
}
