using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.OrgUnits;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.OrgUnits;

public sealed class IndexModel(AppDbContext db, OrgTree tree) : PageModel
{
    public static readonly string[] InstitutionTypes = ["养老机构", "敬老院", "日间照料中心", "其他"];

    public OrgUnit? Root { get; private set; }
    public ILookup<string, OrgUnit> Children { get; private set; } = Array.Empty<OrgUnit>().ToLookup(o => o.Code);
    /// <summary>Active targets per unit, including everything below it.</summary>
    public Dictionary<string, int> Counts { get; private set; } = [];
    public List<OrgUnit> Townships { get; private set; } = [];
    public List<OrgUnit> Parents { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Ok { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVillageAsync(string townshipCode, string name, string? code, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (!me.Can(Permission.OrgManage))
        {
            return Forbid();
        }
        try
        {
            var village = await tree.AddVillageAsync(new OrgTree.VillageInput(townshipCode ?? "", name ?? "", code), me, ct);
            Ok = $"已新增村(社区)“{village.Name}”（代码 {village.Code}）";
            return RedirectToPage();
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostInstitutionAsync(string parentCode, string name, string? type, string? address, string? contactName, string? contactPhone, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (!me.Can(Permission.OrgManage))
        {
            return Forbid();
        }
        if (type is not null && !InstitutionTypes.Contains(type))
        {
            type = null;
        }
        try
        {
            var unit = await tree.AddInstitutionAsync(new OrgTree.InstitutionInput(parentCode ?? "", name ?? "", type, address, contactName, contactPhone), me, ct);
            Ok = $"已新增机构“{unit.Name}”（代码 {unit.Code}）";
            return RedirectToPage();
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLoadAsync(string divisionCode, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (!me.Can(Permission.OrgManage))
        {
            return Forbid();
        }
        try
        {
            var result = await tree.LoadDivisionAsync(divisionCode ?? "", me, ct);
            Ok = $"已加载区划 {result.Code} {result.Name}：新增 {result.Added} 个单位，已有 {result.AlreadyPresent} 个";
            return RedirectToPage();
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        CanManage = me.Can(Permission.OrgManage);
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(me).OrderBy(o => o.Path).ToListAsync(ct);
        Root = units.FirstOrDefault(o => o.Code == me.OrgUnitCode);
        Children = units.Where(o => o.ParentCode is not null).ToLookup(o => o.ParentCode!);
        Townships = units.Where(o => o.Kind == OrgUnitKind.Township).OrderBy(o => o.Code).ToList();
        Parents = units.Where(o => o.Kind is OrgUnitKind.County or OrgUnitKind.Township).OrderBy(o => o.Path).ToList();

        // One grouped query; the sums up the tree are done here so the database does not need a join per level.
        var perUnit = await db.Targets.AsNoTracking().VisibleTo(me).Where(t => t.Status == TargetStatus.Active)
            .GroupBy(t => t.OrgUnitCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var paths = units.ToDictionary(o => o.Code, o => o.Path);
        Counts = [];
        foreach (var row in perUnit)
        {
            if (!paths.TryGetValue(row.Code, out var path))
            {
                continue;
            }
            foreach (var code in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                Counts[code] = Counts.GetValueOrDefault(code) + row.Count;
            }
        }
    }

    public int CountOf(string code) => Counts.GetValueOrDefault(code);
}
