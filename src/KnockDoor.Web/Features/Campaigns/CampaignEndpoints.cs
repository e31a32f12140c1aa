using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Campaigns;

public sealed record WorkGroupMemberDto(string Name, string GroupRole, string Position, string? Phone, string? OrgUnitCode, bool IsOfficeDirector);

public sealed record CampaignDto(
    Guid Id, string CountyCode, string Name, string DocumentNumber, string? IssuedBy,
    DateOnly MobilisationStart, DateOnly MobilisationEnd, DateOnly InspectionStart, DateOnly InspectionEnd,
    DateOnly SummaryStart, DateOnly SummaryEnd, TimeOnly DailyReportDeadline, string TimeZoneId,
    string ReportMailbox, string? ContactName, string? ContactPhone, bool IsActive, List<WorkGroupMemberDto> WorkGroup)
{
    public static CampaignDto From(Campaign c) => new(c.Id, c.CountyCode, c.Name, c.DocumentNumber, c.IssuedBy,
        c.MobilisationStart, c.MobilisationEnd, c.InspectionStart, c.InspectionEnd, c.SummaryStart, c.SummaryEnd,
        c.DailyReportDeadline, c.TimeZoneId, c.ReportMailbox, c.ContactName, c.ContactPhone, c.IsActive,
        c.WorkGroup.OrderBy(m => m.SortOrder).Select(m => new WorkGroupMemberDto(m.Name, m.GroupRole, m.Position, m.Phone, m.OrgUnitCode, m.IsOfficeDirector)).ToList());
}

public sealed record CampaignInput(
    string Name, string DocumentNumber, string? IssuedBy,
    DateOnly MobilisationStart, DateOnly MobilisationEnd, DateOnly InspectionStart, DateOnly InspectionEnd,
    DateOnly SummaryStart, DateOnly SummaryEnd, TimeOnly DailyReportDeadline, string? TimeZoneId,
    string ReportMailbox, string? ContactName, string? ContactPhone, bool IsActive, List<WorkGroupMemberDto>? WorkGroup);

