using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Visits;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Coverage;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.IntegrationTests.Plans;

/// <summary>
/// Coverage (覆盖率): visited and non-contact counts per unit, the category filter, the scope; and the per-person
/// campaign progress behind them, through visits that arrive out of order and targets that change.
/// </summary>
public sealed class CoverageTests(Apps apps) : IClassFixture<Apps>
{
    private static JsonElement Unit(JsonElement report, string code) =>
        report.GetProperty("units").EnumerateArray().Single(u => u.Str("code") == code);

    private static int Int(JsonElement e, string p) => e.GetProperty(p).GetInt32();

    private static int Non(JsonElement row, string outcome) => row.GetProperty("nonContact").GetProperty(outcome).GetInt32();

    [Theory, BothEngines]
    public async Task Coverage_CountsVisitedAndLatestNonContactPerVillageAndTownship(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var t = await PlanKit.NewTargetsAsync(admin, village, 5);
        var now = app.Clock.GetUtcNow();
        await PlanKit.AddVisitAsync(app, t[0], VisitOutcome.Visited, now.AddHours(-5));
        await PlanKit.AddVisitAsync(app, t[1], VisitOutcome.NobodyHome, now.AddHours(-5));
        await PlanKit.AddVisitAsync(app, t[1], VisitOutcome.Visited, now.AddHours(-4));
        await PlanKit.AddVisitAsync(app, t[2], VisitOutcome.Refused, now.AddHours(-4));
        await PlanKit.AddVisitAsync(app, t[3], VisitOutcome.NobodyHome, now.AddHours(-3));
        await PlanKit.AddVisitAsync(app, t[3], VisitOutcome.MovedAway, now.AddHours(-2));
        using var officer = await app.SignInAsync("ningxiang");

        var own = await PlanKit.GetAsync(officer, $"/api/v1/coverage?orgUnit={village}");
        var row = Unit(own, village);
        Assert.Equal(5, Int(row, "targets"));
        Assert.Equal(2, Int(row, "visited"));
        Assert.Equal(40.0, row.GetProperty("coverage").GetDouble());
        Assert.Equal(0, Non(row, "nobodyHome"));
        Assert.Equal(1, Non(row, "refused"));
        Assert.Equal(1, Non(row, "movedAway"));
        Assert.Equal(0, Non(row, "deceased"));
        Assert.Equal(5, Int(own.GetProperty("total"), "targets"));

        var township = await PlanKit.GetAsync(officer, "/api/v1/coverage");
        Assert.Equal(TestData.Ningxiang, township.Str("code"));
        var inTownship = Unit(township, village);
        Assert.Equal(2, Int(inTownship, "visited"));
        Assert.Equal(1, Non(inTownship, "refused"));
        var rows = township.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(rows.Sum(r => Int(r, "targets")), Int(township.GetProperty("total"), "targets"));
        Assert.Equal(rows.Sum(r => Int(r, "visited")), Int(township.GetProperty("total"), "visited"));

        var county = await PlanKit.GetAsync(admin, "/api/v1/coverage");
        var ningxiang = Unit(county, TestData.Ningxiang);
        Assert.Equal(Int(township.GetProperty("total"), "targets"), Int(ningxiang, "targets"));
        Assert.Equal(Int(township.GetProperty("total"), "visited"), Int(ningxiang, "visited"));
        Assert.Equal(Non(township.GetProperty("total"), "movedAway"), Non(ningxiang, "movedAway"));
        Assert.Contains(county.GetProperty("units").EnumerateArray(), u => u.Str("code") == TestData.Jinluo);

        var unvisited = await PlanKit.GetAsync(officer, $"/api/v1/coverage/unvisited?orgUnit={village}");
        Assert.Equal(3, Int(unvisited, "total"));
        var items = unvisited.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(new[] { t[2], t[3], t[4] }.Order(), items.Select(i => i.Str("targetId")).Order());
        Assert.Equal("Refused", items.Single(i => i.Str("targetId") == t[2]).Str("lastOutcome"));
        Assert.Equal("MovedAway", items.Single(i => i.Str("targetId") == t[3]).Str("lastOutcome"));
        Assert.All(items, i => Assert.Contains("*", i.Str("phoneMasked"), StringComparison.Ordinal));
        Assert.All(items, i => Assert.Contains("*", i.Str("idNumberMasked"), StringComparison.Ordinal));
    }

