using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Hazards;

/// <summary>回头看: make a revisit list for a township or the county, and record each revisit (confirm or reopen).</summary>
[Authorize(Policy = "perm:HazardsManage")]
public sealed class RevisitsModel(HazardRevisits revisits, HazardService hazards) : PageModel
{
    public const int PageRows = 500;

    public List<RevisitUnit> Units { get; private set; } = [];

    /// <summary>The unit whose lists are shown (and preselected in the form).</summary>
    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    public RevisitList Pending { get; private set; } = new(0, []);

    public RevisitList Done { get; private set; } = new(0, []);

    [TempData]
    public string? Ok { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? orgUnitCode, string? mode, int? percent, CancellationToken ct)
    {
        Unit = orgUnitCode;
        return await RunAsync(async () =>
        {
            var result = await revisits.CreateAsync(HttpContext.RequireUser(), new RevisitListRequest(orgUnitCode, mode, percent, null), ct);
            return result.Count == 0 ? "没有可列入清单的已销号隐患（已全部列入过，或尚无已销号隐患）" : $"已将 {result.Count} 条已销号隐患列入回头看清单";
        }, ct);
    }

    public Task<IActionResult> OnPostConfirmAsync(Guid id, int version, string? note, CancellationToken ct) =>
        RunAsync(async () =>
        {
            await hazards.TransitionAsync(HttpContext.RequireUser(), id,
                new TransitionRequest(HazardAction.ConfirmRevisit, version, null, null, note, null, null, null), ct);
            return "已确认整改到位";
        }, ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, int version, string? reason, CancellationToken ct) =>
        RunAsync(async () =>
        {
            await hazards.TransitionAsync(HttpContext.RequireUser(), id,
                new TransitionRequest(HazardAction.Reopen, version, null, null, null, reason, null, null), ct);
            return "隐患已重新打开，请重新交办整改";
        }, ct);

    private async Task<IActionResult> RunAsync(Func<Task<string>> work, CancellationToken ct)
    {
        try
        {
            Ok = await work();
            return RedirectToPage(new { unit = Unit });
        }
        catch (AppProblemException e)
        {
            Error = e.Problem.Message;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.RequireUser();
        Units = await revisits.UnitsAsync(user, ct);
        if (Unit is null || !Units.Any(u => u.Code == Unit))
        {
            // The caller's own unit when it is a township or the county, else the first they may list.
            Unit = Units.FirstOrDefault(u => u.Code == user.OrgUnitCode)?.Code ?? Units.FirstOrDefault()?.Code;
        }
        if (Unit is null)
        {
            return;
        }
        Pending = await revisits.ListAsync(user, Unit, HazardRevisits.StatePending, null, PageRows, ct);
        Done = await revisits.ListAsync(user, Unit, HazardRevisits.StateDone, null, PageRows, ct);
    }

    public static string UnitLabel(RevisitUnit unit) => unit.Kind == OrgUnitKind.County ? $"{unit.Name}（全县）" : unit.Name;

    public static string Result(HazardRevisitResult? result) => result switch
    {
        HazardRevisitResult.Confirmed => "整改到位",
        HazardRevisitResult.Reopened => "重新打开",
        null => "—",
        _ => result.Value.ToString(),
    };

    public static string Place(RevisitRow row) => row.PersonName is null ? row.PlaceName ?? row.OrgUnitCode : $"{row.PlaceName} · {row.PersonName}";

    public static string What(RevisitRow row) => row.ItemCode is null ? row.Description : $"{row.ItemCode} {row.Description}";
}
