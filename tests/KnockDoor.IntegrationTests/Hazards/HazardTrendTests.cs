using System.Net;
using System.Text.Json;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>GET /api/v1/hazards/trend and the /Hazards/Trend page (隐患动态清零): daily figures, per township, scope, oldest pending.</summary>
public sealed class HazardTrendTests(Apps apps) : IClassFixture<Apps>
{
    /// <summary>
    /// Eight hazards over six days (S = the campaign's first day, S+5 = today) in two townships, each test on its own
    /// campaign so that no other test's hazards count. Expected, written out by hand:
    /// <code>
    /// day  found  closed  pending   宁乡镇 (f/c/p)  金罗镇 (f/c/p)
    /// S      2      1       1        2/1/1          0/0/0     H1 (found before S: counts on S), H2 fixed on the spot
    /// S+1    1      1       1        1/1/1          0/0/0     H3 assigned, deadline S+2 (overdue), H1 closed
    /// S+2    2      0       3        0/0/1          2/0/2     H4 open, H5
    /// S+3    1      0       4        0/0/1          1/0/3     H6 closed then reopened by a revisit: pending again
    /// S+4    1      1       4        1/0/2          0/1/2     H7 reported fixed (deadline passed, but not overdue), H5 closed
    /// S+5    1      0       5        1/0/3          0/0/2     H8 escalated
    /// </code>
    /// </summary>
    private sealed record Seeded(Guid CampaignId, DateOnly Start, Dictionary<string, Guid> Ids);

    private static async Task<Seeded> SeedCampaignAsync(KdApp app)
    {
        var today = ChinaTime.Today(app.Clock);
        var s = today.AddDays(-5);
        var campaign = await NewCampaignAsync(app, s);
        var ning = await PathOfAsync(app, TestData.NingxiangVillage);
        var jin = await PathOfAsync(app, TestData.JinluoVillage);
        var ids = new Dictionary<string, Guid>
        {
            ["H1"] = await SeedAsync(app, campaign, TestData.NingxiangVillage, ning, HazardStatus.Closed, s.AddDays(-2), closed: s.AddDays(1)),
            ["H2"] = await SeedAsync(app, campaign, TestData.NingxiangVillage, ning, HazardStatus.FixedOnSpot, s, closed: s),
            ["H3"] = await SeedAsync(app, campaign, TestData.NingxiangVillage, ning, HazardStatus.Assigned, s.AddDays(1), deadline: s.AddDays(2), assignee: "测试整改人"),
            ["H4"] = await SeedAsync(app, campaign, TestData.JinluoVillage, jin, HazardStatus.Open, s.AddDays(2)),
            ["H5"] = await SeedAsync(app, campaign, TestData.JinluoVillage, jin, HazardStatus.Closed, s.AddDays(2), closed: s.AddDays(4), hour: 11),
            ["H6"] = await SeedAsync(app, campaign, TestData.JinluoVillage, jin, HazardStatus.Open, s.AddDays(3), reopened: true),
            ["H7"] = await SeedAsync(app, campaign, TestData.NingxiangVillage, ning, HazardStatus.ReportedFixed, s.AddDays(4), deadline: s.AddDays(1)),
            ["H8"] = await SeedAsync(app, campaign, TestData.NingxiangVillage, ning, HazardStatus.Escalated, s.AddDays(5)),
        };
        // Neither another campaign's hazard nor one without a campaign counts.
        var other = await NewCampaignAsync(app, s);
        await SeedAsync(app, other, TestData.NingxiangVillage, ning, HazardStatus.Open, s.AddDays(1));
        await SeedAsync(app, null, TestData.NingxiangVillage, ning, HazardStatus.Open, s.AddDays(1));
        return new Seeded(campaign, s, ids);
    }

