using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Meals.MealKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Meals;

/// <summary>Care activities (/api/v1/care-activities): validation, idempotency, scope, list and totals, audit.</summary>
public sealed class CareTests(Apps apps) : IClassFixture<Apps>
{
    private static Dictionary<string, object?> Activity(string orgUnitCode, DateOnly day, int people = 5, Guid? clientId = null) => new()
    {
        ["clientId"] = clientId ?? Guid.NewGuid(),
        ["orgUnitCode"] = orgUnitCode,
        ["day"] = Iso(day),
        ["organiser"] = "县义工联合会",
        ["organiserKind"] = "Volunteers",
        ["forWhom"] = "独居老人",
        ["kinds"] = new[] { "Visit", "Coal" },
        ["description"] = "入户探访，送煤",
        ["peopleHelped"] = people,
    };

    private static Task<int> RowsAsync(KdApp app, string township) =>
        WithDbAsync(app, db => db.CareActivities.CountAsync(a => a.OrgPath.Contains("/" + township + "/")));

    [Theory, BothEngines]
    public async Task Record_BadInput_IsRefusedWithAClearCode_AndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app, people: 0);
        var today = ChinaTime.Today(app.Clock);
        using var officer = await AsAsync(app, place.OfficerUser);

        async Task ExpectAsync(Dictionary<string, object?> body, HttpStatusCode status, string code)
        {
            using var r = await officer.PostAsJsonAsync("/api/v1/care-activities", body);
            await r.ExpectProblemAsync(status, code);
        }
        var negative = Activity(place.Village, today, people: -1);
        await ExpectAsync(negative, HttpStatusCode.BadRequest, "care.people_negative");
        await ExpectAsync(Activity(place.Village, today.AddDays(1)), HttpStatusCode.BadRequest, "care.day_in_future");
        var noKinds = Activity(place.Village, today);
        noKinds["kinds"] = Array.Empty<string>();
        await ExpectAsync(noKinds, HttpStatusCode.BadRequest, "care.kinds_required");
        var noOrganiser = Activity(place.Village, today);
        noOrganiser["organiser"] = "  ";
        await ExpectAsync(noOrganiser, HttpStatusCode.BadRequest, "request.validation");
        var noClient = Activity(place.Village, today);
        noClient.Remove("clientId");
        await ExpectAsync(noClient, HttpStatusCode.BadRequest, "request.validation");
        var tooLong = Activity(place.Village, today);
        tooLong["description"] = new string('长', 2001);
        await ExpectAsync(tooLong, HttpStatusCode.BadRequest, "request.validation");
        // Another township's village, and an institution, are not places of this officer's activities.
        await ExpectAsync(Activity(TestData.NingxiangVillage, today), HttpStatusCode.BadRequest, "org_unit.unknown");
        await ExpectAsync(Activity(place.Centre, today), HttpStatusCode.BadRequest, "org_unit.unknown");
        Assert.Equal(0, await RowsAsync(app, place.Township));
    }

    [Theory, BothEngines]
    public async Task Record_SameClientIdTwice_StoresOneActivity_OtherContentIsAConflict(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app, people: 0);
        var today = ChinaTime.Today(app.Clock);
        using var officer = await AsAsync(app, place.OfficerUser);
        var body = Activity(place.Village, today, people: 7);

        string id;
        using (var r = await officer.PostAsJsonAsync("/api/v1/care-activities", body))
        {
            var created = await r.ExpectAsync(HttpStatusCode.Created);
            id = created.Str("id");
            Assert.Equal(["Visit", "Coal"], created.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
            Assert.Equal("送餐测试村", created.Str("orgUnitName"));
        }
        using (var r = await officer.PostAsJsonAsync("/api/v1/care-activities", body))
        {
            Assert.Equal(id, (await r.ExpectAsync(HttpStatusCode.OK)).Str("id"));
        }
        body["peopleHelped"] = 8;
        using (var r = await officer.PostAsJsonAsync("/api/v1/care-activities", body))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "care.client_id_conflict");
        }
        Assert.Equal(1, await RowsAsync(app, place.Township));

        using var admin = await app.SignInAsync("admin");
        var audit = await admin.AuditAsync(id);
        Assert.Equal("care.record", Assert.Single(audit).Str("action"));
        Assert.Equal(place.Village, audit[0].Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task List_InScope_FiltersByUnitAndMonth_WithTotals_AndOthersCannotRecord(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app, people: 0);
        var today = ChinaTime.Today(app.Clock);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        using var officer = await AsAsync(app, place.OfficerUser);
        foreach (var (unit, day, people) in new[] { (place.Village, today, 3), (place.Township, today, 4), (place.Village, lastMonth, 10) })
        {
            using var r = await officer.PostAsJsonAsync("/api/v1/care-activities", Activity(unit, day, people));
            await r.ExpectAsync(HttpStatusCode.Created);
        }

        async Task<JsonElement> ListAsync(HttpClient client, string query)
        {
            using var r = await client.GetAsync("/api/v1/care-activities?" + query);
            return await r.ExpectAsync(HttpStatusCode.OK);
        }
        var all = await ListAsync(officer, "");
        Assert.Equal((3, 17), (all.GetProperty("totals").GetProperty("activities").GetInt32(), all.GetProperty("totals").GetProperty("peopleHelped").GetInt32()));
        Assert.Equal(3, all.GetProperty("totals").GetProperty("byKind").GetProperty("Coal").GetInt32());
        var month = await ListAsync(officer, "month=" + today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((2, 7), (month.GetProperty("totals").GetProperty("activities").GetInt32(), month.GetProperty("totals").GetProperty("peopleHelped").GetInt32()));
        var village = await ListAsync(officer, "orgUnitCode=" + place.Village);
        Assert.Equal(13, village.GetProperty("totals").GetProperty("peopleHelped").GetInt32());
        using var admin = await app.SignInAsync("admin");
        var county = await ListAsync(admin, "orgUnitCode=" + place.Township);
        Assert.Equal(3, county.GetProperty("items").GetArrayLength());
        using (var r = await officer.GetAsync("/api/v1/care-activities?month=2026-13"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }

        // Another township's officer sees none of them, and cannot filter on this township.
        using var ningxiang = await app.SignInAsync("ningxiang");
        var theirs = await ListAsync(ningxiang, "");
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), a => a.Str("orgUnitCode").StartsWith(place.Township, StringComparison.Ordinal));
        using (var r = await ningxiang.GetAsync("/api/v1/care-activities?orgUnitCode=" + place.Township))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "org_unit.unknown");
        }
        var one = all.GetProperty("items")[0].Str("id");
        using (var r = await ningxiang.GetAsync("/api/v1/care-activities/" + one))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        // Institution staff and the county leader read in scope but do not record.
        using var staff = await AsAsync(app, place.StaffUser);
        using var leader = await app.SignInAsync("leader");
        foreach (var reader in new[] { staff, leader })
        {
            using var r = await reader.PostAsJsonAsync("/api/v1/care-activities", Activity(place.Township, today));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Equal(3, await RowsAsync(app, place.Township));
    }
}
