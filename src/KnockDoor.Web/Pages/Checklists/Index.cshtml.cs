using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Checklists;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Checklists;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public ChecklistKind Kind { get; private set; }
    public List<ChecklistTemplate> Versions { get; private set; } = [];
    public ChecklistTemplate? Shown { get; private set; }
    public ChecklistDefinition? Definition { get; private set; }
    public bool CanPublish { get; private set; }

    public async Task OnGetAsync(string? kind, int? version, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Kind = TemplateEndpoints.KindFrom(kind ?? "household") ?? ChecklistKind.Household;
        CanPublish = me.Can(Permission.TemplatesManage);
        Versions = await db.ChecklistTemplates.AsNoTracking().Where(t => t.CountyCode == me.CountyCode && t.Kind == Kind)
            .OrderByDescending(t => t.Version).ToListAsync(ct);
        Shown = version is null ? Versions.FirstOrDefault(v => v.IsCurrent) : Versions.FirstOrDefault(v => v.Version == version);
        Definition = Shown?.Parse();
    }

    public static string KindKey(ChecklistKind kind) => kind switch
    {
        ChecklistKind.Household => "household",
        ChecklistKind.Institution => "institution",
    };

    public static string KindName(ChecklistKind kind) => kind switch
    {
        ChecklistKind.Household => "入户安全隐患排查清单",
        ChecklistKind.Institution => "养老机构检查表",
    };

    public static string HazardName(HazardAnswer? answer) => answer switch
    {
        HazardAnswer.Yes => "答“是”为隐患",
        HazardAnswer.No => "答“否”为隐患",
        null => "情况登记（非隐患）",
    };

    public static string SeverityName(Severity severity) => Features.Hazards.HazardNames.Severity(severity);
}
