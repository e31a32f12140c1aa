using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Patrols.PatrolTestKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>Street patrols and the people found on them (/api/v1/patrols): scope, validation, the client id, photos and audit.</summary>
public sealed class PatrolTests(PatrolApps apps) : IClassFixture<PatrolApps>
{
    [Theory, BothEngines]
    public async Task Patrol_RecordedByTheTownship_IsListedNewestFirst_AndAudited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var now = app.Clock.GetUtcNow();
        var older = await RecordPatrolAsync(officer, new { clientId = Guid.NewGuid(), at = now.AddHours(-3), area = Marker(), members = "张三、李四", partners = "Police, Community" });
        var newer = await RecordPatrolAsync(officer, new { clientId = Guid.NewGuid(), at = now.AddMinutes(-10), area = Marker(), members = "王五" });
        Assert.Equal(TestData.Ningxiang, newer.Str("orgUnitCode"));
        Assert.Equal("Police, Community", older.Str("partners"));
        Assert.Equal(ChinaTime.DayOf(now.AddHours(-3)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), older.Str("day"));

        using var list = await officer.GetAsync("/api/v1/patrols?take=500");
        var ids = (await list.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Select(p => p.Str("id")).ToList();
        Assert.True(ids.IndexOf(newer.Str("id")) < ids.IndexOf(older.Str("id")), "newest first");

        // The county leader reads it; nobody signed out does.
        using var leader = await app.SignInAsync("leader");
        using (var r = await leader.GetAsync($"/api/v1/patrols/{newer.Str("id")}"))
        {
            Assert.Equal("王五", (await r.ExpectAsync(HttpStatusCode.OK)).GetProperty("patrol").Str("members"));
        }
        using var admin = await app.SignInAsync("admin");
        var audit = await admin.AuditAsync(newer.Str("id"), "create");
        Assert.Single(audit);
        Assert.Equal("street-patrol", audit[0].Str("entityType"));
    }

