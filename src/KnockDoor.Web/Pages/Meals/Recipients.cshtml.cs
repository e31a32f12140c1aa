using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Meals;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Meals;

/// <summary>A centre's list (送餐名单): people chosen from the registry of the centre's township, their notes, and removal.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class RecipientsModel(MealService meals) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty] public Guid? TargetId { get; set; }
    [BindProperty] public Guid? RecipientId { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }

    public CentreDto? Centre { get; private set; }
    public List<CandidateDto> Candidates { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>The row (a candidate's target or a recipient) the error belongs to.</summary>
    public Guid? ErrorFor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        try
        {
            await meals.AddRecipientAsync(HttpContext.RequireUser(), Code, new AddRecipientRequest(TargetId, Note), ct);
            return Redirect($"/Meals/Recipients/{Uri.EscapeDataString(Code)}?done=add");
        }
        catch (AppProblemException ex)
        {
            Fail(ex, TargetId);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(CancellationToken ct)
    {
        try
        {
            await meals.UpdateNoteAsync(HttpContext.RequireUser(), Code, RecipientId ?? Guid.Empty, new RecipientNoteRequest(Note), ct);
            return Redirect($"/Meals/Recipients/{Uri.EscapeDataString(Code)}?done=note#r-{RecipientId}");
        }
        catch (AppProblemException ex)
        {
            Fail(ex, RecipientId);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        try
        {
            await meals.RemoveRecipientAsync(HttpContext.RequireUser(), Code, RecipientId ?? Guid.Empty, ct);
            return Redirect($"/Meals/Recipients/{Uri.EscapeDataString(Code)}?done=remove");
        }
        catch (AppProblemException ex)
        {
            Fail(ex, RecipientId);
        }
        await LoadAsync(ct);
        return Page();
    }

    private void Fail(AppProblemException ex, Guid? row)
    {
        Error = ex.Problem.Message;
        ErrorFor = row;
        Response.StatusCode = ex.Problem.Status;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        try
        {
            Centre = await meals.GetAsync(me, Code, null, ct);
            if (Centre.CanWrite && !string.IsNullOrWhiteSpace(Q))
            {
                Candidates = await meals.CandidatesAsync(me, Code, Q, ct);
            }
        }
        catch (AppProblemException ex)
        {
            Error ??= ex.Problem.Message;
            if (Centre is null)
            {
                Response.StatusCode = ex.Problem.Status;
            }
        }
    }
}
