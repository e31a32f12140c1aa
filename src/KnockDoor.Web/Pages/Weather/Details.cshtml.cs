using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Weather;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Weather;

/// <summary>A warning: its areas and times, the day-care centres delivering meals, the revisit list under the caller's unit; the office cancels here.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class DetailsModel(WeatherService weather) : PageModel
{
    public WarningDto Warning { get; private set; } = null!;
    public List<RevisitDto> Revisits { get; private set; } = [];
    public bool CanCancel { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
        }
        catch (AppProblemException ex) when (ex.Problem.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (!me.Can(Permission.WeatherWarningsManage))
        {
            return Forbid();
        }
        try
        {
            await weather.CancelAsync(me, id, ct);
        }
        catch (AppProblemException ex) when (ex.Problem.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        return Redirect($"/Weather/Details/{id}?done=cancelled");
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Warning = await weather.GetAsync(me, id, ct);
        Revisits = await weather.RevisitsAsync(me, id, ct);
        CanCancel = me.Can(Permission.WeatherWarningsManage) && Warning.CancelledAt is null && Warning.Status != "over";
    }
}
