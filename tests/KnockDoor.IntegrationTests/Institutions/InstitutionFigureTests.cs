using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Institutions.InstitutionKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Institutions;

/// <summary>The institution's figures of the daily report come from its records, today and since the campaign's start.</summary>
public sealed class InstitutionFigureTests(Apps apps) : IClassFixture<Apps>
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<Dictionary<string, (decimal? Today, decimal? Cumulative)>> FiguresAsync(HttpClient client, string unit, DateOnly day)
    {
        using var response = await client.GetAsync($"/api/v1/reports/daily?orgUnitCode={unit}&day={Iso(day)}");
        var draft = await response.ExpectAsync(HttpStatusCode.OK);
        return draft.GetProperty("figures").EnumerateArray().ToDictionary(f => f.Str("key"), f => (
            f.TryGetProperty("today", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDecimal() : (decimal?)null,
            f.TryGetProperty("cumulative", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : (decimal?)null));
    }

    [Theory, BothEngines]
    public async Task DailyReport_InstitutionFigures_EqualTheRecords_TodayAndCumulative(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await NewInstitutionAsync(app);
        var now = app.Clock.GetUtcNow();
        var today = ChinaTime.Today(app.Clock);
        var yesterday = today.AddDays(-1);
        var start = await WithDbAsync(app, db => db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
            .ThenByDescending(c => c.MobilisationStart).Select(c => c.MobilisationStart).FirstAsync());
        var before = yesterday >= start ? 1 : 0;
        using var admin = await app.SignInAsync("admin");

        async Task PostAsync(string path, object body, HttpStatusCode status = HttpStatusCode.Created)
        {
            using var r = await admin.PostAsJsonAsync(Api(code, path), body);
            await r.ExpectAsync(status);
        }
        // Today: two rounds, four checks (one failed), three on the roster (two people, one on both shifts), 37 residents,
        // one training of three. Yesterday: one round, one failed check, one training of one, 35 residents.
        var yesterdayAt = ChinaTime.StartOf(yesterday).AddHours(20);
        await admin.PostPatrolAsync(code, Patrol(now.AddMinutes(-30)));
        await admin.PostPatrolAsync(code, Patrol(now.AddMinutes(-1), findings: "配电箱门未关", toHazard: true));
        await admin.PostPatrolAsync(code, Patrol(yesterdayAt));
        await PostAsync("/checks", new
        {
            clientId = Guid.NewGuid(), at = now, checkedBy = "张杰荣",
            items = new object[]
            {
                new { system = "Water", passed = true }, new { system = "Power", passed = true }, new { system = "NonSlip", passed = true },
                new { system = "Heating", passed = false, note = "暖气不热" },
            },
        });
        await PostAsync("/checks", new { clientId = Guid.NewGuid(), at = yesterdayAt, checkedBy = "张杰荣", items = new[] { new { system = "Gas", passed = false, note = "软管老化" } } });
        foreach (var (shift, name) in new[] { ("Day", "张杰荣"), ("Night", "王建国"), ("Night", "张杰荣") })
        {
            await PostAsync("/duty", new { day = today, shift, staffName = name });
        }
        await PostAsync("/duty", new { day = yesterday, shift = "Day", staffName = "刘桂英" });
        using (var r = await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today, present = 37, wentOut = 0 }))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        using (var r = await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = yesterday, present = 35, wentOut = 0 }))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        var staff = new List<string>();
        foreach (var (name, role) in new[] { ("张杰荣", "LegalRepresentative"), ("刘桂英", "Carer"), ("王建国", "FireControl") })
        {
            staff.Add(await admin.AddStaffAsync(code, name, role));
        }
        await PostAsync("/trainings", new { clientId = Guid.NewGuid(), day = today, topic = "消防", trainer = "郭明", attendees = staff });
        await PostAsync("/trainings", new { clientId = Guid.NewGuid(), day = yesterday, topic = "防滑", trainer = "郭明", attendees = staff.Take(1) });

        var figures = await FiguresAsync(admin, code, today);
        Assert.Equal((37m, (decimal?)null), figures["inst.residents"]);
        Assert.Equal((2m, (decimal?)null), figures["inst.staffOnDuty"]);
        Assert.Equal((2m, 2m + before), figures["inst.patrolRounds"]);
        Assert.Equal((3m, 3m), figures["inst.equipmentPassed"]);
        Assert.Equal((1m, 1m + before), figures["inst.equipmentFailed"]);
        Assert.Equal((1m, 1m + before), figures["inst.trainingSessions"]);
        Assert.Equal((3m, 3m + before), figures["inst.trainingAttendees"]);
        // The ledger's own figures count the hazards these records made.
        Assert.Equal(3m, figures["inst.hazards.found"].Today);

        // The overview shows the same day at a glance: both shifts filled, two rounds, two failed checks whose hazards are open.
        using (var list = await admin.GetAsync("/api/v1/institutions"))
        {
            var row = (await list.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single(i => i.Str("code") == code);
            Assert.True(row.GetProperty("dayDuty").GetBoolean() && row.GetProperty("nightDuty").GetBoolean());
            Assert.Equal((2, 2, 37, 0, 0), (row.GetProperty("patrolRounds").GetInt32(), row.GetProperty("openFailedChecks").GetInt32(),
                row.GetProperty("residents").GetInt32(), row.GetProperty("untrained").GetInt32(), row.GetProperty("suppliesBelowTarget").GetInt32()));
            Assert.False(row.GetProperty("planUploaded").GetBoolean());
        }

        // The day before, from the same records.
        if (before == 1)
        {
            var previous = await FiguresAsync(admin, code, yesterday);
            Assert.Equal((35m, (decimal?)null), previous["inst.residents"]);
            Assert.Equal((1m, (decimal?)null), previous["inst.staffOnDuty"]);
            Assert.Equal((1m, 1m), previous["inst.patrolRounds"]);
            Assert.Equal((1m, 1m), previous["inst.trainingAttendees"]);
        }
    }
}
