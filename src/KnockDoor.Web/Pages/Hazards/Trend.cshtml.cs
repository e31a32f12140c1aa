using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Pages.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Hazards;

/// <summary>
/// 隐患动态清零: the oldest pending hazards, the daily found/closed/pending chart of a unit and one line per child unit.
/// Rendered on the server (the tables carry every figure of the charts); the scope is applied by the service.
/// </summary>
[Authorize(Policy = "perm:HazardsRead")]
public sealed class TrendModel(AppDbContext db, HazardTrendService trend) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? OrgUnitCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CampaignId { get; set; }

    public HazardTrendReport Report { get; private set; } = null!;

    /// <summary>The caller's own unit, then its townships, villages and institutions.</summary>
    public List<OrgUnitOption> Units { get; private set; } = [];

    public string OwnUnitCode { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Report = await trend.TrendAsync(me, OrgUnitCode, CampaignId, ct);
        OwnUnitCode = me.OrgUnitCode;
        var own = await trend.UnitAsync(me, null, ct);
        Units = [new OrgUnitOption(own.Code, own.Name, own.Kind, 0), .. (await OrgUnitOptions.LoadAsync(db, me, includeTownships: true, ct)).Where(o => o.Code != own.Code)];
    }

    /// <summary>The chart's figures for the script; the same numbers are in the tables.</summary>
    public object ChartData() => new
    {
        days = Report.Total.Days.Select(d => d.Day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        found = Report.Total.Days.Select(d => d.Found),
        closed = Report.Total.Days.Select(d => d.Closed),
        pending = Report.Total.Days.Select(d => d.Pending),
        units = Report.Units.Select(u => new { name = u.Name, pending = u.Days.Select(d => d.Pending) }),
    };
}
