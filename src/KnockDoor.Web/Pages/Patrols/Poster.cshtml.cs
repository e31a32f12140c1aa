using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Pages.Patrols;

/// <summary>
/// A township's A4 poster for the public lead page: the QR code of /lead/{code}, on the configured public address
/// (Leads:PublicBaseUrl) or the one this page was opened at.
/// </summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class PosterModel(AppDbContext db, IOptions<LeadOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "orgUnitCode")] public string? OrgUnitCode { get; set; }

    public List<UnitChoice> Townships { get; private set; } = [];
    public UnitChoice? Township { get; private set; }
    public string? Hotline { get; private set; }
    public string LeadUrl { get; private set; } = "";
    public string Qr { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Townships = [.. (await PatrolPageData.UnitsAsync(db, me, ct)).Where(u => u.Kind == OrgUnitKind.Township)];
        Township = Townships.FirstOrDefault(t => t.Code == OrgUnitCode) ?? (Townships.Count == 1 ? Townships[0] : null);
        if (Township is null)
        {
            return;
        }
        Hotline = await db.OrgUnits.AsNoTracking().Where(o => o.Code == Township.Code).Select(o => o.ContactPhone).FirstOrDefaultAsync(ct);
        var root = PatrolService.Clean(options.Value.PublicBaseUrl)?.TrimEnd('/') ?? $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        LeadUrl = $"{root}/lead/{Township.Code}";
        Qr = PosterQr.Svg(LeadUrl);
    }
}
