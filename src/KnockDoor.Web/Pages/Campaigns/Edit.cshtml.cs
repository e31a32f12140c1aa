using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Campaigns;

[Authorize(Policy = "perm:CampaignManage")]
public sealed class EditModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class MemberRow
    {
        public string? Name { get; set; }
        public string? GroupRole { get; set; }
        public string? Position { get; set; }
        public string? Phone { get; set; }
        public bool IsOfficeDirector { get; set; }
    }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? DocumentNumber { get; set; }
    [BindProperty] public string? IssuedBy { get; set; }
    [BindProperty] public DateOnly MobilisationStart { get; set; }
    [BindProperty] public DateOnly MobilisationEnd { get; set; }
    [BindProperty] public DateOnly InspectionStart { get; set; }
    [BindProperty] public DateOnly InspectionEnd { get; set; }
    [BindProperty] public DateOnly SummaryStart { get; set; }
    [BindProperty] public DateOnly SummaryEnd { get; set; }
    [BindProperty] public TimeOnly DailyReportDeadline { get; set; } = new(15, 0);
    [BindProperty] public string? TimeZoneId { get; set; } = "Asia/Shanghai";
    [BindProperty] public string? ReportMailbox { get; set; }
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }
    [BindProperty] public bool IsActive { get; set; }
    [BindProperty] public List<MemberRow> WorkGroup { get; set; } = [];

    public Guid? Id { get; private set; }
    public List<string> Errors { get; private set; } = [];

    [TempData]
    public string? Ok { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (id is null)
        {
            var today = ChinaTime.Today(clock);
            MobilisationStart = MobilisationEnd = InspectionStart = InspectionEnd = SummaryStart = SummaryEnd = today;
            return Page();
        }
        var c = await db.Campaigns.AsNoTracking().Include(x => x.WorkGroup).FirstOrDefaultAsync(x => x.Id == id && x.CountyCode == me.CountyCode, ct);
        if (c is null)
        {
            return NotFound();
        }
        Id = c.Id;
        Name = c.Name;
        DocumentNumber = c.DocumentNumber;
        IssuedBy = c.IssuedBy;
        MobilisationStart = c.MobilisationStart;
        MobilisationEnd = c.MobilisationEnd;
        InspectionStart = c.InspectionStart;
        InspectionEnd = c.InspectionEnd;
        SummaryStart = c.SummaryStart;
        SummaryEnd = c.SummaryEnd;
        DailyReportDeadline = c.DailyReportDeadline;
        TimeZoneId = c.TimeZoneId;
        ReportMailbox = c.ReportMailbox;
        ContactName = c.ContactName;
        ContactPhone = c.ContactPhone;
        IsActive = c.IsActive;
        WorkGroup = c.WorkGroup.OrderBy(m => m.SortOrder)
            .Select(m => new MemberRow { Name = m.Name, GroupRole = m.GroupRole, Position = m.Position, Phone = m.Phone, IsOfficeDirector = m.IsOfficeDirector }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Id = id;
        if (!ModelState.IsValid)
        {
            Errors.Add("日期或时间格式不正确，请重新选择");
            return Page();
        }
        // Rows left completely empty are a slip of the "add" button, not a member with missing fields.
        var members = WorkGroup
            .Where(m => !string.IsNullOrWhiteSpace(m.Name) || !string.IsNullOrWhiteSpace(m.GroupRole) || !string.IsNullOrWhiteSpace(m.Position) || !string.IsNullOrWhiteSpace(m.Phone))
            .Select(m => new WorkGroupMemberDto(m.Name ?? "", m.GroupRole ?? "", m.Position ?? "", string.IsNullOrWhiteSpace(m.Phone) ? null : m.Phone, null, m.IsOfficeDirector))
            .ToList();
        var input = new CampaignInput(Name ?? "", DocumentNumber ?? "", string.IsNullOrWhiteSpace(IssuedBy) ? null : IssuedBy,
            MobilisationStart, MobilisationEnd, InspectionStart, InspectionEnd, SummaryStart, SummaryEnd, DailyReportDeadline, TimeZoneId,
            ReportMailbox ?? "", string.IsNullOrWhiteSpace(ContactName) ? null : ContactName, string.IsNullOrWhiteSpace(ContactPhone) ? null : ContactPhone,
            IsActive, members);
        Errors = CampaignEndpoints.Check(input);
        if (Errors.Count > 0)
        {
            return Page();
        }

        // Mirrors POST/PUT /api/v1/campaigns so that the page and the API store and audit the same way.
        var now = clock.GetUtcNow();
        Campaign campaign;
        if (id is null)
        {
            campaign = new Campaign { Id = Guid.NewGuid(), CountyCode = me.CountyCode, Name = "", DocumentNumber = "", ReportMailbox = "" };
            CampaignEndpoints.Apply(campaign, input, now);
            db.Campaigns.Add(campaign);
            audit.Add(me, AuditActionsCampaign.Create, "campaign", campaign.Id.ToString(), me.OrgUnitCode, after: CampaignDto.From(campaign));
        }
        else
        {
            var found = await db.Campaigns.Include(c => c.WorkGroup).FirstOrDefaultAsync(c => c.Id == id && c.CountyCode == me.CountyCode, ct);
            if (found is null)
            {
                return NotFound();
            }
            campaign = found;
            var before = CampaignDto.From(campaign);
            db.WorkGroupMembers.RemoveRange(campaign.WorkGroup);
            CampaignEndpoints.Apply(campaign, input, now);
            db.WorkGroupMembers.AddRange(campaign.WorkGroup);
            audit.Add(me, AuditActionsCampaign.Update, "campaign", campaign.Id.ToString(), me.OrgUnitCode, before, CampaignDto.From(campaign));
        }
        if (campaign.IsActive)
        {
            // Only one campaign per county is active, as the API keeps it.
            foreach (var other in await db.Campaigns.Where(c => c.CountyCode == campaign.CountyCode && c.Id != campaign.Id && c.IsActive).ToListAsync(ct))
            {
                other.IsActive = false;
            }
        }
        await db.SaveChangesAsync(ct);
        Ok = "行动设置已保存";
        return RedirectToPage("Index", new { id = campaign.Id });
    }
}
