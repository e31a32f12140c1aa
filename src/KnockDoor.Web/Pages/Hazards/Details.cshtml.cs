using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Hazards;

/// <summary>
/// One hazard: its fields, history and "after" photos, and the forms of the moves the caller may make from its
/// status. A form posts here and goes to <see cref="HazardService.TransitionAsync"/>, the same path as the API, so a
/// refusal shows the same Chinese message (and status code) the API would give.
/// </summary>
[Authorize(Policy = "perm:HazardsRead")]
public sealed class DetailsModel(AppDbContext db, HazardService hazards) : PageModel
{
    private static readonly HazardAction[] Moves =
        [HazardAction.Assign, HazardAction.Reassign, HazardAction.ReportFix, HazardAction.Verify, HazardAction.SendBack, HazardAction.Escalate,
         HazardAction.Resolve, HazardAction.ConfirmRevisit, HazardAction.Reopen];

    [BindProperty] public HazardAction? Action { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public Guid? AssigneeId { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? InterimMeasures { get; set; }
    [BindProperty] public List<Guid> PhotoIds { get; set; } = [];

    public HazardDto Hazard { get; private set; } = null!;
    public CurrentUser Me { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public string TownshipName { get; private set; } = "";
    public string? PersonName { get; private set; }
    public string? Address { get; private set; }
    public string? ItemText { get; private set; }
    public bool AwaitingRevisit { get; private set; }
    public string? RevisitText { get; private set; }
    public IReadOnlyList<HazardAction> Allowed { get; private set; } = [];
    public List<PersonOption> Assignees { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Done = done is not null && Enum.TryParse<HazardAction>(done, out var a) ? HazardNames.Action(a) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Me = HttpContext.RequireUser();
        try
        {
            await hazards.TransitionAsync(Me, id, new TransitionRequest(Action, Version, AssigneeId, Deadline, Note, Reason, InterimMeasures, PhotoIds), ct);
            return Redirect($"/Hazards/Details/{id}?done={Action}");
        }
        catch (AppProblemException ex) when (ex.Problem.Status != StatusCodes.Status404NotFound)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
        catch (AppProblemException)
        {
            return NotFound();
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Hazard = await hazards.GetAsync(Me, id, ct);
        }
        catch (AppProblemException ex) when (ex.Problem.Status == StatusCodes.Status404NotFound)
        {
            return false;
        }
        Today = Core.Common.ChinaTime.Today(HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        var revisit = await db.Hazards.AsNoTracking().VisibleTo(Me, db).Where(h => h.Id == id)
            .Select(h => new { h.RevisitListedAt, h.RevisitedAt, h.RevisitResult, h.RevisitedByName, h.RevisitNote, h.OrgPath }).FirstAsync(ct);
        AwaitingRevisit = revisit.RevisitListedAt is not null && revisit.RevisitedAt is null;
        if (revisit.RevisitedAt is { } at)
        {
            RevisitText = $"{Core.Common.ChinaTime.Text(at)} {revisit.RevisitedByName}："
                + (revisit.RevisitResult == HazardRevisitResult.Reopened ? "重新打开" : "整改有效") + (revisit.RevisitNote is null ? "" : "（" + revisit.RevisitNote + "）");
        }
        var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Code == Hazard.OrgUnitCode).Select(o => new { o.Name, o.Kind, o.ParentCode }).FirstOrDefaultAsync(ct);
        UnitName = unit?.Name ?? Hazard.OrgUnitCode;
        if (unit?.ParentCode is { } parent)
        {
            TownshipName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == parent && o.Kind == OrgUnitKind.Township).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        }
        if (Hazard.TargetId is { } targetId)
        {
            var target = await db.Targets.AsNoTracking().VisibleTo(Me).Where(t => t.Id == targetId).Select(t => new { t.Name, t.Address }).FirstOrDefaultAsync(ct);
            (PersonName, Address) = (target?.Name, target?.Address);
        }
        if (Hazard.ItemCode is { } code)
        {
            var templateId = Hazard.VisitId is { } visitId
                ? await db.Visits.AsNoTracking().Where(v => v.Id == visitId).Select(v => (Guid?)v.TemplateId).FirstOrDefaultAsync(ct)
                : null;
            var items = templateId is { } t && await TemplateCache.GetAsync(db, t, ct) is { } template
                ? template.Definition.AllItems.Select(i => new ItemOption(i.Code, i.Text, template.Kind)).ToList()
                : await HazardPageData.ItemsAsync(db, Me, ct);
            ItemText = items.FirstOrDefault(i => i.Code == code)?.Text;
        }
        Allowed = [.. Moves.Where(a => Me.Can(HazardLifecycle.PermissionFor(a)) && HazardLifecycle.Target(Hazard.Status, a) is not null
            && (a is not (HazardAction.ConfirmRevisit or HazardAction.Reopen) || AwaitingRevisit))];
        if (Allowed.Any(a => a is HazardAction.Assign or HazardAction.Reassign))
        {
            Assignees = [.. (await HazardPageData.RectifiersAsync(db, Me, ct)).Where(p => revisit.OrgPath.StartsWith(p.OrgPath, StringComparison.Ordinal))];
        }
        return true;
    }

    public static string Severity(Severity severity) => HazardNames.Severity(severity);
}
