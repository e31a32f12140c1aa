using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>The daily report: figures from the records, on time or late, revisions, validation and scope (GET/POST /api/v1/reports/daily).</summary>
public sealed class DailyReportTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    /// <summary>The server's own zone: the on-time rule must ignore it.</summary>
    private static readonly string[] Zones = ["UTC", "America/New_York"];

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> DraftAsync(HttpClient client, string orgUnitCode, DateOnly day)
    {
        using var response = await client.GetAsync($"/api/v1/reports/daily?orgUnitCode={orgUnitCode}&day={Iso(day)}");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static Dictionary<string, (decimal? Today, decimal? Cumulative)> Cells(JsonElement figures) =>
        figures.EnumerateArray().ToDictionary(f => f.Str("key"), f => (
            f.TryGetProperty("today", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDecimal() : (decimal?)null,
            f.TryGetProperty("cumulative", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : (decimal?)null));

    private static Task<int> StoredAsync(KdApp app, string orgUnitCode) =>
        WithDbAsync(app, db => db.DailyReports.CountAsync(r => r.OrgUnitCode == orgUnitCode));

    [Theory, BothEngines]
    public async Task Draft_EachComputedCell_EqualsWhatTheRecordsSay_TodayAndCumulative(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = ChinaTime.Today(app.Clock);
        var previous = day.AddDays(-1);
        var place = await DailyReportKit.SeedAsync(app, day);
        using var admin = await app.SignInAsync("admin");

        var expected = new Dictionary<string, (decimal Today, decimal Cumulative)>
        {
            ["targets.total"] = (4, 4), ["targets.guguaElderly"] = (1, 1), ["targets.livingAlone"] = (2, 2),
            ["targets.disabled"] = (1, 1), ["targets.leftBehindChild"] = (1, 1),
            ["visited.total"] = (2, 2), ["visited.guguaElderly"] = (1, 1), ["visited.livingAlone"] = (2, 2),
            ["coverage"] = (50, 50),
            ["visits.nobodyHome"] = (1, 2), ["visits.refused"] = (1, 1),
            ["hazards.found"] = (4, 8), ["hazards.fixedOnSpot"] = (2, 2), ["hazards.underRectification"] = (0, 2),
            ["hazards.closed"] = (1, 2), ["hazards.overdue"] = (1, 2), ["hazards.escalated"] = (1, 1),
            ["publicity.leaflets"] = (4, 7), ["publicity.peopleReached"] = (8, 11),
            ["institutions.inspections"] = (1, 2), ["staff.deployed"] = (3, 4),
        };
        var draft = await DraftAsync(admin, place.Township, day);
        Assert.Equal("Township", draft.Str("unitKind"));
        var cells = Cells(draft.GetProperty("figures"));
        foreach (var f in draft.GetProperty("figures").EnumerateArray().Where(f => f.GetProperty("computed").GetBoolean()))
        {
            var key = f.Str("key");
            var (today, cumulative) = expected.GetValueOrDefault(key);
            Assert.True(cells[key] == (today, cumulative), $"{key}: expected {today}/{cumulative}, got {cells[key].Today}/{cells[key].Cumulative}");
        }
        Assert.Empty(expected.Keys.Except(cells.Keys));

        // The day before, from the same records: only what happened up to and including that day.
        var before = Cells((await DraftAsync(admin, place.Township, previous)).GetProperty("figures"));
        Assert.Equal((1m, 1m), before["visited.total"]);
        Assert.Equal((1m, 1m), before["visits.nobodyHome"]);
        Assert.Equal((0m, 0m), before["visits.refused"]);
        Assert.Equal((3m, 4m), before["hazards.found"]);
        Assert.Equal((1m, 1m), before["hazards.closed"]);
        Assert.Equal((0m, 0m), before["hazards.overdue"]);
        Assert.Equal((3m, 3m), before["publicity.leaflets"]);
        Assert.Equal((2m, 2m), before["staff.deployed"]);
        Assert.Equal((1m, 1m), before["institutions.inspections"]);

        // The institution's own table: hazards found and fixed there.
        var inst = Cells((await DraftAsync(admin, place.Institution, day)).GetProperty("figures"));
        Assert.Equal((1m, 1m), inst["inst.hazards.found"]);
        Assert.Equal((1m, 1m), inst["inst.hazards.fixed"]);
        // A state of the day (residents) has no cumulative; nothing recorded yet is 0.
        Assert.Equal((0m, null), inst["inst.residents"]);
        // Typed figures are empty in a draft, with the sum of the days before as their cumulative (none yet).
        Assert.Equal((null, 0m), inst["inst.incidents"]);

        // Typed figures add up over the days: 3 the day before, 2 today → 5 so far.
        using (var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = place.Institution, day = Iso(previous), typed = new Dictionary<string, int> { ["inst.incidents"] = 3 } }))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        Assert.Equal((null, 3m), Cells((await DraftAsync(admin, place.Institution, day)).GetProperty("figures"))["inst.incidents"]);
        using (var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = place.Institution, day = Iso(day), typed = new Dictionary<string, int> { ["inst.incidents"] = 2 } }))
        {
            var incidents = (await r.ExpectAsync(HttpStatusCode.Created)).GetProperty("figures").EnumerateArray().Single(f => f.Str("key") == "inst.incidents");
            Assert.Equal((2m, 5m), (incidents.GetProperty("today").GetDecimal(), incidents.GetProperty("cumulative").GetDecimal()));
        }
        using var submitted = await admin.PostAsJsonAsync("/api/v1/reports/daily", new
        {
            orgUnitCode = place.Township,
            day = Iso(day),
            corrections = new[] { new { key = "visits.refused", today = 2, reason = "一户拒绝入户未录入手机" } },
            workDone = "完成走访",
        });
        var report = await submitted.ExpectAsync(HttpStatusCode.Created);
        var stored = report.GetProperty("figures").EnumerateArray().ToDictionary(f => f.Str("key"));
        // A corrected figure keeps both values and the reason; the cumulative not corrected stays the computed one.
        var refused = stored["visits.refused"];
        Assert.Equal(2m, refused.GetProperty("today").GetDecimal());
        Assert.Equal(1m, refused.GetProperty("computedToday").GetDecimal());
        Assert.Equal(1m, refused.GetProperty("cumulative").GetDecimal());
        Assert.Equal("一户拒绝入户未录入手机", refused.Str("reason"));
        Assert.Equal(8m, stored["hazards.found"].GetProperty("cumulative").GetDecimal());
    }

    [Theory, BothEngines]
    public async Task Submit_At145959China_IsOnTime_At150000_IsLateAndRevision2_WhateverTheServerZone(Engine engine)
    {
        foreach (var zone in Zones)
        {
            var app = await apps.GetAsync(engine, zone);
            // A fresh China day, just before its deadline.
            var day = ChinaTime.Today(app.Clock).AddDays(1);
            app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(14).AddMinutes(59).AddSeconds(59));
            using var officer = await app.SignInAsync("ningxiang");

            using (var first = await officer.PostAsJsonAsync("/api/v1/reports/daily", new { day = Iso(day), workDone = "第一版" }))
            {
                var r1 = await first.ExpectAsync(HttpStatusCode.Created);
                Assert.True(r1.GetProperty("onTime").GetBoolean(), zone);
                Assert.Equal(1, r1.GetProperty("revision").GetInt32());
                Assert.Equal(TestData.Ningxiang, r1.Str("orgUnitCode"));
            }
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            using (var second = await officer.PostAsJsonAsync("/api/v1/reports/daily", new { day = Iso(day), workDone = "第二版" }))
            {
                var r2 = await second.ExpectAsync(HttpStatusCode.Created);
                Assert.False(r2.GetProperty("onTime").GetBoolean(), zone);
                Assert.Equal(2, r2.GetProperty("revision").GetInt32());
                Assert.Equal(ChinaTime.StartOf(day).AddHours(15), r2.GetProperty("submittedAt").GetDateTimeOffset());
            }

            using var list = await officer.GetAsync($"/api/v1/reports/daily/revisions?orgUnitCode={TestData.Ningxiang}&day={Iso(day)}");
            var revisions = (await list.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
            Assert.Equal([2, 1], revisions.Select(r => r.GetProperty("revision").GetInt32()));
            Assert.Equal([true, false], revisions.Select(r => r.GetProperty("isLatest").GetBoolean()));
            Assert.Equal(["第二版", "第一版"], revisions.Select(r => r.Str("workDone")));
            Assert.Equal([false, true], revisions.Select(r => r.GetProperty("onTime").GetBoolean()));

            var draft = await DraftAsync(officer, TestData.Ningxiang, day);
            Assert.Equal(2, draft.GetProperty("latest").GetProperty("revision").GetInt32());
            Assert.Equal(ChinaTime.StartOf(day).AddHours(15), draft.GetProperty("deadline").GetDateTimeOffset());
            var audited = await WithDbAsync(app, db => db.AuditEntries.CountAsync(a => a.EntityType == "daily-report" && a.OrgUnitCode == TestData.Ningxiang));
            Assert.True(audited >= 2);
        }
    }

    [Theory, BothEngines]
    public async Task Submit_ManyAtOnce_EachStoredRevisionHasItsOwnNumber_OneIsLatest_TheRestGet409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = ChinaTime.Today(app.Clock);
        using var staff = await app.SignInAsync("xingfu");
        var unit = (await DraftAsync(staff, "", day)).Str("orgUnitCode");
        var before = await WithDbAsync(app, db => db.DailyReports.CountAsync(r => r.OrgUnitCode == unit && r.Day == day));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await staff.PostAsJsonAsync("/api/v1/reports/daily", new { day = Iso(day), typed = new Dictionary<string, int> { ["inst.incidents"] = 40 + i } });
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body);
        }));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.body));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Contains("report.revision_conflict", r.body, StringComparison.Ordinal));

        var rows = await WithDbAsync(app, db => db.DailyReports.AsNoTracking().Where(r => r.OrgUnitCode == unit && r.Day == day)
            .Select(r => new { r.Revision, r.IsLatest }).ToListAsync());
        Assert.Equal(before + responses.Count(r => r.StatusCode == HttpStatusCode.Created), rows.Count);
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Revision).Order());
        Assert.Equal(rows.Max(r => r.Revision), Assert.Single(rows, r => r.IsLatest).Revision);
    }

    [Theory, BothEngines]
    public async Task Submit_BadInput_Returns400WithItsCode_AndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = ChinaTime.Today(app.Clock);
        using var officer = await app.SignInAsync("ningxiang");
        var before = await StoredAsync(app, TestData.Ningxiang);

        var cases = new (object Body, string Code)[]
        {
            (new { day = Iso(day), corrections = new[] { new { key = "hazards.found", today = 5 } } }, "report.correction_reason_required"),
            (new { day = Iso(day), corrections = new[] { new { key = "hazards.found", today = 5, reason = "  " } } }, "report.correction_reason_required"),
            (new { day = Iso(day), corrections = new[] { new { key = "visits.refused", today = -1, reason = "录错" } } }, "report.figure_invalid"),
            (new { day = Iso(day), typed = new Dictionary<string, int> { ["care.activities"] = 1 } }, "report.figure_unknown"),
            (new { day = Iso(day), typed = new Dictionary<string, int> { ["no.such.figure"] = 1 } }, "report.figure_unknown"),
            (new { day = Iso(day), typed = new Dictionary<string, int> { ["hazards.found"] = 1 } }, "report.figure_unknown"),
            (new { day = Iso(day), typed = new Dictionary<string, int> { ["inst.residents"] = 1 } }, "report.figure_unknown"),
            (new { day = Iso(day.AddDays(1)) }, "report.day_in_future"),
            (new { day = "2024-11-19" }, "report.day_before_campaign"),
            (new { day = Iso(day), problems = new string('问', 2001) }, "report.text_too_long"),
        };
        foreach (var (body, code) in cases)
        {
            using var response = await officer.PostAsJsonAsync("/api/v1/reports/daily", body);
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code);
        }
        Assert.Equal(before, await StoredAsync(app, TestData.Ningxiang));
    }

    [Theory, BothEngines]
    public async Task Scope_AnotherTownshipIs404_AnInstitutionOfMyTownshipOrAFieldWorkerIs403_AVillageIs400_StaffGetTheirInstitution(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = ChinaTime.Today(app.Clock);
        using var officer = await app.SignInAsync("ningxiang");
        using var worker = await app.SignInAsync("worker");
        using var staff = await app.SignInAsync("xingfu");
        var before = await StoredAsync(app, TestData.Jinluo);

        using (var r = await officer.GetAsync($"/api/v1/reports/daily?orgUnitCode={TestData.Jinluo}&day={Iso(day)}"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var r = await officer.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = TestData.Jinluo, day = Iso(day) }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var r = await worker.GetAsync($"/api/v1/reports/daily?orgUnitCode={TestData.Ningxiang}&day={Iso(day)}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using (var r = await officer.GetAsync($"/api/v1/reports/daily?orgUnitCode={TestData.NingxiangVillage}&day={Iso(day)}"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "report.unit_invalid");
        }
        // An institution under the officer's township is in scope but reports for itself.
        using var admin = await app.SignInAsync("admin");
        using (var created = await admin.PostAsJsonAsync("/api/v1/org-units/institutions", new { parentCode = TestData.Ningxiang, name = TestData.Name() + "敬老院" }))
        {
            var institution = (await created.ExpectAsync(HttpStatusCode.Created)).Str("code");
            using var r = await officer.PostAsJsonAsync("/api/v1/reports/daily", new { orgUnitCode = institution, day = Iso(day) });
            await r.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
            Assert.Equal(0, await StoredAsync(app, institution));
        }
        // Institution staff report for their own institution: an institution's table.
        var own = await DraftAsync(staff, "", day);
        Assert.Equal("Institution", own.Str("unitKind"));
        Assert.Equal(before, await StoredAsync(app, TestData.Jinluo));
    }
}
