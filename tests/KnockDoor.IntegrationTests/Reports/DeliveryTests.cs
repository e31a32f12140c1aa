using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.Deliveries;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static KnockDoor.IntegrationTests.Reports.DeliveryApps;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>
/// Reminders, the 15:00 missing list, the county table mail, critical-hazard alerts: e-mail through a real SMTP server,
/// posts to a local stand-in for the group robots, retries, the 发送记录 page, and two servers on one database.
/// </summary>
public sealed class DeliveryTests(DeliveryApps apps) : IClassFixture<DeliveryApps>
{
    /// <summary>The server's own zone: the jobs must ignore it.</summary>
    private static readonly string[] Zones = ["UTC", "America/New_York"];

    private const string Ningxiang = TestData.Ningxiang;

    [Theory, BothEngines]
    public async Task Reminder_At1359ChinaNothing_At1400InAppAndMailToTheUnitsNotIn_WhateverTheServerZone(Engine engine)
    {
        foreach (var zone in Zones)
        {
            var app = await apps.GetAsync(engine, zone);
            var d = ChinaTime.Today(app.Clock).AddDays(1);
            var officerMail = await NewEmailAsync(app, "ningxiang");
            var staffMail = await NewEmailAsync(app, "xingfu");
            var xingfu = await UnitOfAsync(app, "xingfu");

            // 13:59 China time: the institution reports; nobody is reminded yet.
            MoveTo(app, At(d, 13, 59));
            using (var staff = await app.SignInAsync("xingfu"))
            using (var submitted = await staff.PostAsJsonAsync("/api/v1/reports/daily", new { day = Iso(d), workDone = "已巡查" }))
            {
                await submitted.ExpectAsync(HttpStatusCode.Created);
            }
            await RunJobsAsync(app);
            Assert.Equal(0, await WithDbAsync(app, db => db.Notifications.CountAsync(n => n.DedupeKey == $"report-reminder:{Ningxiang}:{Key(d)}")));
            Assert.Equal(0, await WithDbAsync(app, db => db.Deliveries.CountAsync(x => x.Day == d && x.Kind == DeliveryKind.ReportReminder)));

            // 14:00 China time: the township (not in) is reminded in the app and by e-mail; the institution (in) is not.
            MoveTo(app, At(d, 14, 0));
            Assert.True(await RunJobsAsync(app) > 0);
            using (var officer = await app.SignInAsync("ningxiang"))
            {
                using var list = await officer.GetAsync("/api/v1/notifications?take=500");
                var items = (await list.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                    .Where(n => n.Str("body").Contains(Iso(d), StringComparison.Ordinal)).ToList();
                var reminder = Assert.Single(items);
                Assert.Contains("每日统计表", reminder.Str("title"), StringComparison.Ordinal);
                Assert.Contains("15:00", reminder.Str("title"), StringComparison.Ordinal);
            }
            Assert.Equal(0, await WithDbAsync(app, db => db.Notifications.CountAsync(n => n.DedupeKey == $"report-reminder:{xingfu}:{Key(d)}")));
            await EventuallyAsync(() => apps.Smtp.To(officerMail).Count > 0, "the reminder mail reaches the officer");
            var mail = Assert.Single(apps.Smtp.To(officerMail));
            Assert.Contains("请于今天15:00前报送每日统计表", mail.Subject ?? "", StringComparison.Ordinal);
            Assert.Contains("宁乡镇", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(Iso(d), mail.TextBody, StringComparison.Ordinal);
            Assert.Empty(apps.Smtp.To(staffMail));

            // A second run (or a second server) sends nothing more.
            MoveTo(app, At(d, 14, 5));
            Assert.Equal(0, await RunJobsAsync(app, lease: false));
            Assert.Single(apps.Smtp.To(officerMail));
        }
    }

    [Theory, BothEngines]
    public async Task MissingList_At1500China_ToTheOffice_InAppByMailAndOnBothRobots(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var d = ChinaTime.Today(app.Clock).AddDays(1);
        var key = $"missing:{TestData.County}:{Key(d)}";

        MoveTo(app, At(d, 14, 59, 59));
        await RunJobsAsync(app);
        Assert.Equal(0, await WithDbAsync(app, db => db.Deliveries.CountAsync(x => x.DedupeKey.StartsWith(key))));

        MoveTo(app, At(d, 15, 0));
        await RunJobsAsync(app);
        await EventuallyAsync(() => OfficeMails(app, d).Any(m => (m.Subject ?? "").Contains("未报送", StringComparison.Ordinal)), "the missing list reaches the mailbox");
        var mail = Assert.Single(OfficeMails(app, d), m => (m.Subject ?? "").Contains("未报送", StringComparison.Ordinal));
        Assert.Contains("宁乡镇", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("城区幸福养老服务中心", mail.TextBody, StringComparison.Ordinal);

        using (var admin = await app.SignInAsync("admin"))
        {
            using var list = await admin.GetAsync("/api/v1/notifications?take=500");
            var items = (await list.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .Where(n => n.Str("title").Contains(Iso(d), StringComparison.Ordinal)).ToList();
            Assert.Contains("宁乡镇", Assert.Single(items).Str("body"), StringComparison.Ordinal);
        }

        await EventuallyAsync(async () => await WithDbAsync(app, db => db.Deliveries.Where(x => x.DedupeKey.StartsWith(key))
            .AllAsync(x => x.Status == DeliveryStatus.Sent)), "every missing-list delivery is sent");
        var ding = Assert.Single(apps.Robots.Requests, r => r.Path == $"/{apps.Tag(app)}/dingtalk" && r.Body.Contains(Iso(d), StringComparison.Ordinal));
        using (var json = JsonDocument.Parse(ding.Body))
        {
            Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
            Assert.Contains("宁乡镇", json.RootElement.GetProperty("markdown").GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        AssertDingTalkSigned(ding.Query);
        var wecom = Assert.Single(apps.Robots.Requests, r => r.Path == $"/{apps.Tag(app)}/wecom" && r.Body.Contains(Iso(d), StringComparison.Ordinal));
        Assert.Contains("?key=test-key", wecom.Query, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(wecom.Body))
        {
            Assert.Contains("宁乡镇", json.RootElement.GetProperty("markdown").GetProperty("content").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory, BothEngines]
    public async Task CountyTable_At1600WhenUnitsAreMissing_MailedOnceWithTheXlsx_AndItsSummaryOnTheRobots(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var d = ChinaTime.Today(app.Clock).AddDays(1);
        MoveTo(app, At(d, 15, 59, 59));
        await RunJobsAsync(app);
        Assert.Equal(0, await WithDbAsync(app, db => db.Deliveries.CountAsync(x => x.DedupeKey == DailyReportJobs.TableKey(TestData.County, d))));

        MoveTo(app, At(d, 16, 0));
        await RunJobsAsync(app);
        await EventuallyAsync(() => TableMails(app, d).Count > 0, "the county table reaches the mailbox");
        var mail = Assert.Single(TableMails(app, d));
        Assert.Contains("未报", mail.TextBody, StringComparison.Ordinal);
        await AssertTableAttachmentAsync(app, mail, d);

        MoveTo(app, At(d, 16, 30));
        await RunJobsAsync(app);
        await RunJobsAsync(app, lease: false);
        Assert.Single(TableMails(app, d));
        await EventuallyAsync(async () => await WithDbAsync(app, db => db.Deliveries.Where(x => x.Day == d && x.Kind == DeliveryKind.CountyTable)
            .AllAsync(x => x.Status == DeliveryStatus.Sent)), "the table's deliveries are sent");
        var summaries = apps.Robots.Requests.Where(r => r.Path.StartsWith($"/{apps.Tag(app)}/", StringComparison.Ordinal)
            && r.Body.Contains(Iso(d), StringComparison.Ordinal) && r.Body.Contains("按时", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, summaries.Count);
        Assert.All(summaries, r => Assert.Contains("未报", r.Body, StringComparison.Ordinal));
    }

    [Theory, BothEngines]
    public async Task CountyTable_OnceEveryUnitIsIn_MailedBeforeTheTableTime(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var d = ChinaTime.Today(app.Clock).AddDays(1);
        MoveTo(app, At(d, 10, 0));
        IReadOnlyList<MissingUnit> missing;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            missing = await scope.ServiceProvider.GetRequiredService<CountyTableService>()
                .MissingAsync(TestData.County, d, CancellationToken.None);
        }
        Assert.NotEmpty(missing);
        using (var admin = await app.SignInAsync("admin"))
        {
            foreach (var unit in missing.SkipLast(1))
            {
                using var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = unit.OrgUnitCode, day = Iso(d) });
                await r.ExpectAsync(HttpStatusCode.Created);
            }
            await RunJobsAsync(app);
            Assert.Empty(TableMails(app, d));
            using (var last = await admin.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = missing[^1].OrgUnitCode, day = Iso(d) }))
            {
                await last.ExpectAsync(HttpStatusCode.Created);
            }
        }
        await RunJobsAsync(app);
        await EventuallyAsync(() => TableMails(app, d).Count > 0, "the county table goes out once every unit is in");
        var mail = Assert.Single(TableMails(app, d));
        Assert.Contains("未报 0 个", mail.TextBody, StringComparison.Ordinal);
        await AssertTableAttachmentAsync(app, mail, d);
    }

    [Theory, BothEngines]
    public async Task CriticalHazard_AlertsTheTownshipOfficerTheMailboxAndTheRobots_StoredWithTheHazard_SentAtOnce(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var officerMail = await NewEmailAsync(app, "ningxiang");
        var description = "煤气管道漏气" + Guid.NewGuid().ToString("N")[..6];
        var id = await RecordCriticalAsync(app, description);

        // Stored with the hazard (the outbox): one e-mail to the officer, one to the mailbox, one post to each robot.
        var rows = await WithDbAsync(app, db => db.Deliveries.AsNoTracking().Where(x => x.DedupeKey.StartsWith($"critical:{id:N}")).ToListAsync());
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(DeliveryKind.CriticalHazard, r.Kind));
        Assert.Equal([DeliveryChannel.Email, DeliveryChannel.Email, DeliveryChannel.DingTalk, DeliveryChannel.WeCom], rows.Select(r => r.Channel).Order());
        Assert.Contains(rows, r => r.Recipient == officerMail);
        Assert.Contains(rows, r => r.Recipient == apps.OfficeMailbox(app));

        // Sent at once: the app's clock stands still, so only the new delivery can have woken the dispatcher.
        await EventuallyAsync(async () => await WithDbAsync(app, db => db.Deliveries.Where(x => x.DedupeKey.StartsWith($"critical:{id:N}"))
            .AllAsync(x => x.Status == DeliveryStatus.Sent)), "the alerts are sent");
        var toOfficer = Assert.Single(apps.Smtp.To(officerMail));
        Assert.Contains("重大隐患", toOfficer.Subject ?? "", StringComparison.Ordinal);
        Assert.Contains(description, toOfficer.TextBody, StringComparison.Ordinal);
        Assert.Single(apps.Smtp.To(apps.OfficeMailbox(app)), m => (m.TextBody ?? "").Contains(description, StringComparison.Ordinal));
        Assert.Single(apps.Robots.Requests, r => r.Path == $"/{apps.Tag(app)}/dingtalk" && r.Body.Contains(description, StringComparison.Ordinal));
        Assert.Single(apps.Robots.Requests, r => r.Path == $"/{apps.Tag(app)}/wecom" && r.Body.Contains(description, StringComparison.Ordinal));
    }

    [Theory, BothEngines]
    public async Task CriticalHazardFoundOnAVisit_AlertsByMailAndRobots_WithTheVisit(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var officerMail = await NewEmailAsync(app, "ningxiang");
        var (templateId, definition) = await CurrentTemplateAsync(app, KnockDoor.Core.Checklists.ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! != "H05").ToList();
        answers.Add(Answer("H05", "Yes"));

        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, answers));

        var visitId = Guid.Parse(visit.Str("id"));
        var hazard = await WithDbAsync(app, db => db.Hazards.AsNoTracking().Where(h => h.VisitId == visitId && h.ItemCode == "H05").Select(h => h.Id).SingleAsync());
        var rows = await WithDbAsync(app, db => db.Deliveries.AsNoTracking().Where(x => x.DedupeKey.StartsWith($"critical:{hazard:N}")).ToListAsync());
        Assert.Equal(4, rows.Count);
        await EventuallyAsync(async () => await WithDbAsync(app, db => db.Deliveries.Where(x => x.DedupeKey.StartsWith($"critical:{hazard:N}"))
            .AllAsync(x => x.Status == DeliveryStatus.Sent)), "the alerts of the visit are sent");
        var mail = Assert.Single(apps.Smtp.To(officerMail));
        Assert.StartsWith("【", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("重大隐患", mail.Subject ?? "", StringComparison.Ordinal);
        Assert.Contains(TestData.NingxiangVillageName, mail.TextBody ?? "", StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task Robots_FirstCallFails_HttpOrErrcode_SentAfterTwoAttempts(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        // Posts of the earlier tests are done, so that the failures queued below meet this test's posts.
        await EventuallyAsync(async () => !await WithDbAsync(app, db => db.Deliveries.AnyAsync(x => x.Status == DeliveryStatus.Pending && x.Channel != DeliveryChannel.Email)),
            "the earlier robot posts are sent");
        apps.Robots.AnswerNext($"/{apps.Tag(app)}/dingtalk", 500, "oops");
        apps.Robots.AnswerNext($"/{apps.Tag(app)}/wecom", 200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}");
        var description = "燃气热水器漏气" + Guid.NewGuid().ToString("N")[..6];
        var id = await RecordCriticalAsync(app, description);
        var ding = $"critical:{id:N}:dingtalk";
        var wecom = $"critical:{id:N}:wecom";

        await EventuallyAsync(async () => (await DeliveryAsync(app, ding)).Attempts == 1 && (await DeliveryAsync(app, wecom)).Attempts == 1, "the first attempts fail");
        var first = await DeliveryAsync(app, ding);
        Assert.Equal(DeliveryStatus.Pending, first.Status);
        Assert.Contains("HTTP 500", first.LastError, StringComparison.Ordinal);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(1), first.NextAttemptAt);
        var firstWeCom = await DeliveryAsync(app, wecom);
        Assert.Equal(DeliveryStatus.Pending, firstWeCom.Status);
        Assert.Contains("errcode=93000", firstWeCom.LastError, StringComparison.Ordinal);
        // The robot's address carries its key: never in the error shown.
        Assert.DoesNotContain("test-key", firstWeCom.LastError, StringComparison.Ordinal);

        // A minute later the dispatcher tries again, and the robots accept.
        await AdvanceAsync(app, TimeSpan.FromMinutes(1));
        await EventuallyAsync(async () => (await DeliveryAsync(app, ding)).Status == DeliveryStatus.Sent && (await DeliveryAsync(app, wecom)).Status == DeliveryStatus.Sent,
            "the second attempts succeed");
        Assert.Equal(2, (await DeliveryAsync(app, ding)).Attempts);
        Assert.Equal(2, (await DeliveryAsync(app, wecom)).Attempts);
        Assert.Null((await DeliveryAsync(app, ding)).LastError);
        Assert.Equal(2, apps.Robots.Requests.Count(r => r.Path == $"/{apps.Tag(app)}/dingtalk" && r.Body.Contains(description, StringComparison.Ordinal)));
        Assert.Equal(2, apps.Robots.Requests.Count(r => r.Path == $"/{apps.Tag(app)}/wecom" && r.Body.Contains(description, StringComparison.Ordinal)));
    }

    [Theory, BothEngines]
    public async Task RefusedForGoodMail_FailsAtOnce_WithTheServersReason(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        // The SMTP server refuses this mailbox for good (550): trying again for hours would not help.
        var refused = await NewEmailAsync(app, "ningxiang", prefix: "reject-");
        var id = await RecordCriticalAsync(app, "燃气热水器烟道脱落" + Guid.NewGuid().ToString("N")[..6]);
        var key = $"critical:{id:N}:email:{await UserIdAsync(app, "ningxiang"):N}";

        await EventuallyAsync(async () => (await DeliveryAsync(app, key)).Status == DeliveryStatus.Failed, "failed at the first refusal");
        var delivery = await DeliveryAsync(app, key);
        Assert.Equal(1, delivery.Attempts);
        Assert.Contains("拒收（550）", delivery.LastError, StringComparison.Ordinal);
        Assert.Empty(apps.Smtp.To(refused));
    }

    [Theory, BothEngines]
    public async Task FailingMail_RetriedWithBackoff_ThenFailedOnTheDeliveriesPage_AndRetriedFromThere(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        // The SMTP server refuses this address for now (451), every time.
        var refused = await NewEmailAsync(app, "ningxiang", prefix: "busy-");
        var id = await RecordCriticalAsync(app, "液化气罐阀门漏气" + Guid.NewGuid().ToString("N")[..6]);
        var key = $"critical:{id:N}:email:{await UserIdAsync(app, "ningxiang"):N}";

        await EventuallyAsync(async () => (await DeliveryAsync(app, key)).Attempts == 1, "attempt 1");
        Assert.Contains("邮件发送失败", (await DeliveryAsync(app, key)).LastError, StringComparison.Ordinal);
        await AdvanceAsync(app, TimeSpan.FromMinutes(1));
        await EventuallyAsync(async () => (await DeliveryAsync(app, key)).Attempts == 2, "attempt 2, a minute later");
        Assert.Equal(DeliveryStatus.Pending, (await DeliveryAsync(app, key)).Status);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(2), (await DeliveryAsync(app, key)).NextAttemptAt);
        await AdvanceAsync(app, TimeSpan.FromMinutes(2));
        await EventuallyAsync(async () => (await DeliveryAsync(app, key)).Status == DeliveryStatus.Failed, "failed after the last attempt");
        Assert.Equal(3, (await DeliveryAsync(app, key)).Attempts);
        Assert.Empty(apps.Smtp.To(refused));

        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await OfficeForms.SignInWithFormAsync(browser, "admin");
        var page = await browser.GetStringAsync("/Reports/Deliveries");
        var row = RowOf(page, refused);
        Assert.Contains("发送失败", row, StringComparison.Ordinal);
        Assert.Contains("邮件发送失败", row, StringComparison.Ordinal);
        Assert.Contains(">3<", row, StringComparison.Ordinal);
        Assert.Contains("重试", row, StringComparison.Ordinal);
        // The office's overview says so at the top, with the way to the list.
        var overview = await browser.GetStringAsync("/Reports");
        Assert.Contains("条邮件或群消息发送失败", overview, StringComparison.Ordinal);

        var delivery = await DeliveryAsync(app, key);
        using (var retry = await browser.PostAsync($"/Reports/Deliveries?handler=Retry&id={delivery.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeForms.Antiforgery(page),
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        }
        // A new round: tried again at once (and refused again).
        await EventuallyAsync(async () => (await DeliveryAsync(app, key)) is { Status: DeliveryStatus.Pending, Attempts: 1 }, "a new round after the retry");

        // A county leader sees the page but cannot retry; a township officer does not see it.
        using (var leader = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            await OfficeForms.SignInWithFormAsync(leader, "leader");
            var seen = await leader.GetStringAsync("/Reports/Deliveries");
            Assert.Contains(refused, seen, StringComparison.Ordinal);
            Assert.DoesNotContain("asp-page-handler", seen, StringComparison.Ordinal);
            Assert.DoesNotContain("handler=Retry", seen, StringComparison.Ordinal);
        }
        using (var township = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            await OfficeForms.SignInWithFormAsync(township, "ningxiang");
            using var denied = await township.GetAsync("/Reports/Deliveries");
            Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        }
    }

    [Fact]
    public async Task TwoServersOnOnePostgresDatabase_RunningTheJobsAtOnce_SendEachMessageOnce()
    {
        var database = await TestDatabase.CreateAsync(Engine.Postgres);
        var tag = "pair" + Guid.NewGuid().ToString("N")[..6];
        await using var first = await apps.StartAsync(database, tag: tag);
        await using var second = await apps.StartAsync(database, ownsDatabase: false, at: first.Clock.GetUtcNow(), tag: tag);
        var app = first;
        var officerMail = await NewEmailAsync(first, "ningxiang");
        var d = ChinaTime.Today(first.Clock).AddDays(1);

        foreach (var at in new[] { At(d, 14, 0), At(d, 16, 0) })
        {
            MoveTo(first, at);
            MoveTo(second, at);
            // Both servers' jobs, with the lease and without it (the unique keys alone), all at the same moment.
            await Task.WhenAll(
                Task.Run(() => RunJobsAsync(first)), Task.Run(() => RunJobsAsync(second)),
                Task.Run(() => RunJobsAsync(first, lease: false)), Task.Run(() => RunJobsAsync(second, lease: false)));
            // Sent before the clocks move on by hours (a send is never hours long; a claim lapses after minutes).
            await EventuallyAsync(async () => await WithDbAsync(first, db => db.Deliveries.Where(x => x.Day == d).AllAsync(x => x.Status == DeliveryStatus.Sent)),
                "every delivery is sent by one of the two dispatchers");
        }

        var deliveries = await WithDbAsync(first, db => db.Deliveries.AsNoTracking().Where(x => x.Day == d).ToListAsync());
        // Reminder (officer), missing list (mail, 2 robots), county table (mail, 2 robots).
        Assert.Equal(7, deliveries.Count);
        await EventuallyAsync(async () => await WithDbAsync(first, db => db.Deliveries.Where(x => x.Day == d).AllAsync(x => x.Status == DeliveryStatus.Sent)),
            "every delivery is sent by one of the two dispatchers");
        Assert.All(await WithDbAsync(first, db => db.Deliveries.AsNoTracking().Where(x => x.Day == d).ToListAsync()), x => Assert.Equal(1, x.Attempts));
        var notes = await WithDbAsync(first, db => db.Notifications.AsNoTracking()
            .Where(n => n.DedupeKey != null && n.DedupeKey.Contains(Key(d))).Select(n => n.DedupeKey!).ToListAsync());
        Assert.Equal(notes.Count, notes.Distinct().Count());
        Assert.Contains($"report-reminder:{Ningxiang}:{Key(d)}", notes);
        Assert.Contains($"missing:{TestData.County}:{Key(d)}:app", notes);

        Assert.Single(apps.Smtp.To(officerMail));
        Assert.Single(OfficeMails(app, d), m => (m.Subject ?? "").Contains("未报送", StringComparison.Ordinal));
        Assert.Single(TableMails(app, d));
        Assert.Equal(2, apps.Robots.Requests.Count(r => r.Path == $"/{apps.Tag(app)}/dingtalk" && r.Body.Contains(Iso(d), StringComparison.Ordinal)));
        Assert.Equal(2, apps.Robots.Requests.Count(r => r.Path == $"/{apps.Tag(app)}/wecom" && r.Body.Contains(Iso(d), StringComparison.Ordinal)));
    }

    // ---------- helpers ----------

    private static string Key(DateOnly day) => day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private List<MimeMessage> OfficeMails(KdApp app, DateOnly d) =>
        [.. apps.Smtp.To(apps.OfficeMailbox(app)).Where(m => (m.Subject ?? "").Contains(Iso(d), StringComparison.Ordinal))];

    private List<MimeMessage> TableMails(KdApp app, DateOnly d) =>
        [.. OfficeMails(app, d).Where(m => (m.Subject ?? "").Contains("汇总表", StringComparison.Ordinal))];

    /// <summary>The attachment is the county table of the day as an xlsx: named, typed, and read back, its rows and total as the table's.</summary>
    private static async Task AssertTableAttachmentAsync(KdApp app, MimeMessage mail, DateOnly d)
    {
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal($"中阳县每日统计汇总表_{Iso(d)}.xlsx", attachment.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);

        CountyTable table;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            table = await scope.ServiceProvider.GetRequiredService<CountyTableService>().BuildAsync(TestData.County, d, CancellationToken.None)
                ?? throw new InvalidOperationException("no county table");
        }
        foreach (var section in new[] { table.Townships, table.Institutions })
        {
            bytes.Position = 0;
            var rows = MiniExcelLibs.MiniExcel.Query(bytes, sheetName: CountyTableXlsx.SheetName(section.Kind))
                .Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
            Assert.Contains(CountyTableXlsx.Title(table), rows[0].OfType<string>());
            foreach (var unit in section.Rows)
            {
                var row = Assert.Single(rows, r => r.OfType<string>().Any(v => v == unit.Name));
                Assert.Contains(ReportStates.Name(unit.State), row.OfType<string>());
            }
            // The 合计 row holds the section's total of each figure (today).
            var total = Assert.Single(rows, r => r.OfType<string>().Any(v => v == "合计"));
            var numbers = total.Where(v => v is not null and not string).Select(v => Math.Round(Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture), 1)).ToList();
            foreach (var figure in section.Figures)
            {
                Assert.Contains(Math.Round(section.Total[figure.Key].Today, 1), numbers);
            }
        }
    }

    private static void AssertDingTalkSigned(string query)
    {
        var parts = query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("test-token", parts["access_token"]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(DingTalkSecret),
            Encoding.UTF8.GetBytes(parts["timestamp"] + "\n" + DingTalkSecret)));
        Assert.Equal(expected, parts["sign"]);
    }

