using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Visits;

/// <summary>
/// Conflicts kept for a township officer: registry conflicts to decide (keep the registry, or update it from the
/// visit) and id conflicts (a second submission under a stored visit's id) to look into.
/// </summary>
[Authorize(Policy = "perm:OutcomesConfirm")]
public sealed class ConflictsModel(ConflictService conflicts) : PageModel
{
    public ConflictList List { get; private set; } = new([], [], []);

    [TempData]
    public string? Ok { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => List = await conflicts.ListAsync(HttpContext.RequireUser(), ct);

    public async Task<IActionResult> OnPostResolveAsync(long id, ConflictResolution resolution, int? targetVersion, CancellationToken ct)
    {
        try
        {
            var done = await conflicts.ResolveAsync(HttpContext.RequireUser(), id, new ResolveConflictRequest(resolution, targetVersion), ct);
            Ok = $"{done.TargetName}：{ResolutionName(resolution)}";
            return RedirectToPage();
        }
        catch (AppProblemException e)
        {
            Error = e.Problem.Message;
            List = await conflicts.ListAsync(HttpContext.RequireUser(), ct);
            return Page();
        }
    }

    public static string ResolutionName(ConflictResolution? resolution) => resolution switch
    {
        ConflictResolution.KeepRegistry => "已保留名册",
        ConflictResolution.UpdateRegistry => "已按入户记录更新名册",
        null => "待处理",
    };
}