public static class CampaignEndpoints
{
    /// <summary>Checks a campaign; returns the messages of what is wrong (empty when fine).</summary>
    public static List<string> Check(CampaignInput input)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("行动名称不能为空");
        }
        if (string.IsNullOrWhiteSpace(input.DocumentNumber))
        {
            errors.Add("文号不能为空");
        }
        if (input.MobilisationStart > input.MobilisationEnd || input.InspectionStart > input.InspectionEnd || input.SummaryStart > input.SummaryEnd)
        {
            errors.Add("每个阶段的开始日期不能晚于结束日期");
        }
        if (input.MobilisationStart > input.InspectionStart || input.InspectionEnd > input.SummaryStart)
        {
            errors.Add("三个阶段应按“动员部署—排查整治—总结巩固”的顺序排列");
        }
        if (string.IsNullOrWhiteSpace(input.ReportMailbox) || !System.Net.Mail.MailAddress.TryCreate(input.ReportMailbox.Trim(), out _))
        {
            errors.Add("报送邮箱格式不正确");
        }
        var zone = string.IsNullOrWhiteSpace(input.TimeZoneId) ? "Asia/Shanghai" : input.TimeZoneId.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add($"时区“{zone}”无效");
        }
        foreach (var m in input.WorkGroup ?? [])
        {
            if (string.IsNullOrWhiteSpace(m.Name) || string.IsNullOrWhiteSpace(m.GroupRole) || string.IsNullOrWhiteSpace(m.Position))
            {
                errors.Add("专班成员的姓名、组内职务和单位职务都不能为空");
                break;
            }
        }
        return errors;
    }

    public static void Apply(Campaign c, CampaignInput input, DateTimeOffset now)
    {
        c.Name = input.Name.Trim();
        c.DocumentNumber = input.DocumentNumber.Trim();
        c.IssuedBy = input.IssuedBy?.Trim();
        c.MobilisationStart = input.MobilisationStart;
        c.MobilisationEnd = input.MobilisationEnd;
        c.InspectionStart = input.InspectionStart;
        c.InspectionEnd = input.InspectionEnd;
        c.SummaryStart = input.SummaryStart;
        c.SummaryEnd = input.SummaryEnd;
        c.DailyReportDeadline = input.DailyReportDeadline;
        c.TimeZoneId = string.IsNullOrWhiteSpace(input.TimeZoneId) ? "Asia/Shanghai" : input.TimeZoneId.Trim();
        c.ReportMailbox = input.ReportMailbox.Trim();
        c.ContactName = input.ContactName?.Trim();
        c.ContactPhone = input.ContactPhone?.Trim();
        c.IsActive = input.IsActive;
        c.UpdatedAt = now;
        c.WorkGroup.Clear();
        var order = 0;
        foreach (var m in input.WorkGroup ?? [])
        {
            c.WorkGroup.Add(new WorkGroupMember
            {
                Id = Guid.NewGuid(),
                CampaignId = c.Id,
                CountyCode = c.CountyCode,
                SortOrder = order++,
                Name = m.Name.Trim(),
                GroupRole = m.GroupRole.Trim(),
                Position = m.Position.Trim(),
                Phone = m.Phone?.Trim(),
                OrgUnitCode = m.OrgUnitCode,
                IsOfficeDirector = m.IsOfficeDirector,
            });
        }
    }

    /// <summary>The campaign that counts for a county today: the active one, else the latest.</summary>
    public static Task<Campaign?> CurrentAsync(AppDbContext db, string countyCode, CancellationToken ct) =>
        db.Campaigns.Include(c => c.WorkGroup)
            .Where(c => c.CountyCode == countyCode)
            .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart)
            .FirstOrDefaultAsync(ct);

    public static void MapCampaignApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/campaigns").WithTags("行动");

        group.MapGet("", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var list = await db.Campaigns.AsNoTracking().Include(c => c.WorkGroup)
                .Where(c => c.CountyCode == user.CountyCode).OrderByDescending(c => c.MobilisationStart).ToListAsync(ct);
            return list.Select(CampaignDto.From).ToList();
        }).WithSummary("本县的历次行动");

        group.MapGet("/current", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var campaign = await CurrentAsync(db, http.RequireUser().CountyCode, ct);
            return campaign is null ? Problems.NotFound.ToResult() : Results.Ok(CampaignDto.From(campaign));
        }).WithSummary("当前行动");

        group.MapPost("", async (CampaignInput input, HttpContext http, AppDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var errors = Check(input);
            if (errors.Count > 0)
            {
                return (Problems.CampaignInvalid with { Message = string.Join("；", errors) }).With("errors", errors).ToResult();
            }
            var campaign = new Campaign { Id = Guid.NewGuid(), CountyCode = user.CountyCode, Name = "", DocumentNumber = "", ReportMailbox = "" };
            Apply(campaign, input, clock.GetUtcNow());
            await DeactivateOthersAsync(db, campaign, ct);
            db.Campaigns.Add(campaign);
            audit.Add(user, AuditActionsCampaign.Create, "campaign", campaign.Id.ToString(), user.OrgUnitCode, after: CampaignDto.From(campaign));
            await db.SaveChangesAsync(ct);
            return Results.Created($"/api/v1/campaigns/{campaign.Id}", CampaignDto.From(campaign));
        }).RequirePermission(Permission.CampaignManage).WithSummary("新建行动（例如下一个冬季）");

        group.MapPut("/{id:guid}", async (Guid id, CampaignInput input, HttpContext http, AppDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var campaign = await db.Campaigns.Include(c => c.WorkGroup).FirstOrDefaultAsync(c => c.Id == id && c.CountyCode == user.CountyCode, ct);
            if (campaign is null)
            {
                return Problems.NotFound.ToResult();
            }
            var errors = Check(input);
            if (errors.Count > 0)
            {
                return (Problems.CampaignInvalid with { Message = string.Join("；", errors) }).With("errors", errors).ToResult();
            }
            var before = CampaignDto.From(campaign);
            db.WorkGroupMembers.RemoveRange(campaign.WorkGroup);
            Apply(campaign, input, clock.GetUtcNow());
            db.WorkGroupMembers.AddRange(campaign.WorkGroup);
            await DeactivateOthersAsync(db, campaign, ct);
            audit.Add(user, AuditActionsCampaign.Update, "campaign", campaign.Id.ToString(), user.OrgUnitCode, before, CampaignDto.From(campaign));
            await db.SaveChangesAsync(ct);
            return Results.Ok(CampaignDto.From(campaign));
        }).RequirePermission(Permission.CampaignManage).WithSummary("修改行动设置");
    }

    private static async Task DeactivateOthersAsync(AppDbContext db, Campaign campaign, CancellationToken ct)
    {
        if (!campaign.IsActive)
        {
            return;
        }
        foreach (var other in await db.Campaigns.Where(c => c.CountyCode == campaign.CountyCode && c.Id != campaign.Id && c.IsActive).ToListAsync(ct))
        {
            other.IsActive = false;
        }
    }
}

public static class AuditActionsCampaign
{
    public const string Create = "create";
    public const string Update = "update";
}