    [Theory, BothEngines]
    public async Task Patrol_SameClientIdTwice_StoresOne_AndReturnsTheFirst_OtherContentIs409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var clientId = Guid.NewGuid();
        var body = new { clientId, at = app.Clock.GetUtcNow().AddMinutes(-5), area = Marker(), members = "张三" };
        var first = await RecordPatrolAsync(officer, body);
        var second = await RecordPatrolAsync(officer, body, HttpStatusCode.OK);
        Assert.Equal(first.Str("id"), second.Str("id"));
        using (var other = await officer.PostAsJsonAsync("/api/v1/patrols", new { clientId, body.at, area = body.area + "改", members = "张三" }))
        {
            await other.ExpectProblemAsync(HttpStatusCode.Conflict, "patrol.client_id_conflict");
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.StreetPatrols.CountAsync(p => p.ClientId == clientId)));
    }

    [Theory, BothEngines]
    public async Task Patrol_InTheFuture_OrWithOverlongFields_IsRefused_AndNothingIsStored(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var now = app.Clock.GetUtcNow();
        var future = Guid.NewGuid();
        using (var r = await officer.PostAsJsonAsync("/api/v1/patrols", new { clientId = future, at = now.AddHours(1), area = "车站", members = "张三" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "patrol.in_future");
        }
        // A phone's clock a minute fast is taken.
        await RecordPatrolAsync(officer, new { clientId = Guid.NewGuid(), at = now.AddMinutes(1), area = Marker(), members = "张三" });
        var longArea = Guid.NewGuid();
        using (var r = await officer.PostAsJsonAsync("/api/v1/patrols", new { clientId = longArea, at = now, area = new string('桥', 501), members = "张三" }))
        {
            var problem = await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
            Assert.Contains("500", problem.Str("title"), StringComparison.Ordinal);
        }
        var noMembers = Guid.NewGuid();
        using (var r = await officer.PostAsJsonAsync("/api/v1/patrols", new { clientId = noMembers, at = now, area = "车站", members = " " }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var ids = new[] { future, longArea, noMembers };
        Assert.Equal(0, await WithDbAsync(app, db => db.StreetPatrols.CountAsync(p => ids.Contains(p.ClientId))));
    }

    [Theory, BothEngines]
    public async Task Patrol_OfAnotherTownship_IsNeitherSeenNorWritable_TheLeaderOnlyReads(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await RecordPatrolAsync(admin, new { clientId = Guid.NewGuid(), at = app.Clock.GetUtcNow(), orgUnitCode = TestData.Jinluo, area = Marker(), members = "县民政局" });
        Assert.Equal(TestData.Jinluo, jinluo.Str("orgUnitCode"));

        using var officer = await app.SignInAsync("ningxiang");
        using (var r = await officer.GetAsync($"/api/v1/patrols/{jinluo.Str("id")}"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var r = await officer.GetAsync("/api/v1/patrols?take=500"))
        {
            Assert.DoesNotContain((await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray(), p => p.Str("id") == jinluo.Str("id"));
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/patrols/{jinluo.Str("id")}/persons", new { clientId = Guid.NewGuid(), foundAt = app.Clock.GetUtcNow(), description = "男", place = "桥下", help = "FoodAndClothing" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var r = await officer.PostAsJsonAsync("/api/v1/patrols", new { clientId = Guid.NewGuid(), at = app.Clock.GetUtcNow(), orgUnitCode = TestData.Jinluo, area = "车站", members = "张三" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "patrol.org_unit_invalid");
        }
        using var jinluoOfficer = await SignInAsJinluoOfficerAsync(app);
        using (var r = await jinluoOfficer.GetAsync($"/api/v1/patrols/{jinluo.Str("id")}"))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        // The county office filters by township and day.
        var ningxiang = await RecordPatrolAsync(officer, new { clientId = Guid.NewGuid(), at = app.Clock.GetUtcNow(), area = Marker(), members = "张三" });
        var day = ChinaTime.Today(app.Clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var r = await admin.GetAsync($"/api/v1/patrols?orgUnitCode={TestData.Jinluo}&day={day}&take=500"))
        {
            var ids = (await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Select(p => p.Str("id")).ToList();
            Assert.Contains(jinluo.Str("id"), ids);
            Assert.DoesNotContain(ningxiang.Str("id"), ids);
        }
        using (var r = await admin.GetAsync($"/api/v1/patrols?day={ChinaTime.Today(app.Clock).AddDays(-1):yyyy-MM-dd}&take=500"))
        {
            Assert.DoesNotContain((await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray(), p => p.Str("id") == jinluo.Str("id"));
        }
        using var leader = await app.SignInAsync("leader");
        using (var r = await leader.PostAsJsonAsync("/api/v1/patrols", new { clientId = Guid.NewGuid(), at = app.Clock.GetUtcNow(), area = "车站", members = "张三" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        }
        using var anonymous = app.Anonymous();
        using (var r = await anonymous.GetAsync("/api/v1/patrols"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
    }

    [Theory, BothEngines]
    public async Task PersonFound_WithAPhoto_IsStored_ThePhotoIsSeenInScopeOnly_AndEveryViewIsAudited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var patrol = await RecordPatrolAsync(officer, new { clientId = Guid.NewGuid(), at = app.Clock.GetUtcNow().AddHours(-1), area = Marker(), members = "张三" });
        var clientId = Guid.NewGuid();
        var person = await PostPersonFormAsync(app, officer, patrol.Str("id"), clientId, Png, HttpStatusCode.Created);
        Assert.True(person.GetProperty("hasPhoto").GetBoolean());
        Assert.Equal("EscortedToStation, FoodAndClothing", person.Str("help"));
        // The same form posted again (a double tap): the first record, nothing new.
        var again = await PostPersonFormAsync(app, officer, patrol.Str("id"), clientId, Png, HttpStatusCode.OK);
        Assert.Equal(person.Str("id"), again.Str("id"));
        Assert.Equal(1, await WithDbAsync(app, db => db.PersonsFound.CountAsync(p => p.ClientId == clientId)));

        using (var photo = await officer.GetAsync($"/api/v1/patrols/persons/{person.Str("id")}/photo"))
        {
            Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
            Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());
        }
        using var jinluoOfficer = await SignInAsJinluoOfficerAsync(app);
        using (var photo = await jinluoOfficer.GetAsync($"/api/v1/patrols/persons/{person.Str("id")}/photo"))
        {
            Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
        }
        using var anonymous = app.Anonymous();
        using (var photo = await anonymous.GetAsync($"/api/v1/patrols/persons/{person.Str("id")}/photo"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, photo.StatusCode);
        }
        using var admin = await app.SignInAsync("admin");
        var views = await admin.AuditAsync(person.Str("id"), "view-full");
        Assert.Single(views);
        Assert.Equal("person-found-photo", views[0].Str("entityType"));
        Assert.Single(await admin.AuditAsync(person.Str("id"), "create"));
    }

    [Theory, BothEngines]
    public async Task PersonFound_PhotoNotAnImage_OrTooLarge_OrNoHelpChosen_IsRefused_AndNothingIsStored(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var patrol = await RecordPatrolAsync(officer, new { clientId = Guid.NewGuid(), at = app.Clock.GetUtcNow(), area = Marker(), members = "张三" });
        var pdf = "%PDF-1.4 not a photo"u8.ToArray();
        var problem = await PostPersonFormAsync(app, officer, patrol.Str("id"), Guid.NewGuid(), pdf, HttpStatusCode.BadRequest);
        Assert.Equal("patrol.photo_type", problem.Str("code"));
        var big = new byte[1024 * 1024 + 1];
        big[0] = 0xFF;
        big[1] = 0xD8;
        big[2] = 0xFF;
        problem = await PostPersonFormAsync(app, officer, patrol.Str("id"), Guid.NewGuid(), big, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("patrol.photo_too_large", problem.Str("code"));
        using (var r = await officer.PostAsJsonAsync($"/api/v1/patrols/{patrol.Str("id")}/persons", new { clientId = Guid.NewGuid(), foundAt = app.Clock.GetUtcNow(), description = "男", place = "桥下" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "patrol.help_required");
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/patrols/{patrol.Str("id")}/persons", new { clientId = Guid.NewGuid(), foundAt = app.Clock.GetUtcNow().AddDays(1), description = "男", place = "桥下", help = "Declined" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "patrol.in_future");
        }
        var id = Guid.Parse(patrol.Str("id"));
        Assert.Equal(0, await WithDbAsync(app, db => db.PersonsFound.CountAsync(p => p.PatrolId == id)));
    }

    private static async Task<System.Text.Json.JsonElement> PostPersonFormAsync(KdApp app, HttpClient client, string patrolId, Guid clientId, byte[] photo, HttpStatusCode expected)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(clientId.ToString()), "ClientId" },
            { new StringContent("男，约五十岁，穿灰色棉衣"), "Description" },
            { new StringContent("汽车站候车厅"), "Place" },
            { new StringContent(app.Clock.GetUtcNow().AddMinutes(-30).ToString("o", System.Globalization.CultureInfo.InvariantCulture)), "FoundAt" },
            { new StringContent("EscortedToStation"), "Help" },
            { new StringContent("FoodAndClothing"), "Help" },
        };
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", "photo.jpg");
        using var response = await client.PostAsync($"/api/v1/patrols/{patrolId}/persons/form", form);
        return await response.ExpectAsync(expected);
    }
}
