using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.OrgUnits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Patrols.PatrolTestKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>The daily report's patrol figures (patrols.street, patrols.homelessHelped) as its calculator computes them equal the records, today and so far.</summary>
public sealed class PatrolFigureTests(PatrolApps apps) : IClassFixture<PatrolApps>
{
    [Theory, BothEngines]
    public async Task DailyReport_PatrolFigures_EqualTheRecords_TodayAndSinceTheCampaignBegan(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var township = await FreshTownshipAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var today = ChinaTime.Today(app.Clock);
        var start = ChinaTime.StartOf(today);
        // Two patrols today, one yesterday; people found: today one helped and one who declined, yesterday one helped.
        var p1 = await RecordPatrolAsync(admin, new { clientId = Guid.NewGuid(), at = Earlier(start, now, 1), orgUnitCode = township, area = "车站", members = "甲" });
        await RecordPatrolAsync(admin, new { clientId = Guid.NewGuid(), at = Earlier(start, now, 2), orgUnitCode = township, area = "广场", members = "乙" });
        var p3 = await RecordPatrolAsync(admin, new { clientId = Guid.NewGuid(), at = start.AddHours(-3), orgUnitCode = township, area = "桥洞", members = "丙" });
        await PersonAsync(admin, p1.Str("id"), Earlier(start, now, 1), "FoodAndClothing, SentToHospital");
        await PersonAsync(admin, p1.Str("id"), Earlier(start, now, 1), "Declined");
        await PersonAsync(admin, p3.Str("id"), start.AddHours(-2), "EscortedToStation");

        // Yesterday counts in the cumulative column when the campaign had begun by then.
        var campaign = await WithDbAsync(app, db => db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
            .ThenByDescending(c => c.MobilisationStart).Select(c => new { c.Id, c.MobilisationStart }).FirstAsync());
        var yesterday = today.AddDays(-1) >= campaign.MobilisationStart ? 1m : 0m;

        // The report's calculator (what /api/v1/reports/daily and the county table show), for the township and for the whole county.
        var path = await WithDbAsync(app, db => db.OrgUnits.Where(o => o.Code == township).Select(o => o.Path).SingleAsync());
        var jinluoPath = await WithDbAsync(app, db => db.OrgUnits.Where(o => o.Code == TestData.Jinluo).Select(o => o.Path).SingleAsync());
        var countyPath = await WithDbAsync(app, db => db.OrgUnits.Where(o => o.Code == TestData.County).Select(o => o.Path).SingleAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var calculator = scope.ServiceProvider.GetRequiredService<DailyReportCalculator>();
        var units = new[] { new ReportUnit(township, path, ReportUnitKind.Township), new ReportUnit(TestData.Jinluo, jinluoPath, ReportUnitKind.Township) };
        var all = await calculator.ComputeManyAsync(campaign.Id, TestData.County, countyPath, units, today, CancellationToken.None);
        Assert.Equal(new FigureValue(2, 2 + yesterday), all[units[0]][DailyFigures.StreetPatrols]);
        Assert.Equal(new FigureValue(1, 1 + yesterday), all[units[0]][DailyFigures.HomelessHelped]);
        Assert.Equal(new FigureValue(0, 0), all[units[1]][DailyFigures.StreetPatrols]);
        Assert.Equal(new FigureValue(0, 0), all[units[1]][DailyFigures.HomelessHelped]);
        var one = await calculator.ComputeAsync(campaign.Id, TestData.County, path, ReportUnitKind.Township, today, CancellationToken.None);
        Assert.Equal(all[units[0]][DailyFigures.StreetPatrols], one[DailyFigures.StreetPatrols]);
        Assert.Equal(all[units[0]][DailyFigures.HomelessHelped], one[DailyFigures.HomelessHelped]);
    }

    /// <summary>An instant of today (China time) before now: a few minutes after midnight, or just before now when the day has just begun.</summary>
    private static DateTimeOffset Earlier(DateTimeOffset dayStart, DateTimeOffset now, int minutes)
    {
        var at = dayStart.AddMinutes(minutes);
        return at < now ? at : now.AddSeconds(-minutes);
    }

    private static async Task PersonAsync(HttpClient client, string patrolId, DateTimeOffset at, string help)
    {
        using var r = await client.PostAsJsonAsync($"/api/v1/patrols/{patrolId}/persons", new
        {
            clientId = Guid.NewGuid(), foundAt = at, description = "男，约六十岁", place = "车站", help, helpNote = (string?)null,
        });
        await r.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>A township of its own, so that its figures are exactly what this test recorded.</summary>
    private static Task<string> FreshTownshipAsync(KdApp app) => WithDbAsync(app, async db =>
    {
        var county = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Code == TestData.County);
        string code;
        do
        {
            code = TestData.County + Random.Shared.Next(500, 999).ToString(CultureInfo.InvariantCulture);
        }
        while (await db.OrgUnits.AnyAsync(o => o.Code == code));
        db.OrgUnits.Add(new OrgUnit { Code = code, Name = "巡查测试镇" + code[^3..], Kind = OrgUnitKind.Township, ParentCode = county.Code, Path = OrgUnit.ChildPath(county.Path, code), CountyCode = TestData.County });
        await db.SaveChangesAsync();
        return code;
    });
}
