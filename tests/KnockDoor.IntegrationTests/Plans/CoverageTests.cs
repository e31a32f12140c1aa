using System.Net;
using System.Text.Json;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests.Plans;

/// <summary>Coverage (覆盖率): visited and non-contact counts per unit, the category filter, the scope.</summary>
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
}
