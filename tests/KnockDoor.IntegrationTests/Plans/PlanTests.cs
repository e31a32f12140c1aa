using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests.Plans;

/// <summary>The visit plan (入户计划): bulk assignment, reassignment, scope, and the worker's task list.</summary>
public sealed class PlanTests(Apps apps) : IClassFixture<Apps>
{
    private static JsonElement Row(JsonElement summary, string village) =>
        summary.GetProperty("units").EnumerateArray().Single(u => u.Str("orgUnitCode") == village);

    [Theory, BothEngines]
    public async Task AssignByVillage_AssignsEveryActiveTargetOfTheVillage_AndSummaryCounts(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 5);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");

        var before = Row(await PlanKit.GetAsync(officer, "/api/v1/plan/summary"), village);
        Assert.Equal(5, before.GetProperty("targets").GetInt32());
        Assert.Equal(0, before.GetProperty("assigned").GetInt32());
        Assert.Equal(5, before.GetProperty("unassigned").GetInt32());

        await PlanKit.AssignAsync(officer, new { targetIds = targets.Take(2), workerId = worker.Id, plannedDate = "2024-12-20" });
        var result = await PlanKit.AssignAsync(officer, new { filter = new { orgUnit = village, onlyUnassigned = true }, workerId = worker.Id, plannedDate = "2024-12-21" });

        Assert.Equal(3, result.GetProperty("assigned").GetInt32());
        Assert.Equal(0, result.GetProperty("reassigned").GetInt32());
        var after = Row(await PlanKit.GetAsync(officer, $"/api/v1/plan/summary?orgUnit={village}"), village);
        Assert.Equal(5, after.GetProperty("assigned").GetInt32());
        Assert.Equal(0, after.GetProperty("unassigned").GetInt32());
        var list = await PlanKit.GetAsync(officer, $"/api/v1/plan/targets?orgUnit={village}&workerId={worker.Id}");
        Assert.Equal(5, list.GetProperty("total").GetInt32());
        Assert.Equal(2, list.GetProperty("items").EnumerateArray().Count(i => i.Str("plannedDate") == "2024-12-20"));
        var workers = await PlanKit.GetAsync(officer, "/api/v1/plan/workers");
        Assert.Equal(5, workers.EnumerateArray().Single(w => w.Str("id") == worker.Id).GetProperty("assigned").GetInt32());
        var unassigned = await PlanKit.GetAsync(officer, $"/api/v1/plan/targets?orgUnit={village}&assigned=false");
        Assert.Equal(0, unassigned.GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task Reassign_KeepsTheRows_ChangesTheWorker_BumpsTheVersion(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 3);
        var ill = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var other = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { filter = new { orgUnit = village }, workerId = ill.Id, plannedDate = "2024-12-20" });
        var rowsBefore = await AssignmentRowsAsync(app, targets);

        var result = await PlanKit.AssignAsync(officer, new { filter = new { orgUnit = village, workerId = ill.Id }, workerId = other.Id, plannedDate = "2024-12-22" });