    [Theory, BothEngines]
    public async Task Coverage_CategoryFilter_CountsOnlyThatCategory(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var children = await PlanKit.NewTargetsAsync(admin, village, 2, ["LeftBehindChild"]);
        var elderly = await PlanKit.NewTargetsAsync(admin, village, 1);
        var now = app.Clock.GetUtcNow();
        await PlanKit.AddVisitAsync(app, children[0], VisitOutcome.Visited, now.AddHours(-1));
        await PlanKit.AddVisitAsync(app, children[1], VisitOutcome.NobodyHome, now.AddHours(-1));
        await PlanKit.AddVisitAsync(app, elderly[0], VisitOutcome.Visited, now.AddHours(-1));

        var all = Unit(await PlanKit.GetAsync(admin, $"/api/v1/coverage?orgUnit={village}"), village);
        var onlyChildren = Unit(await PlanKit.GetAsync(admin, $"/api/v1/coverage?orgUnit={village}&category=LeftBehindChild"), village);

        Assert.Equal(3, Int(all, "targets"));
        Assert.Equal(2, Int(all, "visited"));
        Assert.Equal(66.7, all.GetProperty("coverage").GetDouble());
        Assert.Equal(2, Int(onlyChildren, "targets"));
        Assert.Equal(1, Int(onlyChildren, "visited"));
        Assert.Equal(50.0, onlyChildren.GetProperty("coverage").GetDouble());
        Assert.Equal(1, Non(onlyChildren, "nobodyHome"));
        var unvisited = await PlanKit.GetAsync(admin, $"/api/v1/coverage/unvisited?orgUnit={village}&category=LeftBehindChild");
        Assert.Equal(children[1], unvisited.GetProperty("items").EnumerateArray().Single().Str("targetId"));
    }

    [Theory, BothEngines]
    public async Task Coverage_Worker_SeesOnlyTheirTownship(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var worker = await app.SignInAsync("worker");

        var own = await PlanKit.GetAsync(worker, "/api/v1/coverage");
        using var county = await worker.GetAsync($"/api/v1/coverage?orgUnit={TestData.County}");
        using var other = await worker.GetAsync($"/api/v1/coverage?orgUnit={TestData.Jinluo}");
        using var otherVillage = await worker.GetAsync($"/api/v1/coverage/unvisited?orgUnit={TestData.JinluoVillage}");

        Assert.Equal(TestData.Ningxiang, own.Str("code"));
        Assert.DoesNotContain(own.GetProperty("units").EnumerateArray(), u => u.Str("code").StartsWith(TestData.Jinluo, StringComparison.Ordinal));
        await county.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        await other.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        await otherVillage.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
    }

    [Theory, BothEngines]
    public async Task Coverage_VisitsSyncedOutOfOrder_VisitedSticksAndTheLastFinishedOutcomeCounts(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var t = await PlanKit.NewTargetsAsync(admin, village, 3);
        var (templateId, definition) = await VisitTestKit.CurrentTemplateAsync(app, ChecklistKind.Household);
        using var worker = await app.SignInAsync("worker");
        var now = app.Clock.GetUtcNow();
        async Task SubmitAsync(string targetId, VisitOutcome outcome, int hoursAgo)
        {
            var body = VisitTestKit.Household(app, templateId, targetId,
                outcome == VisitOutcome.Visited ? VisitTestKit.SafeAnswers(definition) : [], outcome.ToString());
            body["startedAt"] = now.AddHours(-hoursAgo).AddMinutes(-20);
            body["finishedAt"] = now.AddHours(-hoursAgo);
            await worker.PostVisitAsync(body);
        }

        // Met, and later found nobody home: still visited.
        await SubmitAsync(t[0], VisitOutcome.Visited, 3);
        await SubmitAsync(t[0], VisitOutcome.NobodyHome, 1);
        // An older meeting arrives last: the day first visited moves back to it; nothing else changes but the count.
        await SubmitAsync(t[0], VisitOutcome.Visited, 30);
        // Refused; an earlier nobody-home arrives after it from a phone that was offline: refused stays the last outcome.
        await SubmitAsync(t[1], VisitOutcome.Refused, 1);
        await SubmitAsync(t[1], VisitOutcome.NobodyHome, 3);
        // Nobody home; an earlier meeting arrives after it: visited.
        await SubmitAsync(t[2], VisitOutcome.NobodyHome, 1);
        await SubmitAsync(t[2], VisitOutcome.Visited, 3);

        var row = Unit(await PlanKit.GetAsync(admin, $"/api/v1/coverage?orgUnit={village}"), village);
        Assert.Equal(3, Int(row, "targets"));
        Assert.Equal(2, Int(row, "visited"));
        Assert.Equal(1, Non(row, "refused"));
        Assert.Equal(0, Non(row, "nobodyHome"));
        var unvisited = await PlanKit.GetAsync(admin, $"/api/v1/coverage/unvisited?orgUnit={village}");
        Assert.Equal(1, Int(unvisited, "total"));
        var item = Assert.Single(unvisited.GetProperty("items").EnumerateArray());
        Assert.Equal(t[1], item.Str("targetId"));
        Assert.Equal("Refused", item.Str("lastOutcome"));
        Assert.Equal(now.AddHours(-1), item.GetProperty("lastVisitAt").GetDateTimeOffset());

        var ids = t.Select(Guid.Parse).ToList();
        var kept = await ProgressAsync(app, ids);
        Assert.Equal((true, ChinaTime.DayOf(now.AddHours(-30)), VisitOutcome.NobodyHome, now.AddHours(-1), 3), kept[ids[0]]);
        Assert.Equal((false, null, VisitOutcome.Refused, now.AddHours(-1), 2), kept[ids[1]]);
        Assert.Equal((true, ChinaTime.DayOf(now.AddHours(-3)), VisitOutcome.NobodyHome, now.AddHours(-1), 2), kept[ids[2]]);
        // What was kept visit by visit is what the visits give when counted all at once.
        await VisitTestKit.WithDbAsync(app, async db =>
        {
            var campaign = await CampaignEndpoints.CurrentAsync(db, TestData.County, CancellationToken.None);
            await TargetProgressWriter.RebuildAsync(db, campaign!.Id, CancellationToken.None);
            return 0;
        });
        Assert.Equal(kept, await ProgressAsync(app, ids));
    }

