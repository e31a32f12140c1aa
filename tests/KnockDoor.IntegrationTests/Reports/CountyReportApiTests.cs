using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.OrgUnits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>
/// The county's JSON views of the daily reports (GET /api/v1/reports/daily/matrix, /table, /missing): who may see them,
/// and that they show what the units submitted. Each test takes a China day of its own (the clock moves forward into
/// it), so that no other submission lands on it.
/// </summary>
public sealed class CountyReportApiTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The next China day, at 14:00 China time.</summary>
    private static DateOnly FreshDay(KdApp app)
    {
        var day = ChinaTime.Today(app.Clock).AddDays(1);
        app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(14));
        return day;
    }

    /// <summary>Submits the day's report with these figures: typed ones as typed, computed ones as corrections with a reason.</summary>
    private static async Task SubmitAsync(HttpClient client, DateOnly day, Dictionary<string, int> figures)
    {
        var typed = figures.Where(f => DailyFigures.Find(f.Key)?.Computed == false).ToDictionary(f => f.Key, f => f.Value);
        var corrections = figures.Where(f => DailyFigures.Find(f.Key)?.Computed == true)
            .Select(f => new { key = f.Key, today = f.Value, reason = "台账补录" }).ToList();
        using var response = await client.PostAsJsonAsync("/api/v1/reports/daily", new { day = Iso(day), typed, corrections });
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, BothEngines]
    public async Task CountyViews_TownshipOfficerAndFieldWorkerAre403_LeaderAndOfficeSeeThem(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = Iso(ChinaTime.Today(app.Clock));
        string[] urls = [$"/api/v1/reports/daily/matrix?from={day}&to={day}", $"/api/v1/reports/daily/table?day={day}", $"/api/v1/reports/daily/missing?day={day}"];
        using var officer = await app.SignInAsync("ningxiang");
        using var worker = await app.SignInAsync("worker");
        using var staff = await app.SignInAsync("xingfu");
        using var leader = await app.SignInAsync("leader");
        using var admin = await app.SignInAsync("admin");
        foreach (var url in urls)
        {
            foreach (var denied in new[] { officer, worker, staff })
            {
                using var response = await denied.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: {response.StatusCode}");
            }
            await GetAsync(leader, url);
            await GetAsync(admin, url);
        }
        // The pages: the county's for the office and the leader, the unit's report for those who report.
        foreach (var (client, path, status) in new[]
        {
            (leader, "/Reports", HttpStatusCode.OK), (leader, $"/Reports/Table?day={day}", HttpStatusCode.OK), (admin, "/Reports", HttpStatusCode.OK),
            (officer, "/Reports", HttpStatusCode.Forbidden), (officer, "/Reports/Table", HttpStatusCode.Forbidden), (worker, "/Reports/Daily", HttpStatusCode.Forbidden),
            (leader, "/Reports/Daily", HttpStatusCode.Forbidden), (officer, "/Reports/Daily", HttpStatusCode.OK), (staff, "/Reports/Daily", HttpStatusCode.OK),
            (admin, $"/Reports/Daily?orgUnitCode={TestData.Jinluo}", HttpStatusCode.OK),
        })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == status, $"{path}: {response.StatusCode}, expected {status}");
        }

        // The leader's matrix covers the county's townships and institutions.
        var matrix = await GetAsync(leader, urls[0]);
        var codes = matrix.GetProperty("rows").EnumerateArray().Select(r => r.Str("orgUnitCode")).ToList();
        Assert.Contains(TestData.Ningxiang, codes);
        Assert.Contains(Xingfu, codes);
        Assert.DoesNotContain(TestData.NingxiangVillage, codes);
    }

    [Theory, BothEngines]
    public async Task OnTimeLateMissing_MatrixMissingAndTable_ShowWhatWasSubmitted_TheTotalIsTheSumOfTheRows(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = FreshDay(app);
        using var officer = await app.SignInAsync("ningxiang");
        using var staff = await app.SignInAsync("xingfu");
        using var leader = await app.SignInAsync("leader");

        // 宁乡镇 at 14:00 (on time); the 幸福 centre at 15:30 (late); 宁乡镇 corrects at 15:31 (still on time: it was in before 15:00).
        await SubmitAsync(officer, day, new() { ["care.activities"] = 3, ["meals.delivered"] = 11 });
        app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(15).AddMinutes(30));
        await SubmitAsync(staff, day, new() { ["inst.residents"] = 42, ["inst.incidents"] = 2 });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await SubmitAsync(officer, day, new() { ["care.activities"] = 4, ["meals.delivered"] = 11 });

        // The matrix of that day.
        var matrix = await GetAsync(leader, $"/api/v1/reports/daily/matrix?from={Iso(day)}&to={Iso(day)}");
        Assert.Equal([Iso(day)], matrix.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        var states = matrix.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.Str("orgUnitCode"), r => Assert.Single(r.GetProperty("states").EnumerateArray()).GetString());
        Assert.Equal("OnTime", states[TestData.Ningxiang]);
        Assert.Equal("Late", states[Xingfu]);
        Assert.Equal("Missing", states[TestData.Jinluo]);
        Assert.Equal(states.Count - 2, states.Values.Count(s => s == "Missing"));
        var count = Assert.Single(matrix.GetProperty("counts").EnumerateArray());
        Assert.Equal((1, 1, states.Count - 2), (count.GetProperty("onTime").GetInt32(), count.GetProperty("late").GetInt32(), count.GetProperty("missing").GetInt32()));

        // The missing list: every unit but the two, with whom to call.
        var missing = (await GetAsync(leader, $"/api/v1/reports/daily/missing?day={Iso(day)}")).EnumerateArray().ToList();
        var missingCodes = missing.Select(m => m.Str("orgUnitCode")).ToHashSet();
        Assert.Equal(states.Where(s => s.Value == "Missing").Select(s => s.Key).ToHashSet(), missingCodes);
        Assert.DoesNotContain(TestData.Ningxiang, missingCodes);
        Assert.DoesNotContain(Xingfu, missingCodes);

        // The county table: the states, the latest revision's figures, and a total equal to the sum of the rows.
        var table = await GetAsync(leader, $"/api/v1/reports/daily/table?day={Iso(day)}");
        Assert.Equal(Iso(day), table.Str("day"));
        var townships = table.GetProperty("townships");
        var institutions = table.GetProperty("institutions");
        var ningxiang = Row(townships, TestData.Ningxiang);
        Assert.Equal("OnTime", ningxiang.Str("state"));
        Assert.Equal(2, ningxiang.GetProperty("revision").GetInt32());
        Assert.Equal(4m, Figure(ningxiang, "care.activities").Today);
        Assert.Equal(11m, Figure(ningxiang, "meals.delivered").Today);
        var xingfu = Row(institutions, Xingfu);
        Assert.Equal("Late", xingfu.Str("state"));
        Assert.Equal(42m, Figure(xingfu, "inst.residents").Today);
        Assert.Equal(2m, Figure(xingfu, "inst.incidents").Today);
        Assert.Equal("Missing", Row(townships, TestData.Jinluo).Str("state"));
        Assert.Equal(states.Count, townships.GetProperty("rows").GetArrayLength() + institutions.GetProperty("rows").GetArrayLength());
        AssertTotalIsSumOfRows(townships);
        AssertTotalIsSumOfRows(institutions);
    }

    [Theory, BothEngines]
    public async Task CountyViews_BadDays_Return400WithTheirCodes_ACountyWithoutCampaignIs409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        using var leader = await app.SignInAsync("leader");
        var cases = new (string Url, string Code)[]
        {
            ($"/api/v1/reports/daily/table?day={Iso(today.AddDays(1))}", "report.day_in_future"),
            ($"/api/v1/reports/daily/missing?day={Iso(today.AddDays(1))}", "report.day_in_future"),
            ($"/api/v1/reports/daily/matrix?to={Iso(today.AddDays(1))}", "report.day_in_future"),
            ("/api/v1/reports/daily/table?day=2024-11-19", "report.day_before_campaign"),
            ("/api/v1/reports/daily/missing?day=2024-11-19", "report.day_before_campaign"),
            ("/api/v1/reports/daily/matrix?from=2024-11-19", "report.day_before_campaign"),
            ($"/api/v1/reports/daily/matrix?from={Iso(today)}&to={Iso(today.AddDays(-1))}", "request.validation"),
        };
        foreach (var (url, code) in cases)
        {
            using var response = await leader.GetAsync(url);
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code);
        }

        using var other = await LeaderOfACountyWithoutCampaignAsync(app);
        foreach (var url in new[] { "/api/v1/reports/daily/matrix", "/api/v1/reports/daily/table", "/api/v1/reports/daily/missing" })
        {
            using var response = await other.GetAsync(url);
            await response.ExpectProblemAsync(HttpStatusCode.Conflict, "report.no_campaign");
        }
        foreach (var page in new[] { "/Reports", "/Reports/Table" })
        {
            using var response = await other.GetAsync(page);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("本县还没有行动", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static JsonElement Row(JsonElement section, string code) =>
        section.GetProperty("rows").EnumerateArray().Single(r => r.Str("orgUnitCode") == code);

    private static (decimal Today, decimal? Cumulative) Figure(JsonElement row, string key) => Cell(row.GetProperty("figures"), key);

    /// <summary>A figure of a row's or the total's figures; one that is not there counts 0.</summary>
    private static (decimal Today, decimal? Cumulative) Cell(JsonElement figures, string key) =>
        figures.TryGetProperty(key, out var v)
            ? (v.GetProperty("today").GetDecimal(), v.TryGetProperty("cumulative", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : null)
            : (0, null);

    private static decimal Sum(List<JsonElement> rows, string key, bool cumulative) =>
        rows.Sum(r =>
        {
            var (today, cum) = Figure(r, key);
            return cumulative ? cum ?? 0 : today;
        });

    /// <summary>Each total cell is the sum of the rows' cells (a cell a row lacks counts 0); coverage is recomputed from the sums.</summary>
    private static void AssertTotalIsSumOfRows(JsonElement section)
    {
        var rows = section.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        var total = section.GetProperty("total");
        foreach (var f in section.GetProperty("figures").EnumerateArray())
        {
            var key = f.Str("key");
            var (today, cumulative) = Cell(total, key);
            if (key == DailyFigures.Coverage)
            {
                Assert.Equal(DailyReportCalculator.Percent(Sum(rows, DailyFigures.VisitedTotal, false), Sum(rows, DailyFigures.TargetsTotal, false)), today);
                Assert.Equal(DailyReportCalculator.Percent(Sum(rows, DailyFigures.VisitedTotal, true), Sum(rows, DailyFigures.TargetsTotal, true)), cumulative);
                continue;
            }
            Assert.True(Sum(rows, key, false) == today, $"{key} today: total {today}, the rows add up to {Sum(rows, key, false)}");
            if (f.GetProperty("cumulates").GetBoolean())
            {
                Assert.True(Sum(rows, key, true) == cumulative, $"{key} cumulative: total {cumulative}, the rows add up to {Sum(rows, key, true)}");
            }
        }
    }

    /// <summary>A county with no campaign (made here, not in the demo data) and a leader of it, signed in.</summary>
    private static async Task<HttpClient> LeaderOfACountyWithoutCampaignAsync(KdApp app)
    {
        var code = "1499" + Random.Shared.Next(10, 99).ToString(CultureInfo.InvariantCulture);
        var userName = TestData.UserName("nc");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KnockDoor.Core.Data.AppDbContext>();
            if (await db.OrgUnits.FindAsync(code) is null)
            {
                db.OrgUnits.Add(new OrgUnit { Code = code, Name = "无行动测试县", Kind = OrgUnitKind.County, Path = code + "/", CountyCode = code });
                await db.SaveChangesAsync();
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser
            {
                UserName = userName, DisplayName = "无行动县领导", Role = Role.CountyLeader, OrgUnitCode = code, OrgPath = code + "/",
                CountyCode = code, CreatedAt = app.Clock.GetUtcNow(),
            }, TestData.AccountPassword);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        return await app.SignInAsync(userName, TestData.AccountPassword);
    }
}
