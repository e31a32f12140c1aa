using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Patrols.Leads;

/// <summary>
/// A lead: the full phone number (the view is audited), the follow-up log, and for the township: follow up, record the
/// person found through it, close it. Each move carries the version it was made on.
/// </summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class DetailsModel(LeadService leads, PatrolService patrols, TimeProvider clock) : PageModel
{
    [BindProperty] public PersonFields Person { get; set; } = new();
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }

    public CurrentUser Me { get; private set; } = null!;
    public LeadDto Lead { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? NoteError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Person = PersonFields.New(clock.GetUtcNow(), Lead.Place);
        return Page();
    }

    public Task<IActionResult> OnPostFollowUpAsync(Guid id, CancellationToken ct) =>
        MoveAsync(id, (me, move) => leads.FollowUpAsync(me, id, move, ct), "followup", ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        MoveAsync(id, (me, move) => leads.CloseAsync(me, id, move, ct), "closed", ct);

    public async Task<IActionResult> OnPostPersonAsync(Guid id, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        if (!Me.Can(Permission.TownshipDutiesWrite))
        {
            return Forbid();
        }
        try
        {
            await patrols.RecordPersonAsync(Me, null, id, Person.ToRequest(), Person.Photo, ct);
            return Redirect($"/Patrols/Leads/{id}?done=person#persons");
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
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<IActionResult> MoveAsync(Guid id, Func<CurrentUser, LeadMove, Task<int>> move, string done, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        if (!Me.Can(Permission.TownshipDutiesWrite))
        {
            return Forbid();
        }
        try
        {
            await move(Me, new LeadMove(Note, Version));
            return Redirect($"/Patrols/Leads/{id}?done={done}");
        }
        catch (AppProblemException ex) when (ex.Problem.Status != 404)
        {
            Response.StatusCode = ex.Problem.Status;
            if (PatrolProblems.FieldOf(ex.Problem) == "Note")
            {
                NoteError = ex.Problem.Message;
            }
            else
            {
                Error = ex.Problem.Message;
            }
        }
        catch (AppProblemException)
        {
            return NotFound();
        }
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Person = PersonFields.New(clock.GetUtcNow(), Lead.Place);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        try
        {
            Lead = await leads.GetAsync(Me, id, ct);
            return true;
        }
        catch (AppProblemException ex) when (ex.Problem.Status == 404)
        {
            return false;
        }
    }
}
