using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Meals;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Meals;

/// <summary>送餐上门: the day-care centres in scope and whether each brings meals home today.</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class IndexModel(MealService meals) : PageModel
{
    public List<CentreSummary> Centres { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Centres = await meals.CentresAsync(HttpContext.RequireUser(), null, ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
            return Page();
        }
        // An institution's staff keep one centre: straight to its list.
        return Centres.Count == 1 && HttpContext.RequireUser().OrgUnitCode == Centres[0].Code
            ? Redirect("/Meals/Centre/" + Uri.EscapeDataString(Centres[0].Code))
            : Page();
    }
}
