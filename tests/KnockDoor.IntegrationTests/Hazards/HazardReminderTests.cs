using System.Net;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Plans;
using KnockDoor.Web.Features.Hazards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>HazardReminders.SendDueAsync: who gets which reminder at which China-time moment, once.</summary>
public sealed class HazardReminderTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    /// <summary>The server's own zone: the code must ignore it, so both give the same reminders.</summary>
    private static readonly string[] Zones = ["UTC", "Asia/Shanghai"];

    private const string Tomorrow = "隐患整改明天到期";
    private const string Today = "隐患整改今天到期";

    [Theory, BothEngines]
    public async Task Reminders_DueTomorrowAt0800ChinaThenDueToday_ToTheAssigneeAndTheTownshipOnly_WhateverTheServerZone(Engine engine)
    {
        var outcomes = new List<string>();
        foreach (var zone in Zones)
        {
            var app = await apps.GetAsync(engine, zone);
            using var admin = await app.SignInAsync("admin");
            var (assigneeId, assigneeName) = await PlanKit.NewWorkerAsync(admin, TestData.NingxiangVillage);
            var (_, neighbourName) = await PlanKit.NewWorkerAsync(admin, TestData.NingxiangVillage);
            var officer = await HazardKit.UserIdAsync(app, "ningxiang");
            var assignee = Guid.Parse(assigneeId);
            var d = ChinaTime.Today(app.Clock).AddDays(2);
            var due = await HazardKit.SeedAsync(app, HazardStatus.Assigned, TestData.NingxiangVillage, officer, assignee, d, description: "煤炉烟囱破损");
            var open = await HazardKit.SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, officer, deadline: d);
            var quiet = new List<Guid>();
            foreach (var status in new[] { HazardStatus.ReportedFixed, HazardStatus.Closed, HazardStatus.Escalated, HazardStatus.FixedOnSpot })
            {
                quiet.Add(await HazardKit.SeedAsync(app, status, TestData.NingxiangVillage, officer, assignee, d));
            }

            // D-1 07:59 China time: nothing yet.
            Assert.Equal(0, await SendAtAsync(app, At(d.AddDays(-1), 7, 59)));
            Assert.Empty(await RemindersAsync(app, assigneeName, TestData.AccountPassword, due));
            Assert.Empty(await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, due));

            // D-1 08:00: "due tomorrow" to the assignee (addressed to them) and to the township's officers.
            Assert.True(await SendAtAsync(app, At(d.AddDays(-1), 8, 0)) >= 3);
            Assert.Equal(new[] { Tomorrow }, await RemindersAsync(app, assigneeName, TestData.AccountPassword, due));
            Assert.Equal(new[] { Tomorrow }, await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, due));
            Assert.Equal(new[] { Tomorrow }, await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, open));
            Assert.Empty(await RemindersAsync(app, neighbourName, TestData.AccountPassword, due));
            var body = (await NotificationsAsync(app, assigneeName, TestData.AccountPassword)).First(n => n.Link == $"/Hazards/Details/{due}").Body;
            Assert.Contains(TestData.NingxiangVillageName, body, StringComparison.Ordinal);
            Assert.Contains("煤炉烟囱破损", body, StringComparison.Ordinal);
            Assert.Contains(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);

            // D-1 09:00: already sent today.
            Assert.Equal(0, await SendAtAsync(app, At(d.AddDays(-1), 9, 0)));

            // D 07:59 China (23:59 UTC the day before), then D 08:00 (00:00 UTC): "due today".
            Assert.Equal(0, await SendAtAsync(app, At(d, 7, 59)));
            Assert.True(await SendAtAsync(app, At(d, 8, 0)) >= 3);
            Assert.Equal(new[] { Today, Tomorrow }, await RemindersAsync(app, assigneeName, TestData.AccountPassword, due));
            Assert.Equal(new[] { Today, Tomorrow }, await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, due));
            Assert.Empty(await RemindersAsync(app, neighbourName, TestData.AccountPassword, due));

            // Reported fixed, closed, escalated, fixed on the spot: no reminder for anyone.
            var keys = await WithDbAsync(app, db => db.Notifications.AsNoTracking().Where(n => n.DedupeKey != null).Select(n => n.DedupeKey!).ToListAsync());
            Assert.All(quiet, id => Assert.DoesNotContain(keys, k => k.Contains(id.ToString("N"), StringComparison.Ordinal)));
            outcomes.Add(string.Join(",", keys.Where(k => k.Contains(due.ToString("N"), StringComparison.Ordinal) || k.Contains(open.ToString("N"), StringComparison.Ordinal))
                .Select(k => k.Replace(due.ToString("N"), "due", StringComparison.Ordinal).Replace(open.ToString("N"), "open", StringComparison.Ordinal)
                    .Replace(assignee.ToString("N"), "assignee", StringComparison.Ordinal)
                    .Replace(d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), "D", StringComparison.Ordinal)
                    .Replace(d.AddDays(-1).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), "D-1", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)));
        }
        // The same reminders, whatever the server's zone.
        Assert.Single(outcomes.Distinct());
    }

    [Theory, BothEngines]
    public async Task Reminders_OfAHazardWithoutATownship_GoToTheCountyOffice(Engine engine)
    {
        var app = await apps.GetAsync(engine, "UTC");
        var admin = await HazardKit.UserIdAsync(app, "admin");
        var d = ChinaTime.Today(app.Clock).AddDays(2);
        // Recorded at the county itself (as for an institution the county runs): no township on its path.
        var hazard = await HazardKit.SeedAsync(app, HazardStatus.Open, TestData.County, admin, deadline: d);

        await SendAtAsync(app, At(d.AddDays(-1), 8, 0));

        Assert.Equal(new[] { Tomorrow }, await RemindersAsync(app, "admin", KdApp.DemoPassword, hazard));
        Assert.Empty(await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, hazard));
    }

    [Theory, BothEngines]
    public async Task Reminders_AtChinaMidnight_1600Utc_TheDayTurns(Engine engine)
    {
        foreach (var zone in Zones)
        {
            var app = await apps.GetAsync(engine, zone);
            var officer = await HazardKit.UserIdAsync(app, "ningxiang");
            var d = ChinaTime.Today(app.Clock).AddDays(2);
            var hazard = await HazardKit.SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, officer, deadline: d);
            // From midnight China time (reminder time 00:00): 15:59 UTC is still the day before, 16:00 UTC is D.
            var beforeMidnight = new DateTimeOffset(d.AddDays(-1).ToDateTime(new TimeOnly(15, 59)), TimeSpan.Zero);
            var midnight = new DateTimeOffset(d.AddDays(-1).ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero);
            Assert.Equal(ChinaTime.StartOf(d), midnight);

            await SendAtAsync(app, beforeMidnight, reminderTime: "00:00");
            Assert.Equal(new[] { Tomorrow }, await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, hazard));
            await SendAtAsync(app, midnight, reminderTime: "00:00");
            Assert.Equal(new[] { Today, Tomorrow }, await RemindersAsync(app, "ningxiang", KdApp.DemoPassword, hazard));
        }
    }

    [Theory, BothEngines]
    public async Task Reminders_TwoRunsAtTheSameInstant_SendEachReminderOnce(Engine engine)
    {
        var app = await apps.GetAsync(engine, "UTC");
        var officer = await HazardKit.UserIdAsync(app, "ningxiang");
        var worker = await HazardKit.UserIdAsync(app, "worker");
        var d = ChinaTime.Today(app.Clock).AddDays(2);
        var hazards = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            hazards.Add(await HazardKit.SeedAsync(app, HazardStatus.Assigned, TestData.NingxiangVillage, officer, worker, d));
        }
        var at = At(d.AddDays(-1), 8, 30);
        app.Clock.SetUtcNow(at);

        var counts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var reminders = scope.ServiceProvider.GetRequiredService<HazardReminders>();
            // Small batches: the runs page through the hazards and meet each other's inserts.
            reminders.BatchSize = 7;
            return await reminders.SendDueAsync(at, CancellationToken.None);
        })));

        var ids = hazards.Select(h => h.ToString("N")).ToList();
        var keys = await WithDbAsync(app, db => db.Notifications.AsNoTracking().Where(n => n.DedupeKey != null).Select(n => n.DedupeKey!).ToListAsync());
        var mine = keys.Where(k => ids.Any(id => k.Contains(id, StringComparison.Ordinal))).ToList();
        // Each hazard: one to the township, one to the worker; never twice.
        Assert.Equal(hazards.Count * 2, mine.Count);
        Assert.Equal(mine.Count, mine.Distinct().Count());
        Assert.True(counts.Sum() >= mine.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    // ---------- helpers ----------

    /// <summary>An instant given in China time.</summary>
    private static DateTimeOffset At(DateOnly day, int hour, int minute) => ChinaTime.StartOf(day).AddHours(hour).AddMinutes(minute);

    /// <summary>Moves the app's clock to the instant and runs the reminders there, as the job would.</summary>
    private static async Task<int> SendAtAsync(KdApp app, DateTimeOffset at, string? reminderTime = null)
    {
        if (at > app.Clock.GetUtcNow())
        {
            app.Clock.SetUtcNow(at);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var reminders = reminderTime is null
            ? scope.ServiceProvider.GetRequiredService<HazardReminders>()
            : ActivatorUtilities.CreateInstance<HazardReminders>(scope.ServiceProvider,
                Options.Create(new HazardReminderOptions { ReminderTime = reminderTime }), NullLogger<HazardReminders>.Instance);
        return await reminders.SendDueAsync(app.Clock.GetUtcNow(), CancellationToken.None);
    }

    private sealed record Seen(string Title, string Body, string? Link);

    private static async Task<List<Seen>> NotificationsAsync(KdApp app, string userName, string password)
    {
        using var client = await app.SignInAsync(userName, password);
        using var response = await client.GetAsync("/api/v1/notifications?take=500");
        var list = await response.ExpectAsync(HttpStatusCode.OK);
        return [.. list.GetProperty("items").EnumerateArray().Select(n => new Seen(n.Str("title"), n.Str("body"),
            n.GetProperty("link").ValueKind == JsonValueKind.Null ? null : n.Str("link")))];
    }

    /// <summary>The titles of the reminders of one hazard the account sees, newest first.</summary>
    private static async Task<List<string>> RemindersAsync(KdApp app, string userName, string password, Guid hazard) =>
        [.. (await NotificationsAsync(app, userName, password)).Where(n => n.Link == $"/Hazards/Details/{hazard}").Select(n => n.Title)];
}
