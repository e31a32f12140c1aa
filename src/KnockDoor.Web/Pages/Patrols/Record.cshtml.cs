using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Patrols;

/// <summary>记录巡查: a patrol of the caller's township (or one the county office picks). The form's client id is made on GET.</summary>
[Authorize(Policy = "perm:TownshipDutiesWrite")]
public sealed class RecordModel(AppDbContext db, PatrolService patrols, TimeProvider clock) : PageModel
{
    [BindProperty] public Guid ClientId { get; set; }
    [BindProperty] public string? At { get; set; }
    [BindProperty] public string? OrgUnitCode { get; set; }
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string? Members { get; set; }
    [BindProperty] public List<string> Partners { get; set; } = [];
    [BindProperty] public string? Note { get; set; }

    public List<UnitChoice> Units { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ClientId = Guid.NewGuid();
        At = PersonForm.Local(clock.GetUtcNow());
        OrgUnitCode = HttpContext.RequireUser().OrgUnitCode;
        Units = await PatrolPageData.UnitsAsync(db, HttpContext.RequireUser(), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        var at = PersonForm.ParseInstant(At);
        try
        {
            if (at is null && !string.IsNullOrWhiteSpace(At))
            {
                throw PatrolProblems.Invalid("At", "巡查时间格式不正确");
            }
            var stored = await patrols.RecordAsync(me, new PatrolRequest(ClientId, at, OrgUnitCode, Area, Members, PersonForm.ParsePartners(Partners), Note), ct);
            return Redirect($"/Patrols/Details/{stored.Value.Id}?done=patrol");
        }
        catch (AppProblemException ex)
        {
            Response.StatusCode = ex.Problem.Status;
            PatrolPageData.Show(ex.Problem, Errors, m => Error = m);
        }
        Units = await PatrolPageData.UnitsAsync(db, me, ct);
        return Page();
    }

    public bool Has(PatrolPartners p) => Partners.Contains(p.ToString());

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}
