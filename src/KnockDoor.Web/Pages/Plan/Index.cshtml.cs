using KnockDoor.Core.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Plan;

/// <summary>The visit plan page: the numbers and lists come from /api/v1/plan (scope applied there).</summary>
[Authorize(Policy = "perm:PlanManage")]
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<(TargetCategory Category, string Name)> Categories => TargetNames.Categories;

    public void OnGet()
    {
    }
}
