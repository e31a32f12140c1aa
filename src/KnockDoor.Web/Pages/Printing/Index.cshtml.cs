using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Printing;

/// <summary>The villages (and institutions) the account sees, with their two PDFs: the visits so far and blank forms.</summary>
[Authorize(Policy = "perm:VisitsRead")]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(string Code, string Name, string Township, OrgUnitKind Kind, int ActiveTargets);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.RequireUser();
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Kind == OrgUnitKind.Village || o.Kind == OrgUnitKind.Institution || o.Kind == OrgUnitKind.Township)
            .Select(o => new { o.Code, o.Name, o.ParentCode, o.Kind, o.Path })
            .ToListAsync(ct);
        var townships = units.Where(u => u.Kind == OrgUnitKind.Township).ToDictionary(u => u.Code, u => u.Name);
        var counts = await db.Targets.AsNoTracking().VisibleTo(user).Where(t => t.Status == TargetStatus.Active)
            .GroupBy(t => t.OrgUnitCode).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rows = [.. units.Where(u => u.Kind != OrgUnitKind.Township)
            .OrderBy(u => u.Path, StringComparer.Ordinal)
            .Select(u => new Row(u.Code, u.Name, u.ParentCode is { } p ? townships.GetValueOrDefault(p, "") : "", u.Kind, counts.GetValueOrDefault(u.Code)))];
    }
}
