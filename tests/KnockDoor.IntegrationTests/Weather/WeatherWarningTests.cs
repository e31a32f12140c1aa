using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.OrgUnits;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;
using static KnockDoor.IntegrationTests.Weather.WeatherKit;

namespace KnockDoor.IntegrationTests.Weather;

/// <summary>Weather warnings (POST/GET /api/v1/weather-warnings): revisit lists, meal delivery, reminders, the banner, validation and scope.</summary>
public sealed class WeatherWarningTests(Apps apps) : IClassFixture<Apps>
{
    private static Dictionary<string, string> Revisits(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.Str("targetId"), r => r.Str("reasons"));

    private static Dictionary<string, string> Expected(Place place, params (string Person, string Reasons)[] rows) =>
        rows.ToDictionary(r => place.People[r.Person].ToString(), r => r.Reasons);

    private static async Task<JsonElement> RevisitsAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/weather-warnings/{id}/revisits");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, BothEngines]
    public async Task Issue_EachKind_ListsExactlyThePeopleAtRiskForThatWeather_WithTheirReasons(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();

        var expected = new Dictionary<string, Dictionary<string, string>>
        {
            ["ColdWave"] = Expected(place, ("coal", "CoalOrCharcoalHeating"), ("alone", "LivingAlone"), ("bedridden", "Bedridden"),
                ("critical", "PastCriticalHazard"), ("h13", "CoalOrCharcoalHeating, PastCriticalHazard"), ("disabled", "Bedridden"),
                ("revisited", "LivingAlone")),
            ["HeavySnow"] = Expected(place, ("coal", "CoalOrCharcoalHeating"), ("alone", "LivingAlone"), ("bedridden", "Bedridden"),
                ("house", "HouseAtRisk"), ("h13", "CoalOrCharcoalHeating"), ("w01", "HouseAtRisk"), ("disabled", "Bedridden"),
                ("revisited", "LivingAlone")),
            ["Ice"] = Expected(place, ("alone", "LivingAlone"), ("bedridden", "Bedridden"), ("disabled", "Bedridden"), ("revisited", "LivingAlone")),
            ["StrongWind"] = Expected(place, ("alone", "LivingAlone"), ("house", "HouseAtRisk"), ("w01", "HouseAtRisk"), ("revisited", "LivingAlone")),
        };
        foreach (var (kind, people) in expected)
        {
            var (status, warning) = await IssueAsync(admin, Warning(kind, [place.Township], now.AddHours(-1), now.AddDays(2)));
            Assert.Equal(HttpStatusCode.Created, status);
            var id = Guid.Parse(warning.Str("id"));
            var rows = await RevisitsAsync(admin, id);
            var listed = Revisits(rows);
            Assert.True(people.Count == listed.Count && people.All(p => listed.GetValueOrDefault(p.Key) == p.Value),
                $"{kind}: expected {string.Join("; ", people.Select(p => p.Value))}, got {string.Join("; ", listed.Select(p => p.Value))}");
            Assert.Equal(people.Count, warning.GetProperty("revisits").GetInt32());

            // The worker of the person's assignment in the campaign; the ID number masked.
            var alone = rows.EnumerateArray().First(r => r.Str("targetId") == place.People["alone"].ToString());
            Assert.Equal(place.Worker.ToString(), alone.Str("workerId"));
            Assert.Contains("*", alone.Str("idNumber"));
            Assert.Contains("独居", alone.Str("reasonText"));
        }
    }

    [Theory, BothEngines]
    public async Task Revisited_IsAVisitThatStartedAfterTheWarningBegan(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var from = now.AddHours(-3);
        await AddVisitAsync(app, place.People["bedridden"], from.AddHours(-1));
        await AddVisitAsync(app, place.People["revisited"], from.AddHours(1));

        var (_, warning) = await IssueAsync(admin, Warning("Ice", [place.Township], from, now.AddDays(1)));
        var id = Guid.Parse(warning.Str("id"));
        var rows = (await RevisitsAsync(admin, id)).EnumerateArray().ToDictionary(r => r.Str("targetId"), r => r.GetProperty("revisited").GetBoolean());
        Assert.True(rows[place.People["revisited"].ToString()]);
        Assert.False(rows[place.People["bedridden"].ToString()]);
        Assert.False(rows[place.People["alone"].ToString()]);
        Assert.Equal(1, warning.GetProperty("revisited").GetInt32());
    }

