using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Plans;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Sync.SyncKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Sync;

/// <summary>GET /api/v1/sync: full, then only what changed; never another worker's targets.</summary>
public sealed class SyncTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task Incremental_ReturnsOnlyTheTasksChangedSinceTheToken_AndTheRemovedOnes(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 8);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var other = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Take(5), workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        Later(app);
        var first = await phone.SyncAsync();
        Later(app);

        var changed = targets[0];
        await UpdateTargetAsync(officer, changed, t => t["address"] = "新地址 2 组 8 号");
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Skip(5).Take(2), workerId = worker.Id });
        await PlanKit.AssignAsync(officer, new { targetIds = new[] { targets[1] }, workerId = other.Id });
        // The next token is taken more than the overlap window after the changes, so that a third sync has nothing.
        Later(app);
        var next = await phone.SyncAsync(first.Str("token"));

        Assert.True(first.GetProperty("full").GetBoolean());
        Assert.Equal(targets.Take(5).Order(), TaskIds(first));
        Assert.Empty(Removed(first));
        Assert.False(next.GetProperty("full").GetBoolean());
        Assert.Equal(new[] { changed, targets[5], targets[6] }.Order(), TaskIds(next));
        Assert.Equal([targets[1]], Removed(next));
        var task = Task(next, changed);
        Assert.Equal("新地址 2 组 8 号", task.Str("address"));
        Assert.Equal(2, task.GetProperty("targetVersion").GetInt32());
        Assert.Equal(1, task.GetProperty("assignmentVersion").GetInt32());
        Assert.DoesNotContain("*", task.Str("phone"), StringComparison.Ordinal);
        Assert.NotEqual(first.Str("token"), next.Str("token"));
        Assert.Equal((await PlanKit.GetAsync(admin, "/api/v1/campaigns/current")).Str("id"), next.GetProperty("campaign").Str("id"));

        Later(app);
        var quiet = await phone.SyncAsync(next.Str("token"));
        Assert.False(quiet.GetProperty("full").GetBoolean());
        Assert.Empty(TaskIds(quiet));
        Assert.Empty(Removed(quiet));
        Assert.Empty(quiet.GetProperty("templates").EnumerateArray());
    }

    [Theory, BothEngines]
    public async Task WeatherWarning_FlagsThePeopleOnItsRevisitList_AtTheNextSync_AndCancellingClearsIt(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 2, ["LeftBehindChild"]);
        // Bedridden: on a cold wave's revisit list. The other person has nothing that puts them on it.
        await UpdateTargetAsync(admin, targets[0], t => t["bedridden"] = true);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets, workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        Later(app);
        var first = await phone.SyncAsync();
        Assert.All(first.GetProperty("tasks").EnumerateArray(), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("revisitWarning").ValueKind));
        Later(app);

        var now = app.Clock.GetUtcNow();
        var (status, warning) = await Weather.WeatherKit.IssueAsync(admin,
            Weather.WeatherKit.Warning("ColdWave", [TestData.Ningxiang], now.AddHours(-1), now.AddDays(2), level: "Yellow"));
        Assert.Equal(HttpStatusCode.Created, status);
        Later(app);
        var next = await phone.SyncAsync(first.Str("token"));
        // Only the listed person's task comes again, flagged until the warning ends.
        Assert.Equal([targets[0]], TaskIds(next));
        var flagged = Task(next, targets[0]);
        Assert.Equal("寒潮黄色预警", flagged.Str("revisitWarning"));
        Assert.Equal(DateTimeOffset.Parse(warning.Str("to"), System.Globalization.CultureInfo.InvariantCulture),
            flagged.GetProperty("revisitUntil").GetDateTimeOffset());

        using (var cancel = await admin.PostAsync($"/api/v1/weather-warnings/{warning.Str("id")}/cancel", null))
        {
            await cancel.ExpectAsync(HttpStatusCode.OK);
        }
        Later(app);
        var after = await phone.SyncAsync(next.Str("token"));
        Assert.Equal([targets[0]], TaskIds(after));
        Assert.Equal(JsonValueKind.Null, Task(after, targets[0]).GetProperty("revisitWarning").ValueKind);
    }

    [Theory, BothEngines]
    public async Task SecondWorker_NeverReceivesTheFirstWorkersTargets_FullOrIncremental(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 6);
        var first = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var second = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Take(3), workerId = first.Id });
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Skip(3), workerId = second.Id });
        using var firstPhone = await app.SignInAsync(first.UserName, TestData.AccountPassword);
        using var secondPhone = await app.SignInAsync(second.UserName, TestData.AccountPassword);
        Later(app);
        var firstFull = await firstPhone.SyncAsync();
        var secondFull = await secondPhone.SyncAsync();
        Later(app);

        // The first worker's targets change and get visited: nothing of it reaches the second worker.
        await UpdateTargetAsync(officer, targets[0], t => t["address"] = "只属于第一位的地址");
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Take(3), workerId = first.Id, plannedDate = "2024-12-30" });
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        await firstPhone.PostVisitAsync(Household(app, templateId, targets[1], SafeAnswers(definition)));
        var firstNext = await firstPhone.SyncAsync(firstFull.Str("token"));
        var secondNext = await secondPhone.SyncAsync(secondFull.Str("token"));

        Assert.Equal(targets.Take(3).Order(), TaskIds(firstFull));
        Assert.Equal(targets.Skip(3).Order(), TaskIds(secondFull));
        Assert.Equal(targets.Take(3).Order(), TaskIds(firstNext));
        Assert.Empty(TaskIds(secondNext));
        Assert.Empty(Removed(secondNext));
        Assert.Empty(secondNext.GetProperty("visits").EnumerateArray());
        Assert.Single(firstNext.GetProperty("visits").EnumerateArray());
    }

    [Theory, BothEngines]
    public async Task TokenOfAnotherUser_IsAFullSyncOfTheCaller(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 3);
        var first = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var second = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Take(2), workerId = first.Id });
        await PlanKit.AssignAsync(officer, new { targetIds = targets.Skip(2), workerId = second.Id });
        using var firstPhone = await app.SignInAsync(first.UserName, TestData.AccountPassword);
        using var secondPhone = await app.SignInAsync(second.UserName, TestData.AccountPassword);
        var firstToken = (await firstPhone.SyncAsync()).Str("token");
        Later(app);

        var borrowed = await secondPhone.SyncAsync(firstToken);
        var garbage = await secondPhone.SyncAsync("bm90IGEgdG9rZW4");

        Assert.True(borrowed.GetProperty("full").GetBoolean());
        Assert.Equal([targets[2]], TaskIds(borrowed));
        Assert.True(garbage.GetProperty("full").GetBoolean());
        Assert.Equal([targets[2]], TaskIds(garbage));
    }

    [Theory, BothEngines]
    public async Task Unassigned_Inactive_AndGivenBack_AreRemovedOrReturned(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 3);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets, workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        Later(app);
        var full = await phone.SyncAsync();
        Later(app);

        using (var response = await officer.DeleteAsync($"/api/v1/plan/assignments/{targets[0]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await UpdateTargetAsync(officer, targets[1], t => t["status"] = "Deceased");
        using (var response = await officer.DeleteAsync($"/api/v1/plan/assignments/{targets[2]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await PlanKit.AssignAsync(officer, new { targetIds = new[] { targets[2] }, workerId = worker.Id });
        var next = await phone.SyncAsync(full.Str("token"));
        Later(app);
        var again = await phone.SyncAsync();

        Assert.Equal(targets.Order(), TaskIds(full));
        Assert.Equal(new[] { targets[0], targets[1] }.Order(), Removed(next));
        Assert.Equal([targets[2]], TaskIds(next));
        Assert.Equal([targets[2]], TaskIds(again));
    }

    [Theory, BothEngines]
    public async Task TemplatePublished_AppearsOnce(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        Later(app);
        var full = await phone.SyncAsync();
        Later(app);
        var current = await PlanKit.GetAsync(admin, "/api/v1/checklists/household/current");
        using (var response = await admin.PostAsJsonAsync("/api/v1/checklists/household/versions",
            new { definition = current.GetProperty("definition"), changeNote = "同步测试" }))
        {
            await response.ExpectAsync(HttpStatusCode.Created);
        }
        var published = await PlanKit.GetAsync(admin, "/api/v1/checklists/household/current");
        Later(app);

        var next = await phone.SyncAsync(full.Str("token"));
        Later(app);
        var after = await phone.SyncAsync(next.Str("token"));

        var kinds = full.GetProperty("templates").EnumerateArray().Select(t => t.Str("kind")).ToList();
        Assert.Equal(["Household"], kinds);
        var template = Assert.Single(next.GetProperty("templates").EnumerateArray());
        Assert.Equal(published.Str("id"), template.Str("id"));
        Assert.Equal(published.GetProperty("version").GetInt32(), template.GetProperty("version").GetInt32());
        Assert.True(template.GetProperty("definition").GetProperty("sections").GetArrayLength() > 0);
        Assert.Empty(after.GetProperty("templates").EnumerateArray());
    }

    [Theory, BothEngines]
    public async Task OwnVisit_InVisits_AnotherPersonsVisit_MarksTheTaskChanged(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 3);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets, workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        Later(app);
        var full = await phone.SyncAsync();
        Later(app);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);

        var mine = await phone.PostVisitAsync(Household(app, templateId, targets[0], SafeAnswers(definition)));
        var theirs = await officer.PostVisitAsync(Household(app, templateId, targets[1], [], outcome: "NobodyHome"));
        var next = await phone.SyncAsync(full.Str("token"));

        Assert.Empty(full.GetProperty("visits").EnumerateArray());
        var visit = Assert.Single(next.GetProperty("visits").EnumerateArray());
        Assert.Equal(mine.Str("id"), visit.Str("id"));
        Assert.Equal(targets[0], visit.Str("targetId"));
        Assert.Equal("Visited", visit.Str("outcome"));
        Assert.Equal(new[] { targets[0], targets[1] }.Order(), TaskIds(next));
        Assert.True(Task(next, targets[0]).GetProperty("visited").GetBoolean());
        Assert.False(Task(next, targets[1]).GetProperty("visited").GetBoolean());
        Assert.Equal("NobodyHome", Task(next, targets[1]).Str("lastOutcome"));
        Assert.NotEqual(theirs.Str("id"), visit.Str("id"));

        // A new full sync carries the worker's own visits of the last 30 days.
        var refreshed = await phone.SyncAsync();
        Assert.Equal([mine.Str("id")], refreshed.GetProperty("visits").EnumerateArray().Select(v => v.Str("id")).ToList());
    }

    [Theory, BothEngines]
    public async Task EverySyncWithTasks_IsOneDownloadAuditRow_WithoutPersonalData(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 2);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets, workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        Later(app);

        var full = await phone.SyncAsync();
        Later(app);
        await phone.SyncAsync(full.Str("token"));

        var workerId = Guid.Parse(worker.Id);
        var rows = await WithDbAsync(app, db => db.AuditEntries.Where(a => a.UserId == workerId && a.Action == "download").ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal("tasks", row.EntityType);
        Assert.Contains("\"count\":2", row.Details, StringComparison.Ordinal);
        var phones = full.GetProperty("tasks").EnumerateArray().Select(t => t.Str("phone")).ToList();
        Assert.All(phones, p => Assert.DoesNotContain(p, row.Details!, StringComparison.Ordinal));
    }

    [Theory, BothEngines]
    public async Task MyTasks_StillAnswers_WithVersions(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 2);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets, workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);

        var tasks = (await PlanKit.GetAsync(phone, "/api/v1/my/tasks")).EnumerateArray().ToList();
        var sync = await phone.SyncAsync();

        Assert.Equal(targets.Order(), tasks.Select(t => t.Str("targetId")).Order());
        Assert.All(tasks, t => Assert.Equal(1, t.GetProperty("targetVersion").GetInt32()));
        Assert.Equal(tasks.Select(t => t.Str("targetId")), sync.GetProperty("tasks").EnumerateArray().Select(t => t.Str("targetId")));
    }
}
