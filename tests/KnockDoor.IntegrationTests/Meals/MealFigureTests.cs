using System.Net;
using System.Net.Http.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Meals.MealKit;

namespace KnockDoor.IntegrationTests.Meals;

/// <summary>The township's daily report counts the meals delivered and the care activities from the records, today and so far.</summary>
public sealed class MealFigureTests(Apps apps) : IClassFixture<Apps>
{
    /// <summary>
    /// The township's figures as the daily report computes them (the calculator behind GET /api/v1/reports/daily, the
    /// report page and the county table), with every registered figure source.
    /// </summary>
    private static async Task<Dictionary<string, (decimal? Today, decimal? Cumulative)>> FiguresAsync(KdApp app, string township, DateOnly day)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var campaign = await db.Campaigns.Where(c => c.CountyCode == TestData.County && c.IsActive).Select(c => c.Id).FirstAsync();
        var path = await db.OrgUnits.Where(o => o.Code == township).Select(o => o.Path).FirstAsync();
        var figures = await scope.ServiceProvider.GetRequiredService<DailyReportCalculator>()
            .ComputeAsync(campaign, TestData.County, path, ReportUnitKind.Township, day, CancellationToken.None);
        return figures.ToDictionary(f => f.Key, f => ((decimal?)f.Value.Today, f.Value.Cumulative));
    }

    [Theory, BothEngines]
    public async Task DailyReport_MealsDeliveredAndCareFigures_EqualTheRecords_TodayAndCumulative(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app, people: 4);
        var today = ChinaTime.Today(app.Clock);
        var yesterday = today.AddDays(-1);
        using var officer = await AsAsync(app, place.OfficerUser);
        foreach (var person in place.People)
        {
            using var r = await AddAsync(officer, place.Centre, person);
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        using (var r = await AddAsync(officer, place.OtherCentre, place.People[0]))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        await SwitchOnAsync(officer, place.Centre, yesterday, today);
        await SwitchOnAsync(officer, place.OtherCentre, today, today);
        // Yesterday: 2 delivered, 1 not at home. Today: 1 delivered (first not at home, corrected), 1 declined; the other centre 1.
        var deliveries = new (string Centre, int Person, DateOnly Day, string Outcome)[]
        {
            (place.Centre, 0, yesterday, "Delivered"), (place.Centre, 1, yesterday, "Delivered"), (place.Centre, 2, yesterday, "NotHome"),
            (place.Centre, 0, today, "NotHome"), (place.Centre, 0, today, "Delivered"), (place.Centre, 1, today, "Declined"),
            (place.OtherCentre, 0, today, "Delivered"),
        };
        foreach (var (centre, person, day, outcome) in deliveries)
        {
            using var r = await DeliverAsync(officer, centre, place.People[person], day, outcome);
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        // Care: today 2 (5 and 3 people, at the village and the township), yesterday 1 (4 people).
        foreach (var (unit, day, people) in new[] { (place.Village, today, 5), (place.Township, today, 3), (place.Village, yesterday, 4) })
        {
            using var r = await officer.PostAsJsonAsync("/api/v1/care-activities", new
            {
                clientId = Guid.NewGuid(), orgUnitCode = unit, day = Iso(day), organiser = "爱心企业", organiserKind = "Enterprise",
                forWhom = "特困人员", kinds = new[] { "Goods" }, peopleHelped = people,
            });
            await r.ExpectAsync(HttpStatusCode.Created);
        }

        var figures = await FiguresAsync(app, place.Township, today);
        Assert.Equal((2m, 4m), figures["meals.delivered"]);
        Assert.Equal((2m, 3m), figures["care.activities"]);
        Assert.Equal((8m, 12m), figures["care.peopleHelped"]);
        var before = await FiguresAsync(app, place.Township, yesterday);
        Assert.Equal((2m, 2m), before["meals.delivered"]);
        Assert.Equal((1m, 1m), before["care.activities"]);
        Assert.Equal((4m, 4m), before["care.peopleHelped"]);
    }
}
