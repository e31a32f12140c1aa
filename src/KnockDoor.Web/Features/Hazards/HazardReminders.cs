using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Features.Hazards;

/// <summary>The <c>Hazards</c> settings of the deadline reminders.</summary>
public sealed class HazardReminderOptions
{
    /// <summary><c>Hazards:Reminders</c>: whether the background job runs (the work itself can always be called).</summary>
    public bool Reminders { get; set; } = true;

    /// <summary><c>Hazards:ReminderCheckMinutes</c>: how often the job looks for hazards due.</summary>
    public int ReminderCheckMinutes { get; set; } = 5;

    /// <summary><c>Hazards:ReminderTime</c>: the China time of day ("HH:mm") from which the day's reminders go out.</summary>
    public string ReminderTime { get; set; } = "08:00";

    public TimeOnly TimeOfDay => TimeOnly.ParseExact(ReminderTime, "HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>
/// Deadline reminders (see README.md, "Reminders"): from the reminder time (China time) onwards, each hazard still
/// due (Open or Assigned) whose deadline is tomorrow or today gets one notification per kind, day and recipient:
/// its assignee, and the officers of its township. The unique <see cref="Notification.DedupeKey"/> makes a second
/// run, or a run on another server, send nothing more.
/// </summary>
public sealed class HazardReminders(AppDbContext db, Outbox outbox, IOptions<HazardReminderOptions> options, ILogger<HazardReminders> log)
{
    public const int DefaultBatchSize = 500;
    public const string DueTomorrow = "due-tomorrow";
    public const string DueToday = "due-today";

    private sealed record Due(Guid Id, string CountyCode, string OrgUnitCode, string OrgPath, Guid? TargetId, string? ItemCode,
        string Description, Guid? AssigneeId, DateOnly Deadline);

    private sealed record Assignee(Guid Id, Role Role, string OrgUnitCode);

    /// <summary>How many hazards one query reads and one insert stores.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Sends the reminders due at <paramref name="now"/>; returns how many this call stored.</summary>
    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DayOf(now);
        if (now < ChinaTime.StartOf(today) + options.Value.TimeOfDay.ToTimeSpan())
        {
            return 0;
        }
        var tomorrow = today.AddDays(1);
        var townships = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Township)
            .Select(o => o.Code).ToListAsync(ct);
        var townshipCodes = townships.ToHashSet(StringComparer.Ordinal);
        var sent = 0;
        Guid? after = null;
        while (true)
        {
            // The index (Deadline, Status) finds the few rows due among all hazards; the id pages through them.
            var query = db.Hazards.AsNoTracking()
                .Where(h => (h.Deadline == today || h.Deadline == tomorrow)
                    && (h.Status == HazardStatus.Open || h.Status == HazardStatus.Assigned));
            if (after is { } last)
            {
                query = query.Where(h => h.Id.CompareTo(last) > 0);
            }
            var batch = await query.OrderBy(h => h.Id).Take(BatchSize)
                .Select(h => new Due(h.Id, h.CountyCode, h.OrgUnitCode, h.OrgPath, h.TargetId, h.ItemCode, h.Description, h.AssigneeId, h.Deadline!.Value))
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].Id;
            sent += await SendBatchAsync(batch, today, townshipCodes, now, ct);
            if (batch.Count < BatchSize)
            {
                break;
            }
        }
        if (sent > 0)
        {
            log.LogInformation("Hazard deadline reminders: {Count} sent for {Day}", sent, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return sent;
    }

    private async Task<int> SendBatchAsync(List<Due> batch, DateOnly today, HashSet<string> townships, DateTimeOffset now, CancellationToken ct)
    {
        var assigneeIds = batch.Where(h => h.AssigneeId is not null).Select(h => h.AssigneeId!.Value).Distinct().ToList();
        var assignees = await db.Users.AsNoTracking().Where(u => assigneeIds.Contains(u.Id) && !u.IsDisabled)
            .Select(u => new Assignee(u.Id, u.Role, u.OrgUnitCode)).ToDictionaryAsync(u => u.Id, ct);
        var unitCodes = batch.Select(h => h.OrgUnitCode).Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => unitCodes.Contains(o.Code))
            .Select(o => new { o.Code, o.Name }).ToDictionaryAsync(o => o.Code, o => o.Name, StringComparer.Ordinal, ct);
        var targetIds = batch.Where(h => h.TargetId is not null).Select(h => h.TargetId!.Value).Distinct().ToList();
        var people = await db.Targets.AsNoTracking().Where(t => targetIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        var notifications = new List<Notification>();
        foreach (var hazard in batch)
        {
            var dueToday = hazard.Deadline == today;
            var kind = dueToday ? DueToday : DueTomorrow;
            var title = dueToday ? "隐患整改今天到期" : "隐患整改明天到期";
            var place = units.GetValueOrDefault(hazard.OrgUnitCode, hazard.OrgUnitCode);
            if (hazard.TargetId is { } targetId && people.TryGetValue(targetId, out var person))
            {
                place += $" {person}家";
            }
            var what = hazard.ItemCode is null ? hazard.Description : $"{hazard.ItemCode} {hazard.Description}";
            var body = Truncate($"{place}的隐患“{Truncate(what, 300)}”整改期限为 {hazard.Deadline:yyyy-MM-dd}（{(dueToday ? "今天" : "明天")}），请按时整改并在系统中报告整改完成。", 2000);
            var township = hazard.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(townships.Contains);
            Notification Make(string orgUnitCode, string roleKey, Guid? userId, string recipient) => new()
            {
                CountyCode = hazard.CountyCode,
                OrgUnitCode = orgUnitCode,
                RoleKey = roleKey,
                UserId = userId,
                DedupeKey = DedupeKey(hazard.Id, today, kind, recipient),
                Kind = dueToday ? NotificationKinds.HazardDueToday : NotificationKinds.HazardDueTomorrow,
                Title = title,
                Body = body,
                Link = $"/Hazards/Details/{hazard.Id}",
                CreatedAt = now,
            };
            if (township is not null)
            {
                notifications.Add(Make(township, Roles.Key(Role.TownshipOfficer), null, "t" + township));
            }
            else
            {
                // An institution run by the county itself has no township: the county office follows it up.
                notifications.Add(Make(hazard.CountyCode, Roles.Key(Role.CountyOffice), null, "c" + hazard.CountyCode));
            }
            // A township officer of that township already sees the township's reminder: one message is enough.
            if (hazard.AssigneeId is { } assigneeId && assignees.TryGetValue(assigneeId, out var assignee)
                && !(assignee.Role == Role.TownshipOfficer && assignee.OrgUnitCode == township))
            {
                notifications.Add(Make(assignee.OrgUnitCode, Roles.Key(assignee.Role), assignee.Id, "u" + assignee.Id.ToString("N")));
            }
        }
        // Reading the keys already stored only spares repeated runs the work; the unique key decides (exactly once).
        return await outbox.StoreNewAsync([], notifications, ct);
    }

    /// <summary>One reminder of a kind, for one hazard, one China day and one recipient ("u" + account id, or "t" + township code).</summary>
    public static string DedupeKey(Guid hazardId, DateOnly day, string kind, string recipient) =>
        string.Create(CultureInfo.InvariantCulture, $"hz:{hazardId:N}:{day:yyyyMMdd}:{kind}:{recipient}");

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>Runs <see cref="HazardReminders.SendDueAsync"/> every few minutes on the app's clock, unless <c>Hazards:Reminders</c> is false.</summary>
public sealed class HazardReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<HazardReminderOptions> options,
    ILogger<HazardReminderJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Reminders)
        {
            return;
        }
        var interval = TimeSpan.FromMinutes(Math.Max(1, settings.ReminderCheckMinutes));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<HazardReminders>().SendDueAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next run tries again (what was sent stays sent); the failure is an error in the log, not silence.
                log.LogError(e, "Hazard deadline reminders failed; retrying in {Minutes} minutes", interval.TotalMinutes);
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
