using System.Globalization;
using System.Text;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using KnockDoor.Core.Notifications;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Features.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// The daily report's messages (README.md, "Delivery"), for each county whose current campaign is active and has a day
/// today in its own zone: from the reminder time (14:00) until the deadline, a reminder to each unit not in yet; from the
/// deadline (15:00), the missing list to the county office; once every unit is in, or from the table time (16:00), the
/// county table (xlsx) to the campaign's mailbox. Each message has a unique key, so a second run, or a run on another
/// server at the same moment, stores nothing more; the lease keeps the servers from doing the work twice.
/// </summary>
public sealed class DailyReportJobs(AppDbContext db, CountyTableService tables, Outbox outbox, JobLeases leases, ServerInstance instance,
    TimeProvider clock, IOptionsMonitor<ReportJobOptions> options, ILogger<DailyReportJobs> log)
{
    public const string LeaseName = "daily-report-jobs";

    /// <summary>Runs the jobs due now, unless another server holds the lease; returns how many messages this run stored.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await leases.TryTakeAsync(LeaseName, instance.Id, now, TimeSpan.FromMinutes(10), ct))
        {
            return 0;
        }
        try
        {
            return await RunUnleasedAsync(now, ct);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, instance.Id, clock.GetUtcNow(), CancellationToken.None);
        }
    }

    /// <summary>The jobs' work at <paramref name="now"/>, without the lease: safe to run twice at once (the keys decide).</summary>
    public async Task<int> RunUnleasedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var counties = await db.Campaigns.AsNoTracking().Where(c => c.IsActive).Select(c => c.CountyCode).Distinct().ToListAsync(ct);
        var stored = 0;
        foreach (var county in counties)
        {
            var campaign = await CampaignEndpoints.CurrentAsync(db, county, ct);
            if (campaign is null || !campaign.IsActive)
            {
                continue;
            }
            stored += await RunCountyAsync(campaign, now, ct);
        }
        return stored;
    }

    private async Task<int> RunCountyAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (today < campaign.MobilisationStart || today > campaign.SummaryEnd)
        {
            return 0;
        }
        var county = campaign.CountyCode;
        var deadline = DailyReportService.DeadlineOf(campaign, today);
        var remindFrom = At(zone, today, settings.ReminderTimeOfDay);
        var tableFrom = At(zone, today, settings.TableMailTimeOfDay);
        var tableKey = TableKey(county, today);
        var tableDone = await db.Deliveries.AsNoTracking().AnyAsync(d => d.DedupeKey == tableKey, ct);
        var remind = now >= remindFrom && now < deadline;
        var pastDeadline = now >= deadline;
        // Once the table is out, only a reminder or a missing list not sent yet could be left (e.g. a table time set before the deadline).
        var missingMailKey = MissingKey(county, today) + ":email";
        if (tableDone && !remind && (!pastDeadline || await db.Deliveries.AsNoTracking().AnyAsync(d => d.DedupeKey == missingMailKey, ct)))
        {
            return 0;
        }

        var missing = await tables.MissingAsync(county, today, ct);
        var stored = 0;
        if (remind && missing.Count > 0)
        {
            stored += await RemindAsync(campaign, today, deadline, missing, now, ct);
        }
        if (pastDeadline && missing.Count > 0)
        {
            stored += await SendMissingListAsync(campaign, today, missing, now, ct);
        }
        if (!tableDone && (missing.Count == 0 || now >= tableFrom))
        {
            stored += await SendTableAsync(campaign, today, now, ct);
        }
        if (stored > 0)
        {
            log.LogInformation("Daily report jobs: {Count} messages for county {County} on {Day}", stored, county,
                today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return stored;
    }

    /// <summary>In the app, each unit's officers (or staff); by e-mail, those of them with an address.</summary>
    private async Task<int> RemindAsync(Campaign campaign, DateOnly day, DateTimeOffset deadline, IReadOnlyList<MissingUnit> missing,
        DateTimeOffset now, CancellationToken ct)
    {
        var codes = missing.Select(m => m.OrgUnitCode).ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => codes.Contains(u.OrgUnitCode) && !u.IsDisabled && (u.Role == Role.TownshipOfficer || u.Role == Role.InstitutionStaff))
            .Select(u => new { u.Id, u.OrgUnitCode, u.Role, u.Email }).ToListAsync(ct);
        var time = Local(campaign, deadline);
        var notifications = new List<Notification>();
        var deliveries = new List<Delivery>();
        foreach (var unit in missing)
        {
            var role = unit.Kind == ReportUnitKind.Township ? Role.TownshipOfficer : Role.InstitutionStaff;
            var title = $"请于今天{time}前报送每日统计表";
            var body = $"{unit.Name}尚未报送 {day:yyyy-MM-dd} 的每日统计表和工作进展，请于 {time} 前在系统中核对、填写并报送。";
            notifications.Add(new Notification
            {
                CountyCode = campaign.CountyCode,
                OrgUnitCode = unit.OrgUnitCode,
                RoleKey = Roles.Key(role),
                DedupeKey = $"report-reminder:{unit.OrgUnitCode}:{Outbox.Key(day)}",
                Kind = NotificationKinds.ReportReminder,
                Title = title,
                Body = body,
                Link = $"/Reports/Daily?orgUnitCode={unit.OrgUnitCode}&day={day:yyyy-MM-dd}",
                CreatedAt = now,
            });
            foreach (var user in users.Where(u => u.OrgUnitCode == unit.OrgUnitCode && u.Role == role && !string.IsNullOrWhiteSpace(u.Email)))
            {
                deliveries.Add(Outbox.New(campaign.CountyCode, DeliveryChannel.Email, DeliveryKind.ReportReminder,
                    $"reminder:{unit.OrgUnitCode}:{Outbox.Key(day)}:{user.Id:N}:email", day, user.Email!.Trim(),
                    $"【{campaign.Name}】{title}", body + "\n\n（本邮件由系统自动发送）", now));
            }
        }
        return await outbox.StoreNewAsync(deliveries, notifications, ct);
    }

    /// <summary>In the app to the county office, by e-mail to the campaign's mailbox, and to the group robots.</summary>
    private async Task<int> SendMissingListAsync(Campaign campaign, DateOnly day, IReadOnlyList<MissingUnit> missing, DateTimeOffset now, CancellationToken ct)
    {
        var county = campaign.CountyCode;
        var deadline = Local(campaign, DailyReportService.DeadlineOf(campaign, day));
        var title = $"{day:yyyy-MM-dd} 每日报送：截至{deadline}有 {missing.Count} 个单位未报送";
        var lines = new StringBuilder();
        foreach (var unit in missing)
        {
            lines.Append("- ").Append(unit.Name);
            if (unit.ParentName is { Length: > 0 } parent && unit.Kind == ReportUnitKind.Institution)
            {
                lines.Append('（').Append(parent).Append('）');
            }
            if (unit.ContactName is { Length: > 0 } || unit.ContactPhone is { Length: > 0 })
            {
                lines.Append(" 联系人：").Append(unit.ContactName).Append(' ').Append(unit.ContactPhone);
            }
            lines.Append('\n');
        }
        var body = $"截至 {day:yyyy-MM-dd} {deadline}，以下单位尚未报送每日统计表：\n\n{lines}\n迟报仍可报送，系统将标记为迟报。";
        var key = MissingKey(county, day);
        var notification = new Notification
        {
            CountyCode = county,
            OrgUnitCode = county,
            RoleKey = Roles.Key(Role.CountyOffice),
            DedupeKey = key + ":app",
            Kind = NotificationKinds.ReportMissing,
            Title = title,
            Body = Outbox.Truncate(body, 2000),
            Link = "/Reports",
            CreatedAt = now,
        };
        List<Delivery> deliveries =
        [
            Outbox.New(county, DeliveryChannel.Email, DeliveryKind.MissingList, key + ":email", day, campaign.ReportMailbox.Trim(),
                $"【{campaign.Name}】{title}", body, now),
            .. outbox.ToRobots(county, DeliveryKind.MissingList, key, day, title, body, now),
        ];
        return await outbox.StoreNewAsync(deliveries, [notification], ct);
    }

    /// <summary>The county table as an xlsx attachment to the campaign's mailbox, and its summary (on time, late, missing) to the robots.</summary>
    private async Task<int> SendTableAsync(Campaign campaign, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.BuildAsync(campaign.CountyCode, day, ct);
        if (table is null)
        {
            return 0;
        }
        using var xlsx = new MemoryStream();
        await CountyTableXlsx.WriteAsync(table, xlsx, ct);
        var title = $"{table.CountyName}每日统计汇总表（{day:yyyy-MM-dd}）";
        var summary = Summary(table);
        var key = $"table:{campaign.CountyCode}:{Outbox.Key(day)}";
        var mail = Outbox.New(campaign.CountyCode, DeliveryChannel.Email, DeliveryKind.CountyTable, TableKey(campaign.CountyCode, day), day,
            campaign.ReportMailbox.Trim(), $"【{campaign.Name}】{title}", summary + "\n汇总表见附件。\n\n（本邮件由系统自动发送）", now);
        mail.AttachmentName = CountyTableXlsx.FileName(table);
        mail.AttachmentContentType = Outbox.XlsxContentType;
        mail.Attachment = xlsx.ToArray();
        List<Delivery> deliveries = [mail, .. outbox.ToRobots(campaign.CountyCode, DeliveryKind.CountyTable, key, day, title, summary, now)];
        return await outbox.StoreNewAsync(deliveries, [], ct);
    }

    /// <summary>按时 / 迟报 / 未报, and who is missing.</summary>
    public static string Summary(CountyTable table)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{table.CountyName} {table.Day:yyyy-MM-dd} 每日报送：共 {table.Rows.Count()} 个单位，")
            .Append(CultureInfo.InvariantCulture, $"按时 {table.OnTime} 个，迟报 {table.Late} 个，未报 {table.Missing} 个。\n");
        var missing = table.Rows.Where(r => r.State == ReportState.Missing).Select(r => r.Name).ToList();
        if (missing.Count > 0)
        {
            text.Append("未报：").Append(string.Join("、", missing)).Append('\n');
        }
        var late = table.Rows.Where(r => r.State == ReportState.Late).Select(r => r.Name).ToList();
        if (late.Count > 0)
        {
            text.Append("迟报：").Append(string.Join("、", late)).Append('\n');
        }
        return text.ToString();
    }

    public static string MissingKey(string countyCode, DateOnly day) => $"missing:{countyCode}:{Outbox.Key(day)}";

    public static string TableKey(string countyCode, DateOnly day) => $"table:{countyCode}:{Outbox.Key(day)}:email";

    private static DateTimeOffset At(TimeZoneInfo zone, DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Local(Campaign campaign, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId)).ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Runs <see cref="DailyReportJobs.RunAsync"/> every <c>Reports:CheckMinutes</c> on the app's clock, unless <c>Reports:Jobs</c> is false.</summary>
public sealed class DailyReportJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReportJobOptions> options,
    ILogger<DailyReportJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Jobs)
        {
            return;
        }
        var interval = TimeSpan.FromMinutes(Math.Max(1, settings.CheckMinutes));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DailyReportJobs>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next run tries again; what was stored stays stored (the keys keep it once).
                log.LogError(e, "Daily report jobs failed; retrying in {Minutes} minutes", interval.TotalMinutes);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