    [Theory, BothEngines]
    public async Task HeavySnowAndIce_SwitchMealsOnAtTheCoveredDayCareCentresOnly_ColdWaveAndWindNone_CancelCancels(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var from = now.AddHours(-1);
        var to = now.AddDays(2);

        var ids = new Dictionary<string, Guid>();
        foreach (var kind in new[] { "HeavySnow", "Ice", "ColdWave", "StrongWind" })
        {
            var (_, w) = await IssueAsync(admin, Warning(kind, [place.Township], from, to));
            ids[kind] = Guid.Parse(w.Str("id"));
        }
        var periods = await WithDbAsync(app, db => db.MealServicePeriods.AsNoTracking()
            .Where(p => p.WarningId != null && ids.Values.Contains(p.WarningId.Value)).ToListAsync());
        foreach (var kind in new[] { "HeavySnow", "Ice" })
        {
            var period = Assert.Single(periods, p => p.WarningId == ids[kind]);
            Assert.Equal(place.DayCare, period.CentreCode);
            Assert.EndsWith($"/{place.Township}/{place.DayCare}/", period.OrgPath);
            Assert.Equal(ChinaTime.DayOf(from), period.FromDay);
            Assert.Equal(ChinaTime.DayOf(to), period.ToDay);
            Assert.Null(period.CancelledAt);
        }
        Assert.DoesNotContain(periods, p => p.CentreCode == place.OtherDayCare || p.CentreCode == place.Home);
        Assert.DoesNotContain(periods, p => p.WarningId == ids["ColdWave"] || p.WarningId == ids["StrongWind"]);

        using var cancel = await admin.PostAsync($"/api/v1/weather-warnings/{ids["HeavySnow"]}/cancel", null);
        var cancelled = await cancel.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
        var after = await WithDbAsync(app, db => db.MealServicePeriods.AsNoTracking()
            .Where(p => p.WarningId == ids["HeavySnow"] || p.WarningId == ids["Ice"]).ToListAsync());
        Assert.NotNull(Assert.Single(after, p => p.WarningId == ids["HeavySnow"]).CancelledAt);
        Assert.Null(Assert.Single(after, p => p.WarningId == ids["Ice"]).CancelledAt);

        // Cancelling again changes nothing and audits nothing more.
        using var again = await admin.PostAsync($"/api/v1/weather-warnings/{ids["HeavySnow"]}/cancel", null);
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Single(await admin.AuditAsync(ids["HeavySnow"].ToString(), "cancel"));
        Assert.Single(await admin.AuditAsync(ids["HeavySnow"].ToString(), "issue"));
    }

    [Theory, BothEngines]
    public async Task Issue_RemindsEachInstitutionAndTheTownshipOnce_ARetryStoresNothingNew(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var body = Warning("HeavySnow", [place.Township], now.AddHours(-1), now.AddDays(1));
        var id = (Guid)body["id"]!;

        var (first, warning) = await IssueAsync(admin, body);
        Assert.Equal(HttpStatusCode.Created, first);
        var (second, again) = await IssueAsync(admin, body);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal(warning.Str("id"), again.Str("id"));

        var key = $"weather:{id:N}:";
        var notes = await WithDbAsync(app, db => db.Notifications.AsNoTracking().Where(n => n.DedupeKey!.StartsWith(key)).ToListAsync());
        Assert.Equal(3, notes.Count);
        Assert.Contains(notes, n => n.OrgUnitCode == place.DayCare && n.RoleKey == "institution" && n.Body.Contains("24小时值班") && n.Body.Contains("独自外出"));
        Assert.Contains(notes, n => n.OrgUnitCode == place.Home && n.RoleKey == "institution");
        var township = Assert.Single(notes, n => n.OrgUnitCode == place.Township);
        Assert.Equal("township", township.RoleKey);
        Assert.Contains("8 人", township.Title);
        Assert.DoesNotContain(notes, n => n.OrgUnitCode == place.OtherDayCare || n.OrgUnitCode == place.OtherTownship);

        var stored = await WithDbAsync(app, async db => (
            Warnings: await db.WeatherWarnings.CountAsync(w => w.Id == id),
            Revisits: await db.WarningRevisits.CountAsync(r => r.WarningId == id),
            Periods: await db.MealServicePeriods.CountAsync(p => p.WarningId == id)));
        Assert.Equal((1, 8, 1), stored);
        var issued = Assert.Single(await admin.AuditAsync(id.ToString(), "issue"));
        Assert.Equal("weather-warning", issued.Str("entityType"));
    }

