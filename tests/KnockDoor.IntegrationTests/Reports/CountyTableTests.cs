using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.OrgUnits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>The county's view of the daily reports: the county table, its total row, the units × days matrix and the missing list.</summary>
public sealed class CountyTableTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<T> WithTablesAsync<T>(KdApp app, Func<CountyTableService, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CountyTableService>());
    }

    private static Task<CountyTable> TableAsync(KdApp app, DateOnly day) =>
        WithTablesAsync(app, async s => await s.BuildAsync(TestData.County, day, CancellationToken.None) ?? throw new InvalidOperationException("no campaign"));

    [Theory, BothEngines]
    public async Task Table_UnitsNotReported_ShowTheirDraftFigures_AndTheTotalIsTheSumOfTheRows(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = ChinaTime.Today(app.Clock);
        var place = await DailyReportKit.SeedAsync(app, day);
        using var admin = await app.SignInAsync("admin");

        var table = await TableAsync(app, day);
        var units = await WithDbAsync(app, db => db.OrgUnits.CountAsync(o => o.CountyCode == TestData.County
            && (o.Kind == OrgUnitKind.Township || o.Kind == OrgUnitKind.Institution)));
        Assert.Equal(units, table.Rows.Count());
        Assert.Equal(day, table.Day);
        Assert.Equal(ChinaTime.StartOf(day).AddHours(15), table.Deadline);

        // Every unit that has not reported shows exactly what its own draft computes: the county is computed at once,
        // a draft unit by unit, by the same code; the two must agree cell by cell.
        foreach (var row in table.Rows.Where(r => r.State == ReportState.Missing))
        {
            using var response = await admin.GetAsync($"/api/v1/reports/daily?orgUnitCode={row.OrgUnitCode}&day={Iso(day)}");
            var draft = await response.ExpectAsync(HttpStatusCode.OK);
            foreach (var f in draft.GetProperty("figures").EnumerateArray())
            {
                var key = f.Str("key");
                if (f.GetProperty("computed").GetBoolean())
                {
                    var cumulative = f.GetProperty("cumulative");
                    Assert.True(row.Figures.TryGetValue(key, out var value), $"{row.Name} {key}");
                    Assert.Equal(f.GetProperty("today").GetDecimal(), value.Today);
                    Assert.Equal(cumulative.ValueKind == JsonValueKind.Number ? cumulative.GetDecimal() : null, value.Cumulative);
                }
                else
                {
                    Assert.False(row.Figures.ContainsKey(key), $"{row.Name}: typed figure {key} is not known before the unit reports");
                }
            }
        }
        // The seeded township, cell by cell against what its records say.
        var seeded = table.Townships.Rows.Single(r => r.OrgUnitCode == place.Township);
        Assert.Equal(new FigureValue(2, 2), seeded.Figures[DailyFigures.VisitedTotal]);
        Assert.Equal(new FigureValue(4, 8), seeded.Figures[DailyFigures.HazardsFound]);
        Assert.Equal(new FigureValue(3, 4), seeded.Figures[DailyFigures.StaffDeployed]);
        Assert.Equal(new FigureValue(1, 1), table.Institutions.Rows.Single(r => r.OrgUnitCode == place.Institution).Figures[DailyFigures.InstitutionHazardsFound]);

        foreach (var section in new[] { table.Townships, table.Institutions })
        {
            foreach (var f in section.Figures.Where(f => f.Key != DailyFigures.Coverage))
            {
                Assert.Equal(section.Rows.Sum(r => r.Figures.TryGetValue(f.Key, out var v) ? v.Today : 0), section.Total[f.Key].Today);
                Assert.Equal(f.Cumulates ? section.Rows.Sum(r => r.Figures.TryGetValue(f.Key, out var v) ? v.Cumulative ?? 0 : 0) : null,
                    section.Total[f.Key].Cumulative);
            }
        }
        // Coverage is not added up: it is the county's visited over the county's targets.
        var total = table.Townships.Total;
        Assert.True(total[DailyFigures.TargetsTotal].Today > 0);
        Assert.Equal(DailyReportCalculator.Percent(total[DailyFigures.VisitedTotal].Cumulative!.Value, total[DailyFigures.TargetsTotal].Today),
            total[DailyFigures.Coverage].Cumulative);
    }

    [Theory, BothEngines]
    public async Task OnTimeLateMissing_InTheTableTheMatrixAndTheMissingList_TheFirstSubmissionDecides(Engine engine)
    {
        foreach (var zone in new[] { "UTC", "America/New_York" })
        {
            var app = await apps.GetAsync(engine, zone);
            var day = ChinaTime.Today(app.Clock).AddDays(1);
            app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(14).AddMinutes(59).AddSeconds(59));
            var institution = await WithDbAsync(app, db => db.OrgUnits.Where(o => o.CountyCode == TestData.County && o.Kind == OrgUnitKind.Institution)
                .OrderBy(o => o.Code).Select(o => o.Code).FirstAsync());
            using var officer = await app.SignInAsync("ningxiang");
            using var admin = await app.SignInAsync("admin");

            using (var r = await officer.PostAsJsonAsync("/api/v1/reports/daily", new { day = Iso(day), workDone = "按时" }))
            {
                await r.ExpectAsync(HttpStatusCode.Created);
            }
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            using (var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = institution, day = Iso(day), typed = new { inst_residents = 0 } }))
            {
                // A key that is not a figure: refused, nothing stored.
                Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            }
            using (var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new
            {
                orgUnitCode = institution,
                day = Iso(day),
                corrections = new[]
                {
                    new { key = DailyFigures.Residents, today = 31, reason = "在院人数登记在纸质台账" },
                    new { key = DailyFigures.PatrolRounds, today = 6, reason = "巡查登记在纸质台账" },
                },
            }))
            {
                await r.ExpectAsync(HttpStatusCode.Created);
            }
            // A correction after the deadline is a new revision; the township stays on time, with the corrected figures.
            app.Clock.Advance(TimeSpan.FromMinutes(30));
            using (var r = await officer.PostAsJsonAsync("/api/v1/reports/daily", new
            {
                day = Iso(day),
                corrections = new[] { new { key = DailyFigures.CareActivities, today = 4, reason = "社会组织活动登记在纸质台账" } },
                workDone = "更正",
            }))
            {
                await r.ExpectAsync(HttpStatusCode.Created);
            }

            var table = await TableAsync(app, day);
            var ningxiang = table.Townships.Rows.Single(r => r.OrgUnitCode == TestData.Ningxiang);
            Assert.Equal(ReportState.OnTime, ningxiang.State);
            Assert.Equal(2, ningxiang.Revision);
            Assert.Equal(ChinaTime.StartOf(day).AddHours(14).AddMinutes(59).AddSeconds(59), ningxiang.SubmittedAt);
            Assert.Equal(4, ningxiang.Figures["care.activities"].Today);
            var inst = table.Institutions.Rows.Single(r => r.OrgUnitCode == institution);
            Assert.Equal(ReportState.Late, inst.State);
            Assert.Equal(31, inst.Figures["inst.residents"].Today);
            Assert.Null(inst.Figures["inst.residents"].Cumulative);
            Assert.Equal(6, table.Institutions.Total["inst.patrolRounds"].Today);
            Assert.Equal(ReportState.Missing, table.Townships.Rows.Single(r => r.OrgUnitCode == TestData.Jinluo).State);
            Assert.Equal((1, 1, table.Rows.Count() - 2), (table.OnTime, table.Late, table.Missing));

            var matrix = await WithTablesAsync(app, s => s.MatrixAsync(TestData.County, day.AddDays(-1), day, CancellationToken.None));
            Assert.NotNull(matrix);
            Assert.Equal([day.AddDays(-1), day], matrix.Days);
            Assert.Equal(table.Rows.Select(r => r.OrgUnitCode), matrix.Rows.Select(r => r.OrgUnitCode));
            Assert.Equal([ReportState.Missing, ReportState.OnTime], matrix.Rows.Single(r => r.OrgUnitCode == TestData.Ningxiang).States);
            Assert.Equal([ReportState.Missing, ReportState.Late], matrix.Rows.Single(r => r.OrgUnitCode == institution).States);
            Assert.Equal([ReportState.Missing, ReportState.Missing], matrix.Rows.Single(r => r.OrgUnitCode == TestData.Jinluo).States);
            Assert.Equal(new ReportDayCount(day, 1, 1, matrix.Rows.Count - 2), matrix.Counts[1]);
            Assert.Equal(matrix.Rows.Count, matrix.Counts[0].Missing);
            // The matrix never runs past today: a later "to" stops at today.
            var capped = await WithTablesAsync(app, s => s.MatrixAsync(TestData.County, day, day.AddDays(5), CancellationToken.None));
            Assert.Equal([day], capped!.Days);

            var missing = await WithTablesAsync(app, s => s.MissingAsync(TestData.County, day, CancellationToken.None));
            Assert.DoesNotContain(missing, m => m.OrgUnitCode == TestData.Ningxiang || m.OrgUnitCode == institution);
            Assert.Contains(missing, m => m.OrgUnitCode == TestData.Jinluo);
            Assert.Equal(table.Missing, missing.Count);
        }
    }
}
