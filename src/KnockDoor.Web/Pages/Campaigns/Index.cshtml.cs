using System.Text.RegularExpressions;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Campaigns;

public sealed partial class IndexModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public Campaign? Campaign { get; private set; }
    public List<Campaign> Others { get; private set; } = [];
    public bool CanManage { get; private set; }

    [TempData]
    public string? Ok { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        CanManage = me.Can(Permission.CampaignManage);
        var current = await CampaignEndpoints.CurrentAsync(db, me.CountyCode, ct);
        if (id is { } wanted && wanted != current?.Id)
        {
            Campaign = await db.Campaigns.AsNoTracking().Include(c => c.WorkGroup)
                .FirstOrDefaultAsync(c => c.Id == wanted && c.CountyCode == me.CountyCode, ct);
            if (Campaign is null)
            {
                return NotFound();
            }
        }
        else
        {
            Campaign = current;
        }
        Others = await db.Campaigns.AsNoTracking().Where(c => c.CountyCode == me.CountyCode && c.Id != (Campaign == null ? Guid.Empty : Campaign.Id))
            .OrderByDescending(c => c.MobilisationStart).ToListAsync(ct);
        return Page();
    }

    /// <summary>Next winter starts as a copy of this one a year later, inactive until the office has checked it.</summary>
    public async Task<IActionResult> OnPostNextYearAsync(Guid id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (!me.Can(Permission.CampaignManage))
        {
            return Forbid();
        }
        var source = await db.Campaigns.AsNoTracking().Include(c => c.WorkGroup)
            .FirstOrDefaultAsync(c => c.Id == id && c.CountyCode == me.CountyCode, ct);
        if (source is null)
        {
            return NotFound();
        }
        var copy = new Campaign
        {
            Id = Guid.NewGuid(),
            CountyCode = source.CountyCode,
            Name = BumpYears(source.Name),
            DocumentNumber = BumpYears(source.DocumentNumber),
            ReportMailbox = source.ReportMailbox,
        };
        var input = new CampaignInput(copy.Name, copy.DocumentNumber, source.IssuedBy,
            source.MobilisationStart.AddYears(1), source.MobilisationEnd.AddYears(1), source.InspectionStart.AddYears(1), source.InspectionEnd.AddYears(1),
            source.SummaryStart.AddYears(1), source.SummaryEnd.AddYears(1), source.DailyReportDeadline, source.TimeZoneId,
            source.ReportMailbox, source.ContactName, source.ContactPhone, IsActive: false,
            source.WorkGroup.OrderBy(m => m.SortOrder).Select(m => new WorkGroupMemberDto(m.Name, m.GroupRole, m.Position, m.Phone, m.OrgUnitCode, m.IsOfficeDirector)).ToList());
        CampaignEndpoints.Apply(copy, input, clock.GetUtcNow());
        db.Campaigns.Add(copy);
        audit.Add(me, AuditActionsCampaign.Create, "campaign", copy.Id.ToString(), me.OrgUnitCode, after: CampaignDto.From(copy));
        await db.SaveChangesAsync(ct);
        Ok = "已按下一年度复制行动设置（未启用）。请核对文号、日期和专班名单后保存并启用。";
        return RedirectToPage("Edit", new { id = copy.Id });
    }

    public static string BumpYears(string text) =>
        YearPattern().Replace(text, m => (int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?<!\d)20\d{2}(?!\d)")]
    private static partial Regex YearPattern();
}