    [Theory, BothEngines]
    public async Task Banner_ShowsOnAnAffectedUnitsPages_NotOnAnUnaffectedTownships(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var (_, elsewhere) = await IssueAsync(admin, Warning("StrongWind", [place.Township], now.AddHours(-1), now.AddDays(1), "Red"));
        var (_, ningxiang) = await IssueAsync(admin, Warning("ColdWave", [TestData.Ningxiang], now.AddHours(-1), now.AddDays(1), "Blue"));
        var (_, later) = await IssueAsync(admin, Warning("ColdWave", [TestData.Ningxiang], now.AddDays(1), now.AddDays(2), "Yellow"));

        using var officer = await app.SignInAsync("ningxiang");
        var page = await officer.GetStringAsync("/Targets");
        Assert.Contains($"data-warning=\"{ningxiang.Str("id")}\"", page);
        Assert.Contains("寒潮蓝色预警", page);
        Assert.DoesNotContain($"data-warning=\"{elsewhere.Str("id")}\"", page);
        Assert.DoesNotContain($"data-warning=\"{later.Str("id")}\"", page);

        // An institution under the township is affected too; the county office sees every warning in force.
        using var staff = await app.SignInAsync("xingfu");
        Assert.Contains($"data-warning=\"{ningxiang.Str("id")}\"", await staff.GetStringAsync("/Weather"));
        var officePage = await admin.GetStringAsync("/Targets");
        Assert.Contains($"data-warning=\"{elsewhere.Str("id")}\"", officePage);
        Assert.Contains("大风红色预警", officePage);

        // Cancelled: gone from the banner at once.
        using var cancel = await admin.PostAsync($"/api/v1/weather-warnings/{ningxiang.Str("id")}/cancel", null);
        await cancel.ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain($"data-warning=\"{ningxiang.Str("id")}\"", await officer.GetStringAsync("/Targets"));
    }

    [Theory, BothEngines]
    public async Task Scope_ATownshipSeesOnlyWarningsThatTouchIt_AndOnlyItsOwnPeople(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var (_, elsewhere) = await IssueAsync(admin, Warning("Ice", [place.Township], now.AddHours(-1), now.AddDays(1)));
        var (_, county) = await IssueAsync(admin, Warning("Ice", [], now.AddHours(-1), now.AddDays(1), wholeCounty: true));
        Assert.Equal("全县", county.GetProperty("areas")[0].Str("name"));

        using var officer = await app.SignInAsync("ningxiang");
        using var list = await officer.GetAsync("/api/v1/weather-warnings");
        var ids = (await list.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Select(w => w.Str("id")).ToList();
        Assert.Contains(county.Str("id"), ids);
        Assert.DoesNotContain(elsewhere.Str("id"), ids);
        using var other = await officer.GetAsync($"/api/v1/weather-warnings/{elsewhere.Str("id")}/revisits");
        await other.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");

        // The whole county's list, as the township sees it: only its own villages' people.
        var rows = (await RevisitsAsync(officer, Guid.Parse(county.Str("id")))).EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.StartsWith(TestData.Ningxiang, r.Str("villageCode")));
        var all = Revisits(await RevisitsAsync(admin, Guid.Parse(county.Str("id"))));
        Assert.Contains(place.People["alone"].ToString(), all.Keys);
        Assert.Contains(place.People["otherTownship"].ToString(), all.Keys);
        Assert.DoesNotContain(place.People["institutionResident"].ToString(), all.Keys);
    }

