using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Patrols;

/// <summary>A patrol, the people found on it with the help given, and (for the township) the form to record one more.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class DetailsModel(PatrolService patrols, TimeProvider clock) : PageModel
{
    [BindProperty] public PersonFields Person { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }

    public CurrentUser Me { get; private set; } = null!;
    public PatrolDetailsDto Details { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        try
        {
            Details = await patrols.GetAsync(Me, id, ct);
        }
        catch (AppProblemException ex) when (ex.Problem.Status == 404)
        {
            return NotFound();
        }
        Person = PersonFields.New(clock.GetUtcNow(), Details.Patrol.Area.Length <= PatrolService.MaxPlace ? Details.Patrol.Area : null);
        return Page();
    }

    public async Task<IActionResult> OnPostPersonAsync(Guid id, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        if (!Me.Can(Core.Accounts.Permission.TownshipDutiesWrite))
        {
            return Forbid();
        }
        try
        {
            await patrols.RecordPersonAsync(Me, id, null, Person.ToRequest(), Person.Photo, ct);
            return Redirect($"/Patrols/Details/{id}?done=person#persons");
        }
        catch (AppProblemException ex) when (ex.Problem.Status != 404)
        {
            Response.StatusCode = ex.Problem.Status;
            PatrolPageData.Show(ex.Problem, Person.Errors, m => Error = m);
        }
        catch (AppProblemException)
        {
            return NotFound();
        }
        Details = await patrols.GetAsync(Me, id, ct);
        return Page();
    }
}
