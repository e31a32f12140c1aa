using System.Net;
using System.Net.Http.Json;
using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Meals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Meals.MealKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Meals;

/// <summary>Meals brought home (/api/v1/meals): the list from the registry, the days delivery is on, deliveries, scope and audit.</summary>
public sealed class MealTests(Apps apps) : IClassFixture<Apps>
{
    private static Task<int> DeliveryRowsAsync(KdApp app, string centre) =>
        WithDbAsync(app, db => db.MealDeliveries.CountAsync(m => m.CentreCode == centre));

    [Theory, BothEngines]
    public async Task Recipients_FromTheCentresTownship_MaskedAndAddedOnce_OthersRefused(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        using var staff = await AsAsync(app, place.StaffUser);
        var full = await WithDbAsync(app, db => db.Targets.Where(t => t.Id == place.People[0]).Select(t => new { t.Name, t.IdNumber, t.Phone }).FirstAsync());

        // Found by name among the township's registered people, masked.
        using (var r = await staff.GetAsync($"/api/v1/meals/centres/{place.Centre}/candidates?q={Uri.EscapeDataString(full.Name)}"))
        {
            var found = (await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single();
            Assert.Equal(Masking.IdNumber(full.IdNumber), found.Str("idNumber"));
            Assert.Equal(Masking.Phone(full.Phone), found.Str("phone"));
            Assert.False(found.GetProperty("onList").GetBoolean());
        }
        // The outsider (another township's village) is not a candidate, and cannot be added.
        var outsiderName = await WithDbAsync(app, db => db.Targets.Where(t => t.Id == place.Outsider).Select(t => t.Name).FirstAsync());
        using (var r = await staff.GetAsync($"/api/v1/meals/centres/{place.Centre}/candidates?q={Uri.EscapeDataString(outsiderName)}"))
        {
            Assert.Equal(0, (await r.ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        }
        using (var r = await AddAsync(staff, place.Centre, place.Outsider))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.recipient_outside");
        }
        using (var r = await AddAsync(staff, place.Centre, Guid.NewGuid()))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.recipient_outside");
        }

        // Added once: a second post (a double tap) returns the same row.
        string recipientId;
        using (var r = await AddAsync(staff, place.Centre, place.People[0], "低盐饮食"))
        {
            var added = await r.ExpectAsync(HttpStatusCode.Created);
            recipientId = added.Str("id");
            Assert.Equal(Masking.IdNumber(full.IdNumber), added.Str("idNumber"));
            Assert.Equal("送餐测试村", added.Str("villageName"));
        }
        using (var r = await AddAsync(staff, place.Centre, place.People[0]))
        {
            Assert.Equal(recipientId, (await r.ExpectAsync(HttpStatusCode.OK)).Str("id"));
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.MealRecipients.CountAsync(m => m.CentreCode == place.Centre)));
        var centre = await CentreAsync(staff, place.Centre, ChinaTime.Today(app.Clock));
        var listed = centre.GetProperty("recipients").EnumerateArray().Single();
        Assert.Equal("低盐饮食", listed.Str("note"));
        // Nothing in full anywhere in the page's data.
        var json = centre.GetRawText();
        Assert.DoesNotContain(full.IdNumber, json, StringComparison.Ordinal);
        Assert.DoesNotContain(full.Phone!, json, StringComparison.Ordinal);

        // The note changes; removal deactivates, and adding again brings the same row back.
        using (var r = await staff.PutAsJsonAsync($"/api/v1/meals/centres/{place.Centre}/recipients/{recipientId}", new { note = "钥匙在邻居家" }))
        {
            Assert.Equal("钥匙在邻居家", (await r.ExpectAsync(HttpStatusCode.OK)).Str("note"));
        }
        using (var r = await staff.DeleteAsync($"/api/v1/meals/centres/{place.Centre}/recipients/{recipientId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
        Assert.Equal(0, (await CentreAsync(staff, place.Centre, ChinaTime.Today(app.Clock))).GetProperty("recipients").GetArrayLength());
        using (var r = await AddAsync(staff, place.Centre, place.People[0]))
        {
            Assert.Equal(recipientId, (await r.ExpectAsync(HttpStatusCode.Created)).Str("id"));
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.MealRecipients.CountAsync(m => m.CentreCode == place.Centre)));

        using var admin = await app.SignInAsync("admin");
        var audit = await admin.AuditAsync(recipientId);
        Assert.Equal(["meals.recipient.add", "meals.recipient.add", "meals.recipient.note", "meals.recipient.remove"],
            audit.Select(a => a.Str("action")).Order(StringComparer.Ordinal));
        Assert.All(audit, a => Assert.DoesNotContain(full.IdNumber, a.GetRawText(), StringComparison.Ordinal));
    }

    [Theory, BothEngines]
    public async Task Scope_AnotherCentresStaff_AnotherTownshipsOfficer_AndReadOnlyRoles_CannotTouchTheCentre(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        var today = ChinaTime.Today(app.Clock);
        using var officer = await AsAsync(app, place.OfficerUser);
        using (var r = await AddAsync(officer, place.Centre, place.People[0]))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        await SwitchOnAsync(officer, place.Centre, today, today);
        var before = await WithDbAsync(app, db => db.MealRecipients.CountAsync(m => m.CentreCode == place.Centre));

        using var otherStaff = await AsAsync(app, place.OtherStaffUser);
        using var ningxiang = await app.SignInAsync("ningxiang");
        foreach (var stranger in new[] { otherStaff, ningxiang })
        {
            using (var r = await stranger.GetAsync($"/api/v1/meals/centres/{place.Centre}"))
            {
                await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
            }
            using (var r = await AddAsync(stranger, place.Centre, place.People[1]))
            {
                await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
            }
            using (var r = await DeliverAsync(stranger, place.Centre, place.People[0], today, "Delivered"))
            {
                await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
            }
            using (var r = await stranger.PostAsJsonAsync($"/api/v1/meals/centres/{place.Centre}/periods", new { fromDay = Iso(today) }))
            {
                await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
            }
        }
        // The other centre's staff see their own centre only.
        using (var r = await otherStaff.GetAsync("/api/v1/meals/centres"))
        {
            var codes = (await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Select(c => c.Str("code")).ToList();
            Assert.Equal([place.OtherCentre], codes);
        }
        // The county leader reads but writes nothing; a field worker has no access.
        using var leader = await app.SignInAsync("leader");
        using (var r = await leader.GetAsync($"/api/v1/meals/centres/{place.Centre}"))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        using (var r = await DeliverAsync(leader, place.Centre, place.People[0], today, "Delivered"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using var worker = await app.SignInAsync("worker");
        using (var r = await worker.GetAsync("/api/v1/meals/centres"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Equal(0, await DeliveryRowsAsync(app, place.Centre));
        Assert.Equal(before, await WithDbAsync(app, db => db.MealRecipients.CountAsync(m => m.CentreCode == place.Centre)));
        Assert.Equal(1, await WithDbAsync(app, db => db.MealServicePeriods.CountAsync(m => m.CentreCode == place.Centre)));

        // The township's officer and the county office do reach it.
        using var admin = await app.SignInAsync("admin");
        using (var r = await DeliverAsync(admin, place.Centre, place.People[0], today, "Delivered"))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Theory, BothEngines]
    public async Task On_OnlyForTheDaysOfAPeriodNotCancelled(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        var today = ChinaTime.Today(app.Clock);
        using var staff = await AsAsync(app, place.StaffUser);

        async Task<bool> OnAsync(DateOnly day) => (await CentreAsync(staff, place.Centre, day)).GetProperty("on").GetBoolean();
        async Task<List<string>> CentresOnAsync(DateOnly day)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MealService>().CentresOnAsync(TestData.County, day, CancellationToken.None);
        }

        Assert.False(await OnAsync(today));
        var period = await SwitchOnAsync(staff, place.Centre, today.AddDays(-1), today.AddDays(1));
        Assert.False(await OnAsync(today.AddDays(-2)));
        Assert.True(await OnAsync(today.AddDays(-1)));
        Assert.True(await OnAsync(today));
        Assert.True(await OnAsync(today.AddDays(1)));
        Assert.False(await OnAsync(today.AddDays(2)));
        Assert.Contains(place.Centre, await CentresOnAsync(today));
        Assert.DoesNotContain(place.OtherCentre, await CentresOnAsync(today));
        Assert.DoesNotContain(place.Centre, await CentresOnAsync(today.AddDays(2)));

        // A period ending before it begins, or longer than 31 days, is refused and stores nothing.
        using (var r = await staff.PostAsJsonAsync($"/api/v1/meals/centres/{place.Centre}/periods", new { fromDay = Iso(today), toDay = Iso(today.AddDays(-1)) }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.period_invalid");
        }
        using (var r = await staff.PostAsJsonAsync($"/api/v1/meals/centres/{place.Centre}/periods", new { fromDay = Iso(today), toDay = Iso(today.AddDays(31)) }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.period_invalid");
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.MealServicePeriods.CountAsync(m => m.CentreCode == place.Centre)));

        // Cancelled: off again; a second cancel is a clear conflict.
        using (var r = await staff.PostAsync($"/api/v1/meals/centres/{place.Centre}/periods/{period.Str("id")}/cancel", null))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        Assert.False(await OnAsync(today));
        Assert.DoesNotContain(place.Centre, await CentresOnAsync(today));
        using (var r = await staff.PostAsync($"/api/v1/meals/centres/{place.Centre}/periods/{period.Str("id")}/cancel", null))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "meals.period_cancelled");
        }
        using var admin = await app.SignInAsync("admin");
        Assert.Equal(["meals.period.cancel", "meals.period.on"], (await admin.AuditAsync(period.Str("id"))).Select(a => a.Str("action")).Order(StringComparer.Ordinal));
    }

    [Theory, BothEngines]
    public async Task Delivery_BadInput_IsRefusedWithAClearCode_AndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        var today = ChinaTime.Today(app.Clock);
        using var staff = await AsAsync(app, place.StaffUser);
        using (var r = await AddAsync(staff, place.Centre, place.People[0]))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }

        // Delivery is off today.
        using (var r = await DeliverAsync(staff, place.Centre, place.People[0], today, "Delivered"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "meals.delivery_off");
        }
        await SwitchOnAsync(staff, place.Centre, today.AddDays(-1), today.AddDays(1));
        // Tomorrow is on, but in the future; so is a time later than now (beyond a few minutes).
        using (var r = await DeliverAsync(staff, place.Centre, place.People[0], today.AddDays(1), "Delivered"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.day_in_future");
        }
        var now = app.Clock.GetUtcNow();
        if (ChinaTime.DayOf(now.AddMinutes(30)) == today)
        {
            using var r = await DeliverAsync(staff, place.Centre, place.People[0], today, "Delivered", now.AddMinutes(30));
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.day_in_future");
        }
        // A person not on the list (in the township, or the outsider), and one taken off it.
        using (var r = await DeliverAsync(staff, place.Centre, place.People[1], today, "Delivered"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.not_on_list");
        }
        using (var r = await DeliverAsync(staff, place.Centre, place.Outsider, today, "Delivered"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.not_on_list");
        }
        // No outcome.
        using (var r = await staff.PutAsJsonAsync($"/api/v1/meals/centres/{place.Centre}/deliveries", new { targetId = place.People[0], day = Iso(today) }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.outcome_required");
        }
        // The same person on the other centre's list is not on this one.
        using var officer = await AsAsync(app, place.OfficerUser);
        using (var r = await AddAsync(officer, place.OtherCentre, place.People[1]))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        using (var r = await DeliverAsync(staff, place.Centre, place.People[1], today, "Delivered"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "meals.not_on_list");
        }
        Assert.Equal(0, await DeliveryRowsAsync(app, place.Centre));
    }

    [Theory, BothEngines]
    public async Task Delivery_DoubleTapAndCorrection_KeepOneRowPerPersonAndDay_Audited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        var today = ChinaTime.Today(app.Clock);
        using var staff = await AsAsync(app, place.StaffUser);
        foreach (var person in place.People.Take(2))
        {
            using var r = await AddAsync(staff, place.Centre, person);
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        await SwitchOnAsync(staff, place.Centre, today.AddDays(-1), today);

        // Two taps at once, then a third: one row.
        var taps = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => DeliverAsync(staff, place.Centre, place.People[0], today, "Delivered")));
        foreach (var tap in taps)
        {
            await tap.ExpectAsync(HttpStatusCode.OK);
            tap.Dispose();
        }
        string id;
        using (var r = await DeliverAsync(staff, place.Centre, place.People[0], today, "Delivered"))
        {
            var delivery = await r.ExpectAsync(HttpStatusCode.OK);
            id = delivery.Str("id");
            Assert.StartsWith("送餐测试", delivery.Str("deliveredBy"), StringComparison.Ordinal);
        }
        Assert.Equal(1, await DeliveryRowsAsync(app, place.Centre));

        // A second tap of another outcome corrects the same row.
        using (var r = await DeliverAsync(staff, place.Centre, place.People[0], today, "NotHome", deliveredBy: "李送餐"))
        {
            var corrected = await r.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(id, corrected.Str("id"));
            Assert.Equal("NotHome", corrected.Str("outcome"));
            Assert.Equal("李送餐", corrected.Str("deliveredBy"));
        }
        Assert.Equal(1, await DeliveryRowsAsync(app, place.Centre));

        // A past day within the period, at a time of that day.
        var at = ChinaTime.StartOf(today.AddDays(-1)).AddHours(11).AddMinutes(30);
        using (var r = await DeliverAsync(staff, place.Centre, place.People[1], today.AddDays(-1), "Declined", at))
        {
            var past = await r.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(at, past.GetProperty("at").GetDateTimeOffset());
        }
        // A time that is not on the day is refused.
        using (var r = await DeliverAsync(staff, place.Centre, place.People[1], today.AddDays(-1), "Declined", at.AddDays(-1)))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        Assert.Equal(2, await DeliveryRowsAsync(app, place.Centre));

        // The day's list shows the outcome of each row; the history counts by day.
        var centre = await CentreAsync(staff, place.Centre, today);
        var rows = centre.GetProperty("dayList").EnumerateArray().ToDictionary(r => r.Str("targetId"));
        Assert.Equal("NotHome", rows[place.People[0].ToString()].Str("outcome"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[place.People[1].ToString()].GetProperty("outcome").ValueKind);
        var history = centre.GetProperty("history").EnumerateArray().ToDictionary(h => h.Str("day"));
        Assert.Equal((0, 1, 0), (history[Iso(today)].GetProperty("delivered").GetInt32(), history[Iso(today)].GetProperty("notHome").GetInt32(),
            history[Iso(today)].GetProperty("declined").GetInt32()));
        Assert.Equal(1, history[Iso(today.AddDays(-1))].GetProperty("declined").GetInt32());

        using var admin = await app.SignInAsync("admin");
        var audit = await admin.AuditAsync(id);
        Assert.Equal(1, audit.Count(a => a.Str("action") == "meals.delivery.record"));
        Assert.Equal(3, audit.Count(a => a.Str("action") == "meals.delivery.correct"));
        Assert.All(audit, a => Assert.Equal(place.Centre, a.Str("orgUnitCode")));
    }
}
