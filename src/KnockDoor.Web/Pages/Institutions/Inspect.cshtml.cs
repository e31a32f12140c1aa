using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Institutions;

/// <summary>
/// The institution checklist as a form (township supervision or the institution's self-check). The visit id
/// is made when the form is shown, so that submitting twice stores one inspection.
/// </summary>
[Authorize(Policy = "perm:InstitutionsInspect")]
public sealed class InspectModel(AppDbContext db, VisitService visits, TimeProvider clock) : PageModel
{
    public string Code { get; private set; } = "";
    public string InstitutionName { get; private set; } = "";
    public Guid TemplateId { get; private set; }
    public ChecklistDefinition? Definition { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public Guid VisitId { get; set; }
    [BindProperty] public DateTimeOffset StartedAt { get; set; }
    [BindProperty] public string? OtherHazards { get; set; }
    [BindProperty] public string? Tasks { get; set; }
    [BindProperty] public string? SignerName { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        VisitId = Guid.NewGuid();
        StartedAt = clock.GetUtcNow();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        var user = HttpContext.RequireUser();
        // A second submit of the same form (double click, back and submit): the inspection is stored already.
        if (await visits.Readable(user).AnyAsync(v => v.Id == VisitId && v.VisitorId == user.Id, ct))
        {
            return Redirect($"/Visits/Details/{VisitId}");
        }
        var form = Request.Form;
        var answers = new List<AnswerInput>();
        foreach (var item in Definition!.AllItems)
        {
            var value = form["a_" + item.Code].ToString();
            if (Enum.TryParse<HazardAnswer>(value, out var answer))
            {
                answers.Add(new AnswerInput(item.Code, answer, form["f_" + item.Code].Contains("true"), Clean(form["n_" + item.Code])));
            }
        }
        var header = Definition.Header.ToDictionary(h => h.Key, h => Clean(form["h_" + h.Key]));
        var others = (OtherHazards ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => new OtherHazardInput(l)).ToList();
        var input = new VisitInput(VisitId, ChecklistKind.Institution, null, Code, TemplateId, VisitOutcome.Visited, null,
            StartedAt, clock.GetUtcNow(), null, null, null, header.Where(h => h.Value is not null).ToDictionary(h => h.Key, h => h.Value),
            answers, others, Clean(Tasks), null, Clean(SignerName), null, null, null, "web");
        try
        {
            await visits.SubmitAsync(user, input, ct);
            return Redirect($"/Visits/Details/{VisitId}");
        }
        catch (AppProblemException e)
        {
            if (await visits.Readable(user).AnyAsync(v => v.Id == VisitId && v.VisitorId == user.Id, ct))
            {
                return Redirect($"/Visits/Details/{VisitId}");
            }
            Error = e.Problem.Message;
            return Page();
        }
    }

    public string Value(string name) => Request.HasFormContentType ? Request.Form[name].ToString() : "";

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        var user = HttpContext.RequireUser();
        var institution = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Code == code && o.Kind == OrgUnitKind.Institution).Select(o => new { o.Code, o.Name }).FirstOrDefaultAsync(ct);
        var template = await db.ChecklistTemplates.AsNoTracking()
            .Where(t => t.CountyCode == user.CountyCode && t.Kind == ChecklistKind.Institution && t.IsCurrent)
            .OrderByDescending(t => t.Version).Select(t => new { t.Id, t.Definition }).FirstOrDefaultAsync(ct);
        if (institution is null || template is null)
        {
            return false;
        }
        Code = institution.Code;
        InstitutionName = institution.Name;
        TemplateId = template.Id;
        Definition = TemplateCache.Parse(template.Id, template.Definition);
        return true;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