    [Theory, BothEngines]
    public async Task Trend_County_GivesEachDaysFoundClosedPendingAndTheSeriesPerTownship(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var seeded = await SeedCampaignAsync(app);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.GetAsync($"/api/v1/hazards/trend?campaignId={seeded.CampaignId}");
        var trend = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(TestData.County, trend.Str("code"));
        Assert.Equal(seeded.CampaignId.ToString(), trend.Str("campaignId"));
        var total = trend.GetProperty("total");
        Assert.Equal(
            [(0, 2, 1, 1), (1, 1, 1, 1), (2, 2, 0, 3), (3, 1, 0, 4), (4, 1, 1, 4), (5, 1, 0, 5)],
            Days(total, seeded.Start));
        Assert.Equal((8, 3, 5, 1), Totals(total));

        var units = trend.GetProperty("units").EnumerateArray().ToDictionary(u => u.Str("code"));
        Assert.Equal(
            [(0, 2, 1, 1), (1, 1, 1, 1), (2, 0, 0, 1), (3, 0, 0, 1), (4, 1, 0, 2), (5, 1, 0, 3)],
            Days(units[TestData.Ningxiang], seeded.Start));
        Assert.Equal((5, 2, 3, 1), Totals(units[TestData.Ningxiang]));
        Assert.Equal(
            [(0, 0, 0, 0), (1, 0, 0, 0), (2, 2, 0, 2), (3, 1, 0, 3), (4, 0, 1, 2), (5, 0, 0, 2)],
            Days(units[TestData.Jinluo], seeded.Start));
        Assert.Equal((3, 1, 2, 0), Totals(units[TestData.Jinluo]));
        // The other townships are there, with nothing.
        Assert.True(units.Count >= 6);
        Assert.All(units.Values.Where(u => u.Str("code") is not TestData.Ningxiang and not TestData.Jinluo), u => Assert.Equal((0, 0, 0, 0), Totals(u)));

        // Oldest found first; the closed ones are not on the list; the overdue one is marked.
        var oldest = trend.GetProperty("oldestPending").EnumerateArray().ToList();
        Assert.Equal(new[] { "H3", "H4", "H6", "H7", "H8" }.Select(k => seeded.Ids[k].ToString()), oldest.Select(h => h.Str("id")));
        Assert.True(oldest[0].GetProperty("overdue").GetBoolean());
        Assert.Equal(4, oldest[0].GetProperty("daysOpen").GetInt32());
        Assert.Equal(TestData.NingxiangVillageName, oldest[0].Str("place"));
        Assert.Equal("测试整改人", oldest[0].Str("assigneeName"));
        Assert.False(oldest[3].GetProperty("overdue").GetBoolean());
    }

