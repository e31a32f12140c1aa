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

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        UnitName = await db.OrgUnits.Where(o => o.Code == me.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        Campaign = await CampaignEndpoints.CurrentAsync(db, me.CountyCode, ct);
        PhaseName = Campaign is null ? "" : Campaign.PhaseName(Campaign.PhaseOn(targets.Today()));
        TargetCount = await db.Targets.VisibleTo(me).CountAsync(t => t.Status == TargetStatus.Active, ct);
        VillageCount = await db.OrgUnits.VisibleTo(me).CountAsync(o => o.Kind == OrgUnitKind.Village, ct);
        InstitutionCount = await db.OrgUnits.VisibleTo(me).CountAsync(o => o.Kind == OrgUnitKind.Institution, ct);
    }
}
