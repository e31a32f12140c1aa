using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Visits;

/// <summary>Visits reporting “moved away” or “deceased” that wait for the township's confirmation.</summary>
[Authorize(Policy = "perm:OutcomesConfirm")]
public sealed class PendingModel(VisitService visits, OutcomeConfirmation confirmation, Core.Data.AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string? TargetName, string OrgUnitName, VisitOutcome Outcome, string? Reason, DateTimeOffset FinishedAt, string VisitorName);

    public List<Row> Rows { get; private set; } = [];

    [TempData]
    public string? Ok { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var visit = await confirmation.ConfirmAsync(HttpContext.RequireUser(), id, ct);
            Ok = $"已确认：{visit.TargetName}（{VisitNames.Outcome(visit.Outcome)}），名册状态已更新";
            return RedirectToPage();
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
        var rows = await visits.Readable(user)
            .Where(v => !v.OutcomeConfirmed && (v.Outcome == VisitOutcome.MovedAway || v.Outcome == VisitOutcome.Deceased))
            .OrderBy(v => v.FinishedAt).Take(500)
            .Select(v => new
            {
                v.Id, v.Outcome, v.OutcomeReason, v.FinishedAt, v.VisitorName,
                TargetName = db.Targets.Where(t => t.Id == v.TargetId).Select(t => t.Name).FirstOrDefault(),
                Unit = db.OrgUnits.Where(o => o.Code == v.OrgUnitCode).Select(o => o.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.TargetName, r.Unit ?? "", r.Outcome, r.OutcomeReason, r.FinishedAt, r.VisitorName))];
    }
}
