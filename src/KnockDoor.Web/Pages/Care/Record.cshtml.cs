using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Care;
using KnockDoor.Web.Infrastructure;
using KnockDoor.Web.Pages.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Care;

/// <summary>登记关爱帮扶活动: the form makes its record id once (on GET), so a double submit stores one activity.</summary>
[Authorize(Policy = "perm:TownshipDutiesWrite")]
public sealed class RecordModel(AppDbContext db, CareService care, TimeProvider clock) : PageModel
{
    [BindProperty] public Guid? ClientId { get; set; }
    [BindProperty] public string? OrgUnitCode { get; set; }
    [BindProperty] public DateOnly? Day { get; set; }
    [BindProperty] public string? Organiser { get; set; }
    [BindProperty] public OrganiserKind? OrganiserKind { get; set; }
    [BindProperty] public string? ForWhom { get; set; }
    [BindProperty] public List<CareKinds> Kinds { get; set; } = [];
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? PeopleHelped { get; set; }

    public List<OrgUnitOption> Units { get; private set; } = [];
    public string? Error { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ClientId = Guid.NewGuid();
        Day = ChinaTime.Today(clock);
        OrgUnitCode = HttpContext.RequireUser().OrgUnitCode;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            int? people = null;
            if (!string.IsNullOrWhiteSpace(PeopleHelped))
            {
                people = int.TryParse(PeopleHelped.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture,
                    out var n) ? n : throw CareProblems.Invalid("帮扶人数应为整数");
            }
            var (activity, _) = await care.RecordAsync(HttpContext.RequireUser(),
                new CareRequest(ClientId, OrgUnitCode, Day, Organiser, OrganiserKind, ForWhom, Kinds, Description, people), ct);
            return Redirect($"/Care?done={activity.Id}#a-{activity.Id}");
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(clock);
        var me = HttpContext.RequireUser();
        Units = [.. (await OrgUnitOptions.LoadAsync(db, me, includeTownships: true, ct)).Where(o => o.Kind != OrgUnitKind.Institution)];
        if (me.OrgUnitCode == me.CountyCode)
        {
            Units.Insert(0, new OrgUnitOption(me.OrgUnitCode, "全县（县民政局）", OrgUnitKind.County, 0));
        }
    }
}
