using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Deliveries;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Reports;

/// <summary>发送记录: the county's e-mails and robot posts of a day, their state, and a retry for the failed ones (county office).</summary>
[Authorize(Policy = "perm:DailyReportsView")]
public sealed class DeliveriesModel(AppDbContext db, DeliveryDispatcher dispatcher, DeliverySignal signal, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, DeliveryChannel Channel, DeliveryKind Kind, string Recipient, string Subject, string? AttachmentName,
        DeliveryStatus Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

    public DateOnly Day { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public bool CanRetry { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(DateOnly? day, CancellationToken ct)
    {
        var user = HttpContext.RequireUser();
        if (user.OrgUnitCode != user.CountyCode)
        {
            return Forbid();
        }
        Day = day ?? ChinaTime.Today(clock);
        CanRetry = user.Role == Role.CountyOffice;
        var list = await db.Deliveries.AsNoTracking().Where(d => d.CountyCode == user.CountyCode && d.Day == Day)
            .Select(d => new Row(d.Id, d.Channel, d.Kind, d.Recipient, d.Subject, d.AttachmentName, d.Status, d.Attempts, d.NextAttemptAt,
                d.LastError, d.CreatedAt, d.SentAt))
            .ToListAsync(ct);
        // Failed first, then pending, then sent; newest first within each.
        Rows = [.. list.OrderBy(r => r.Status switch { DeliveryStatus.Failed => 0, DeliveryStatus.Pending => 1, DeliveryStatus.Sent => 2 })
            .ThenByDescending(r => r.CreatedAt)];
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, DateOnly? day, CancellationToken ct)
    {
        var user = HttpContext.RequireUser();
        if (user.Role != Role.CountyOffice)
        {
            return Forbid();
        }
        if (await dispatcher.RetryAsync(user.CountyCode, id, ct))
        {
            signal.Notify();
            Message = "已重新排队发送。";
        }
        else
        {
            Message = "该记录不是发送失败状态，无需重试。";
        }
        return RedirectToPage(new { day = day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }

    public static string ChannelName(DeliveryChannel channel) => channel switch
    {
        DeliveryChannel.Email => "邮件",
        DeliveryChannel.DingTalk => "钉钉群",
        DeliveryChannel.WeCom => "企业微信群",
    };

    public static string KindName(DeliveryKind kind) => kind switch
    {
        DeliveryKind.ReportReminder => "报送提醒",
        DeliveryKind.MissingList => "未报名单",
        DeliveryKind.CountyTable => "汇总表",
        DeliveryKind.CriticalHazard => "重大隐患",
    };

    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "待发送",
        DeliveryStatus.Sent => "已发送",
        DeliveryStatus.Failed => "发送失败",
    };
}
