using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Visits;

/// <summary>One visit as filled, rendered with the template version it was filled with.</summary>
[Authorize(Policy = "perm:VisitsRead")]
public sealed class DetailsModel(VisitService visits, AppDbContext db) : PageModel
{
    public VisitDto? Visit { get; private set; }
    public ChecklistDefinition? Definition { get; private set; }
    public string? PlaceName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var user = HttpContext.RequireUser();
        try
        {
            Visit = await visits.GetAsync(user, id, ct);
        }
        catch (AppProblemException)
        {
            return NotFound();
        }
        var template = await db.ChecklistTemplates.AsNoTracking().Where(t => t.Id == Visit.TemplateId).Select(t => new { t.Id, t.Definition }).FirstAsync(ct);
        Definition = TemplateCache.Parse(template.Id, template.Definition);
        PlaceName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == Visit.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return Page();
    }

    public AnswerView? AnswerOf(ChecklistItem item)
    {
        var answer = Visit!.Answers.FirstOrDefault(a => a.Code == item.Code);
        return answer is null ? null : new AnswerView(answer.Answer == Core.Checklists.HazardAnswer.Yes ? "是" : "否",
            item.HazardIf is { } h && h == answer.Answer, answer.FixedOnSpot, answer.Note);
    }

    public sealed record AnswerView(string Text, bool IsHazard, bool FixedOnSpot, string? Note);

    public static string China(DateTimeOffset at) => ChinaTime.Text(at);

    public static string OutcomeName(VisitOutcome outcome) => VisitNames.Outcome(outcome);

    public static string SeverityName(Severity severity) => VisitNames.Severity(severity);
}
