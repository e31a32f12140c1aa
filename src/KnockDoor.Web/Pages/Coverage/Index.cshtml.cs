using KnockDoor.Core.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Coverage;

/// <summary>The coverage page: the figures come from /api/v1/coverage (scope applied there).</summary>
[Authorize(Policy = "perm:VisitsRead")]
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<(TargetCategory Category, string Name)> Categories => TargetNames.Categories;

    public void OnGet()
    {
    }
}