    [Theory, BothEngines]
    public async Task Coverage_TargetMovedRecategorisedOrConfirmedGone_CountsFollowTheTarget(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var first = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var second = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var input = TestData.Target(first);
        var moving = (await admin.CreateTargetAsync(input)).Str("id");
        var staying = (await PlanKit.NewTargetsAsync(admin, first, 1))[0];
        await PlanKit.AddVisitAsync(app, moving, VisitOutcome.Visited, app.Clock.GetUtcNow().AddHours(-2));
        async Task<JsonElement> CoverageAsync(string village, string? category = null) =>
            Unit(await PlanKit.GetAsync(admin, $"/api/v1/coverage?orgUnit={village}" + (category is null ? "" : "&category=" + category)), village);
        async Task UpdateAsync(int version)
        {
            input["version"] = version;
            using var response = await admin.PutAsJsonAsync($"/api/v1/targets/{moving}", input);
            await response.ExpectAsync(HttpStatusCode.OK);
        }

        input["orgUnitCode"] = second;
        await UpdateAsync(1);

        var before = await CoverageAsync(first);
        Assert.Equal((1, 0), (Int(before, "targets"), Int(before, "visited")));
        var after = await CoverageAsync(second);
        Assert.Equal((1, 1), (Int(after, "targets"), Int(after, "visited")));

        input["categories"] = new[] { "LeftBehindChild" };
        await UpdateAsync(2);

        var alone = await CoverageAsync(second, "LivingAlone");
        Assert.Equal((0, 0), (Int(alone, "targets"), Int(alone, "visited")));
        var children = await CoverageAsync(second, "LeftBehindChild");
        Assert.Equal((1, 1), (Int(children, "targets"), Int(children, "visited")));

        // Moved away, as a visit found and the township confirmed: no longer counted at all.
        var (templateId, _) = await VisitTestKit.CurrentTemplateAsync(app, ChecklistKind.Household);
        using var worker = await app.SignInAsync("worker");
        var visit = await worker.PostVisitAsync(VisitTestKit.Household(app, templateId, staying, [], outcome: "MovedAway"));
        Assert.Equal(1, Non(await CoverageAsync(first), "movedAway"));
        using var officer = await app.SignInAsync("ningxiang");
        using var confirm = await officer.PostAsync($"/api/v1/visits/{visit.Str("id")}/confirm-outcome", null);
        await confirm.ExpectAsync(HttpStatusCode.OK);

        var gone = await CoverageAsync(first);
        Assert.Equal((0, 0, 0), (Int(gone, "targets"), Int(gone, "visited"), Non(gone, "movedAway")));
    }

    /// <summary>The stored progress of the given targets in the current campaign (visited, last outcome, when, how many visits).</summary>
    private static Task<Dictionary<Guid, (bool, DateOnly?, VisitOutcome, DateTimeOffset, int)>> ProgressAsync(KdApp app, List<Guid> targetIds) =>
        VisitTestKit.WithDbAsync(app, async db =>
            (await db.TargetProgress.AsNoTracking().Where(p => targetIds.Contains(p.TargetId)).ToListAsync())
                .ToDictionary(p => p.TargetId, p => (p.Visited, p.FirstVisitedDay, p.LastOutcome, p.LastVisitAt, p.VisitCount)));
}