    private static async Task<Guid> RecordCriticalAsync(KdApp app, string description)
    {
        using var officer = await app.SignInAsync("ningxiang");
        using var response = await officer.PostAsJsonAsync("/api/v1/hazards",
            new { orgUnitCode = TestData.NingxiangVillage, itemCode = "H05", description, severity = "Critical" });
        return Guid.Parse((await response.ExpectAsync(HttpStatusCode.Created)).Str("id"));
    }

    private static Task<Delivery> DeliveryAsync(KdApp app, string key) =>
        WithDbAsync(app, db => db.Deliveries.AsNoTracking().FirstAsync(x => x.DedupeKey == key));

    private static Task<string> UnitOfAsync(KdApp app, string userName) =>
        WithDbAsync(app, db => db.Users.Where(u => u.UserName == userName).Select(u => u.OrgUnitCode).FirstAsync());

    private static Task<Guid> UserIdAsync(KdApp app, string userName) =>
        WithDbAsync(app, db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync());

    /// <summary>The table row of the page that shows the recipient.</summary>
    private static string RowOf(string page, string recipient)
    {
        var at = page.IndexOf(recipient, StringComparison.Ordinal);
        Assert.True(at >= 0, "the page lists " + recipient);
        var start = page.LastIndexOf("<tr", at, StringComparison.Ordinal);
        var end = page.IndexOf("</tr>", at, StringComparison.Ordinal);
        return page[start..end];
    }
}