    [Theory, BothEngines]
    public async Task Trend_TownshipOfficer_SeesOnlyTheirTownshipAndNotAnotherOne(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var seeded = await SeedCampaignAsync(app);
        using var township = await app.SignInAsync("ningxiang");

        using var own = await township.GetAsync($"/api/v1/hazards/trend?campaignId={seeded.CampaignId}");
        var trend = await own.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(TestData.Ningxiang, trend.Str("code"));
        Assert.Equal(JsonValueKind.Null, trend.GetProperty("parentCode").ValueKind);
        Assert.Equal(
            [(0, 2, 1, 1), (1, 1, 1, 1), (2, 0, 0, 1), (3, 0, 0, 1), (4, 1, 0, 2), (5, 1, 0, 3)],
            Days(trend.GetProperty("total"), seeded.Start));
        var village = Assert.Single(trend.GetProperty("units").EnumerateArray(), u => u.Str("code") == TestData.NingxiangVillage);
        Assert.Equal((5, 2, 3, 1), Totals(village));
        Assert.Equal(new[] { "H3", "H7", "H8" }.Select(k => seeded.Ids[k].ToString()),
            trend.GetProperty("oldestPending").EnumerateArray().Select(h => h.Str("id")));

        using var villageTrend = await township.GetAsync($"/api/v1/hazards/trend?campaignId={seeded.CampaignId}&orgUnitCode={TestData.NingxiangVillage}");
        var leaf = await villageTrend.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((5, 2, 3, 1), Totals(leaf.GetProperty("total")));
        Assert.Empty(leaf.GetProperty("units").EnumerateArray());
        Assert.Equal(TestData.Ningxiang, leaf.Str("parentCode"));

        foreach (var code in new[] { TestData.Jinluo, TestData.JinluoVillage, TestData.County })
        {
            using var other = await township.GetAsync($"/api/v1/hazards/trend?campaignId={seeded.CampaignId}&orgUnitCode={code}");
            await other.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using var page = await township.GetAsync($"/Hazards/Trend?campaignId={seeded.CampaignId}&orgUnitCode={TestData.Jinluo}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Theory, BothEngines]
    public async Task Trend_ReopenedHazard_CountsAsPendingFromTheDayItWasFound(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        var campaign = await NewCampaignAsync(app, today.AddDays(-2));
        var path = await PathOfAsync(app, TestData.JinluoVillage);
        // Fixed on the spot two days ago, reopened by a revisit today: status Open, no day closed.
        var id = await SeedAsync(app, campaign, TestData.JinluoVillage, path, HazardStatus.Open, today.AddDays(-2), reopened: true);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.GetAsync($"/api/v1/hazards/trend?campaignId={campaign}&orgUnitCode={TestData.Jinluo}");
        var trend = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([(0, 1, 0, 1), (1, 0, 0, 1), (2, 0, 0, 1)], Days(trend.GetProperty("total"), today.AddDays(-2)));
        Assert.Equal(id.ToString(), Assert.Single(trend.GetProperty("oldestPending").EnumerateArray()).Str("id"));
    }

    [Theory, BothEngines]
    public async Task Trend_CampaignOver_RunsToTheLastDayAHazardWasClosedAndKeepsTodaysPending(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        var start = today.AddDays(-120);
        var campaign = await NewCampaignAsync(app, start); // its last day is start + 100 = today − 20
        var path = await PathOfAsync(app, TestData.JinluoVillage);
        await SeedAsync(app, campaign, TestData.JinluoVillage, path, HazardStatus.Closed, start.AddDays(5), closed: today.AddDays(-10));
        await SeedAsync(app, campaign, TestData.JinluoVillage, path, HazardStatus.Escalated, start.AddDays(6));
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.GetAsync($"/api/v1/hazards/trend?campaignId={campaign}&orgUnitCode={TestData.JinluoVillage}");
        var days = Days((await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("total"), start);

        Assert.Equal(111, days.Count);
        Assert.Equal((110, 0, 1, 1), days[^1]);
        Assert.Equal((6, 1, 0, 2), days[6]);
    }

    [Theory, BothEngines]
    public async Task Trend_FieldWorker_CountsOnlyTheHazardsOfTheirOwnWork(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        var campaign = await NewCampaignAsync(app, today.AddDays(-1));
        var path = await PathOfAsync(app, TestData.NingxiangVillage);
        var worker = await WithDbAsync(app, db => db.Users.AsNoTracking().Where(u => u.UserName == "worker").Select(u => u.Id).SingleAsync());
        var own = await SeedAsync(app, campaign, TestData.NingxiangVillage, path, HazardStatus.Assigned, today.AddDays(-1), deadline: today,
            assignee: "测试入户", assigneeId: worker);
        await SeedAsync(app, campaign, TestData.NingxiangVillage, path, HazardStatus.Open, today.AddDays(-1));
        using var client = await app.SignInAsync("worker");

        using var response = await client.GetAsync($"/api/v1/hazards/trend?campaignId={campaign}");
        var trend = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((1, 0, 1, 0), Totals(trend.GetProperty("total")));
        Assert.Equal(own.ToString(), Assert.Single(trend.GetProperty("oldestPending").EnumerateArray()).Str("id"));
        using var leader = await app.SignInAsync("leader");
        using var page = await leader.GetAsync($"/Hazards/Trend?campaignId={campaign}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("当前未销号：<strong>2</strong>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task TrendPage_County_Answers200WithThePendingCountTheTablesAndLinks(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var seeded = await SeedCampaignAsync(app);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.GetAsync($"/Hazards/Trend?campaignId={seeded.CampaignId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("当前未销号：<strong>5</strong>", html, StringComparison.Ordinal);
        Assert.Contains("data-pending=\"5\"", html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-day=\"{seeded.Start.AddDays(3):yyyy-MM-dd}\"><td class=\"mono\">{seeded.Start.AddDays(3):yyyy-MM-dd}</td><td>1</td><td>0</td><td>4</td></tr>",
            html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-code=\"{TestData.Ningxiang}\" class=\"overdue\">", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Hazards/Details/{seeded.Ids["H3"]}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Hazards/Details/{seeded.Ids["H5"]}", html, StringComparison.Ordinal);
        // The oldest pending hazards come before the charts.
        Assert.True(html.IndexOf("id=\"trend-oldest\"", StringComparison.Ordinal) < html.IndexOf("id=\"trend-chart\"", StringComparison.Ordinal));

        using var township = await app.SignInAsync("ningxiang");
        using var own = await township.GetAsync($"/Hazards/Trend?campaignId={seeded.CampaignId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("当前未销号：<strong>3</strong>", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static List<(int Offset, int Found, int Closed, int Pending)> Days(JsonElement series, DateOnly start) =>
        [.. series.GetProperty("days").EnumerateArray().Select(d => (
            DateOnly.Parse(d.Str("day"), System.Globalization.CultureInfo.InvariantCulture).DayNumber - start.DayNumber,
            d.GetProperty("found").GetInt32(), d.GetProperty("closed").GetInt32(), d.GetProperty("pending").GetInt32()))];

    private static (int Found, int Closed, int Pending, int Overdue) Totals(JsonElement series) =>
        (series.GetProperty("found").GetInt32(), series.GetProperty("closed").GetInt32(), series.GetProperty("pending").GetInt32(),
            series.GetProperty("overdue").GetInt32());

    internal static Task<string> PathOfAsync(KdApp app, string code) =>
        WithDbAsync(app, db => db.OrgUnits.AsNoTracking().Where(o => o.Code == code).Select(o => o.Path).FirstAsync());

    /// <summary>A campaign of the demo county of its own (not the active one), starting on the given day.</summary>
    internal static async Task<Guid> NewCampaignAsync(KdApp app, DateOnly start)
    {
        var campaign = new Campaign
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            Name = "测试行动",
            DocumentNumber = "测试〔2024〕1号",
            ReportMailbox = "test@example.org",
            MobilisationStart = start,
            MobilisationEnd = start.AddDays(2),
            InspectionStart = start.AddDays(2),
            InspectionEnd = start.AddDays(90),
            SummaryStart = start.AddDays(91),
            SummaryEnd = start.AddDays(100),
            UpdatedAt = app.Clock.GetUtcNow(),
        };
        await WithDbAsync(app, async db =>
        {
            db.Campaigns.Add(campaign);
            return await db.SaveChangesAsync();
        });
        return campaign.Id;
    }

    internal static async Task<Guid> SeedAsync(KdApp app, Guid? campaign, string orgUnitCode, string orgPath, HazardStatus status, DateOnly found,
        DateOnly? closed = null, DateOnly? deadline = null, string? assignee = null, bool reopened = false, int hour = 10, Guid? assigneeId = null)
    {
        var foundAt = ChinaTime.StartOf(found).AddHours(hour);
        var hazard = new Hazard
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            OrgUnitCode = orgUnitCode,
            OrgPath = orgPath,
            CampaignId = campaign,
            ItemCode = "H05",
            Description = "燃气软管老化",
            Severity = Severity.High,
            Status = status,
            FoundBy = Guid.NewGuid(),
            FoundByName = "测试发现人",
            FoundAt = foundAt,
            FoundDay = found,
            AssigneeId = assigneeId ?? (assignee is null ? null : Guid.NewGuid()),
            AssigneeName = assignee,
            Deadline = deadline,
            ClosedAt = closed is { } c ? ChinaTime.StartOf(c).AddHours(16) : null,
            ClosedDay = closed,
            RevisitListedAt = reopened ? foundAt.AddDays(1) : null,
            RevisitedAt = reopened ? foundAt.AddDays(1) : null,
            RevisitResult = reopened ? HazardRevisitResult.Reopened : null,
            UpdatedAt = foundAt,
            Version = reopened ? 2 : 1,
        };
        await WithDbAsync(app, async db =>
        {
            db.Hazards.Add(hazard);
            return await db.SaveChangesAsync();
        });
        return hazard.Id;
    }
}