        Assert.Equal(0, result.GetProperty("assigned").GetInt32());
        Assert.Equal(3, result.GetProperty("reassigned").GetInt32());
        var rowsAfter = await AssignmentRowsAsync(app, targets);
        Assert.Equal(rowsBefore.Select(r => r.Id).Order(), rowsAfter.Select(r => r.Id).Order());
        Assert.All(rowsAfter, r =>
        {
            Assert.Equal(Guid.Parse(other.Id), r.WorkerId);
            Assert.Equal(new DateOnly(2024, 12, 22), r.PlannedDate);
            Assert.Equal(rowsBefore.Single(b => b.Id == r.Id).Version + 1, r.Version);
        });
        var moved = await PlanKit.GetAsync(officer, $"/api/v1/plan/targets?orgUnit={village}&workerId={ill.Id}");
        Assert.Equal(0, moved.GetProperty("total").GetInt32());
        var audit = await admin.AuditAsync((await PlanKit.GetAsync(admin, "/api/v1/campaigns/current")).Str("id"), "assign");
        Assert.Contains(audit, a => (a.GetProperty("details").GetString() ?? "").Contains(other.Id, StringComparison.Ordinal));
    }

    private static async Task<List<Assignment>> AssignmentRowsAsync(KdApp app, List<string> targetIds)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Data.AppDbContext>(scope.ServiceProvider);
        var ids = targetIds.Select(Guid.Parse).ToList();
        return [.. db.Assignments.Where(a => ids.Contains(a.TargetId))];
    }

    [Theory, BothEngines]
    public async Task Assign_TownshipOfficer_CannotAssignOtherTownshipsTargetOrWorker(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluoTargets = await PlanKit.NewTargetsAsync(admin, TestData.JinluoVillage, 1);
        var ningxiangTargets = await PlanKit.NewTargetsAsync(admin, TestData.NingxiangVillage, 1);
        var jinluoWorker = await PlanKit.NewWorkerAsync(admin, TestData.Jinluo);
        var ningxiangWorker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");

        using (var response = await officer.PostAsJsonAsync("/api/v1/plan/assign", new { targetIds = jinluoTargets, workerId = ningxiangWorker.Id }))
        {
            await response.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var response = await officer.PostAsJsonAsync("/api/v1/plan/assign", new { targetIds = ningxiangTargets, workerId = jinluoWorker.Id }))
        {
            await response.ExpectProblemAsync(HttpStatusCode.NotFound, "plan.worker_not_found");
        }
        using (var response = await officer.PostAsJsonAsync("/api/v1/plan/assign", new { filter = new { orgUnit = TestData.JinluoVillage }, workerId = ningxiangWorker.Id }))
        {
            await response.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        var officerAccount = await PlanKit.GetAsync(officer, "/api/v1/auth/me");
        using (var response = await officer.PostAsJsonAsync("/api/v1/plan/assign", new { targetIds = ningxiangTargets, workerId = officerAccount.Str("id") }))
        {
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "plan.worker_invalid");
        }
        var jinluoList = await PlanKit.GetAsync(admin, $"/api/v1/plan/targets?orgUnit={TestData.JinluoVillage}&workerId={ningxiangWorker.Id}");
        Assert.Equal(0, jinluoList.GetProperty("total").GetInt32());
        var workers = await PlanKit.GetAsync(officer, "/api/v1/plan/workers");
        Assert.DoesNotContain(workers.EnumerateArray(), w => w.Str("id") == jinluoWorker.Id);
        Assert.Contains(workers.EnumerateArray(), w => w.Str("id") == ningxiangWorker.Id);
    }

    [Theory, BothEngines]
    public async Task MyTasks_ShowsOnlyTheWorkersAssignments_NotVisitedFirst(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var mine = await PlanKit.NewTargetsAsync(admin, village, 3);
        var others = await PlanKit.NewTargetsAsync(admin, village, 2);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var colleague = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = mine, workerId = worker.Id, plannedDate = "2024-12-20" });
        await PlanKit.AssignAsync(officer, new { targetIds = others, workerId = colleague.Id });
        var now = app.Clock.GetUtcNow();
        await PlanKit.AddVisitAsync(app, mine[0], VisitOutcome.NobodyHome, now.AddHours(-3));
        await PlanKit.AddVisitAsync(app, mine[0], VisitOutcome.Visited, now.AddHours(-2));
        await PlanKit.AddVisitAsync(app, mine[1], VisitOutcome.NobodyHome, now.AddHours(-1));
        using var client = await app.SignInAsync(worker.UserName, TestData.AccountPassword);

        var tasks = (await PlanKit.GetAsync(client, "/api/v1/my/tasks")).EnumerateArray().ToList();

        Assert.Equal(mine.Order(), tasks.Select(t => t.Str("targetId")).Order());
        Assert.False(tasks[0].GetProperty("visited").GetBoolean());
        Assert.False(tasks[1].GetProperty("visited").GetBoolean());
        Assert.True(tasks[2].GetProperty("visited").GetBoolean());
        Assert.Equal(mine[0], tasks[2].Str("targetId"));
        Assert.Equal("Visited", tasks[2].Str("lastOutcome"));
        Assert.Equal("NobodyHome", tasks.Single(t => t.Str("targetId") == mine[1]).Str("lastOutcome"));
        Assert.All(tasks, t => Assert.DoesNotContain("*", t.Str("phone"), StringComparison.Ordinal));
        Assert.All(tasks, t => Assert.Equal("2024-12-20", t.Str("plannedDate")));
        Assert.All(tasks, t => Assert.False(t.GetProperty("pastCritical").GetBoolean()));
    }

    [Theory, BothEngines]
    public async Task MyTasks_PersonConfirmedDeceased_LeavesTheListOnlyOnceConfirmed(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var mine = await PlanKit.NewTargetsAsync(admin, village, 2);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = mine, workerId = worker.Id });
        using var client = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        var (templateId, _) = await Visits.VisitTestKit.CurrentTemplateAsync(app, Core.Checklists.ChecklistKind.Household);
        var body = Visits.VisitTestKit.Household(app, templateId, mine[0], [], outcome: "Deceased");
        body["outcomeReason"] = "村委会告知已去世";
        var visit = await Visits.VisitTestKit.PostVisitAsync(client, body);

        var before = (await PlanKit.GetAsync(client, "/api/v1/my/tasks")).EnumerateArray().Select(t => t.Str("targetId")).Order().ToList();
        using var confirm = await officer.PostAsync($"/api/v1/visits/{visit.Str("id")}/confirm-outcome", null);
        await confirm.ExpectAsync(HttpStatusCode.OK);
        var after = (await PlanKit.GetAsync(client, "/api/v1/my/tasks")).EnumerateArray().Select(t => t.Str("targetId")).ToList();

        Assert.Equal(mine.Order(), before);
        Assert.Equal([mine[1]], after);
    }

    [Theory, BothEngines]
    public async Task Pages_PlanForOfficers_CoverageForReaders(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        using var worker = await app.SignInAsync("worker");

        using var plan = await officer.GetAsync("/Plan");
        using var coverage = await worker.GetAsync("/Coverage");
        using var workerPlan = await worker.GetAsync("/Plan");

        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.Contains("plan-targets", await plan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, coverage.StatusCode);
        var coverageHtml = await coverage.Content.ReadAsStringAsync();
        Assert.Contains("cov-table", coverageHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Plan\"", coverageHtml, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, workerPlan.StatusCode);
    }
}
