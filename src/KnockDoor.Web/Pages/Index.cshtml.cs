using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Targets;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages;

public sealed class IndexModel(AppDbContext db, TargetService targets) : PageModel
{
    public string UnitName { get; private set; } = "";
    public Campaign? Campaign { get; private set; }
    public string PhaseName { get; private set; } = "";
    public int TargetCount { get; private set; }
    public int VillageCount { get; private set; }
    public int InstitutionCount { get; private set; }

    /// <summary>One row per unit directly below the user's own (townships for the county, villages for a township).</summary>
    public sealed record BreakdownRow(string Code, string Name, int Total, int[] ByCategory);

    public List<BreakdownRow> Breakdown { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        UnitName = await db.OrgUnits.Where(o => o.Code == me.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        Campaign = await CampaignEndpoints.CurrentAsync(db, me.CountyCode, ct);
        PhaseName = Campaign is null ? "" : Campaign.PhaseName(Campaign.PhaseOn(targets.Today()));
        TargetCount = await db.Targets.VisibleTo(me).CountAsync(t => t.Status == TargetStatus.Active, ct);
        VillageCount = await db.OrgUnits.VisibleTo(me).CountAsync(o => o.Kind == OrgUnitKind.Village, ct);
        InstitutionCount = await db.OrgUnits.VisibleTo(me).CountAsync(o => o.Kind == OrgUnitKind.Institution, ct);
        await LoadBreakdownAsync(me, ct);
    }

    private async Task LoadBreakdownAsync(CurrentUser me, CancellationToken ct)
    {
        // One grouped query; categories are flags, so each group adds to every category it carries.
        var groups = await db.Targets.AsNoTracking().VisibleTo(me).Where(t => t.Status == TargetStatus.Active)
            .GroupBy(t => new { t.OrgPath, t.Categories })
            .Select(g => new { g.Key.OrgPath, g.Key.Categories, Count = g.Count() })
            .ToListAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(me)
            .Where(o => o.ParentCode == me.OrgUnitCode || o.Code == me.OrgUnitCode)
            .OrderBy(o => o.Code).Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        var categories = TargetNames.Categories;
        var rows = units.ToDictionary(u => u.Code, u => (u.Name, Total: 0, ByCategory: new int[categories.Count]));
        foreach (var g in groups)
        {
            // The first code below the user's own path names the row; a target bound to the user's unit itself gets its own row.
            var rest = g.OrgPath.Length > me.OrgPath.Length ? g.OrgPath[me.OrgPath.Length..] : "";
            var code = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? me.OrgUnitCode;
            if (!rows.TryGetValue(code, out var row))
            {
                continue;
            }
            row.Total += g.Count;
            for (var i = 0; i < categories.Count; i++)
            {
                if (g.Categories.HasFlag(categories[i].Category))
                {
                    row.ByCategory[i] += g.Count;
                }
            }
            rows[code] = row;
        }
        Breakdown = units.Select(u => rows[u.Code]).Zip(units, (r, u) => new BreakdownRow(u.Code, u.Code == me.OrgUnitCode ? r.Name + "(本级)" : r.Name, r.Total, r.ByCategory))
            .Where(r => r.Code != me.OrgUnitCode || r.Total > 0).ToList();
    }
}
