using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Checklists;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Checklists;

/// <summary>
/// Edits the current version into a new one: items added, removed, reworded, reordered, hazard answer and severity set;
/// header fields made required or optional (their keys and labels stay).
/// </summary>
[Authorize(Policy = "perm:TemplatesManage")]
public sealed class EditModel(AppDbContext db, TemplatePublisher publisher) : PageModel
{
    public sealed class ItemRow
    {
        public string Section { get; set; } = "";
        public string Code { get; set; } = "";
        public string Text { get; set; } = "";
        /// <summary>"Yes", "No" or "" (a fact, not a hazard).</summary>
        public string HazardIf { get; set; } = "";
        public Severity Severity { get; set; } = Severity.Medium;
        public string? Hint { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "household";

    [BindProperty]
    public string Title { get; set; } = "";

    [BindProperty]
    public string? ChangeNote { get; set; }

    [BindProperty]
    public List<ItemRow> Items { get; set; } = [];

    /// <summary>The keys of the header fields ticked as required.</summary>
    [BindProperty]
    public List<string> RequiredHeader { get; set; } = [];

    /// <summary>The header fields of the current version, in order.</summary>
    public IReadOnlyList<HeaderField> Header { get; private set; } = [];

    public int CurrentVersion { get; private set; }
    public List<string> Errors { get; } = [];

    private async Task<ChecklistTemplate?> CurrentAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        var kind = TemplateEndpoints.KindFrom(Kind) ?? throw new AppProblemException(Problems.NotFound);
        return await db.ChecklistTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.CountyCode == me.CountyCode && t.Kind == kind && t.IsCurrent, ct);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (current is null)
        {
            return NotFound();
        }
        CurrentVersion = current.Version;
        var d = current.Parse();
        Title = d.Title;
        Header = d.Header;
        RequiredHeader = [.. d.Header.Where(f => f.Required).Select(f => f.Key)];
        Items = d.Sections.SelectMany(s => s.Items.Select(i => new ItemRow
        {
            Section = s.Title,
            Code = i.Code,
            Text = i.Text,
            HazardIf = i.HazardIf?.ToString() ?? "",
            Severity = i.Severity,
            Hint = i.Hint,
        })).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (current is null)
        {
            return NotFound();
        }
        CurrentVersion = current.Version;
        var old = current.Parse();
        Header = old.Header;
        var rows = Items.Where(i => !string.IsNullOrWhiteSpace(i.Code) || !string.IsNullOrWhiteSpace(i.Text)).ToList();
        // Sections in the order they first appear, items in the order they were arranged.
        var sections = rows.GroupBy(r => string.IsNullOrWhiteSpace(r.Section) ? "检查项目" : r.Section.Trim())
            .Select(g => new ChecklistSection(g.Key, g.Select(r => new ChecklistItem(
                r.Code.Trim().ToUpperInvariant(),
                r.Text.Trim(),
                r.HazardIf switch { "Yes" => HazardAnswer.Yes, "No" => HazardAnswer.No, _ => null },
                r.Severity,
                string.IsNullOrWhiteSpace(r.Hint) ? null : r.Hint.Trim())).ToList()))
            .ToList();
        var required = RequiredHeader.ToHashSet(StringComparer.Ordinal);
        var header = old.Header.Select(f => f with { Required = required.Contains(f.Key) }).ToList();
        var definition = old with { Title = Title?.Trim() ?? "", Header = header, Sections = sections };
        try
        {
            var published = await publisher.PublishAsync(HttpContext.RequireUser(), current.Kind, definition, ChangeNote, ct);
            TempData["Message"] = $"已发布第 {published.Version} 版。此后新填写的表单使用新版本，已填写的表单仍按原版本显示。";
            return Redirect($"/Checklists?kind={Kind}");
        }
        catch (AppProblemException ex)
        {
            Errors.AddRange(ex.Problem.Extensions.TryGetValue("errors", out var e) && e is List<string> list ? list : [ex.Problem.Message]);
            return Page();
        }
    }
}