    [Theory, BothEngines]
    public async Task Issue_BadInput_IsRefusedWithItsCode_AndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var admin = await app.SignInAsync("admin");
        var now = app.Clock.GetUtcNow();
        var otherCounty = await WithDbAsync(app, async db =>
        {
            // A township of a neighbouring county.
            var code = "141130" + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var countyUnit = await db.OrgUnits.FirstOrDefaultAsync(o => o.Code == "141130");
            if (countyUnit is null)
            {
                var parent = await db.OrgUnits.FirstAsync(o => o.Code == TestData.County);
                countyUnit = new OrgUnit
                {
                    Code = "141130", Name = "交口县", Kind = OrgUnitKind.County, ParentCode = parent.ParentCode,
                    Path = parent.Path[..^(TestData.County.Length + 1)] + "141130/", CountyCode = "141130",
                };
                db.OrgUnits.Add(countyUnit);
            }
            if (!await db.OrgUnits.AnyAsync(o => o.Code == code))
            {
                db.OrgUnits.Add(new OrgUnit
                {
                    Code = code, Name = "邻县测试镇", Kind = OrgUnitKind.Township, ParentCode = "141130",
                    Path = OrgUnit.ChildPath(countyUnit.Path, code), CountyCode = "141130",
                });
            }
            await db.SaveChangesAsync();
            return code;
        });

        var cases = new (Dictionary<string, object?> Body, string Code)[]
        {
            (Warning("ColdWave", [place.Township], now.AddDays(1), now.AddHours(2)), "weather.range_invalid"),
            (Warning("ColdWave", [place.Township], now, now), "weather.range_invalid"),
            (Warning("ColdWave", [TestData.County + "998"], now, now.AddDays(1)), "weather.township_unknown"),
            (Warning("ColdWave", [place.Township, otherCounty], now, now.AddDays(1)), "weather.township_unknown"),
            (Warning("ColdWave", [TestData.NingxiangVillage], now, now.AddDays(1)), "weather.township_unknown"),
            (Warning("ColdWave", [], now, now.AddDays(1)), "weather.townships_required"),
            (Warning("ColdWave", [place.Township], now, now.AddDays(16)), "weather.too_long"),
            (Warning("ColdWave", [place.Township], now.AddDays(-3), now.AddDays(-2)), "weather.already_over"),
            (new Dictionary<string, object?>(Warning("ColdWave", [place.Township], now, now.AddDays(1))) { ["kind"] = null }, "weather.kind_required"),
            (new Dictionary<string, object?>(Warning("ColdWave", [place.Township], now, now.AddDays(1))) { ["level"] = null }, "weather.level_required"),
            (new Dictionary<string, object?>(Warning("ColdWave", [place.Township], now, now.AddDays(1))) { ["to"] = "明天" }, "weather.time_invalid"),
            (new Dictionary<string, object?>(Warning("ColdWave", [place.Township], now, now.AddDays(1))) { ["note"] = new string('雪', 501) }, "weather.note_too_long"),
        };
        foreach (var (body, code) in cases)
        {
            using var response = await admin.PostAsJsonAsync("/api/v1/weather-warnings", body);
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code);
            Assert.False(string.IsNullOrEmpty(problem.Str("detail")));
            var id = (Guid)body["id"]!;
            Assert.Equal(0, await WithDbAsync(app, db => db.WeatherWarnings.CountAsync(w => w.Id == id)));
        }
    }

    [Theory, BothEngines]
    public async Task OnlyTheCountyOffice_MayIssueOrCancel(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        var now = app.Clock.GetUtcNow();
        using var admin = await app.SignInAsync("admin");
        var (_, warning) = await IssueAsync(admin, Warning("ColdWave", [TestData.Ningxiang], now, now.AddDays(1)));
        foreach (var user in new[] { "leader", "ningxiang", "xingfu", "worker" })
        {
            using var client = await app.SignInAsync(user);
            var body = Warning("ColdWave", [place.Township], now, now.AddDays(1));
            using var issue = await client.PostAsJsonAsync("/api/v1/weather-warnings", body);
            Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
            using var cancel = await client.PostAsync($"/api/v1/weather-warnings/{warning.Str("id")}/cancel", null);
            Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
            var id = (Guid)body["id"]!;
            Assert.Equal(0, await WithDbAsync(app, db => db.WeatherWarnings.CountAsync(w => w.Id == id)));
        }
        Assert.Null(await WithDbAsync(app, db => db.WeatherWarnings.Where(w => w.Id == Guid.Parse(warning.Str("id")))
            .Select(w => w.CancelledAt).FirstAsync()));
    }
}
