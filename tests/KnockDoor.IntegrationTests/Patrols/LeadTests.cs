using System.Net;
using System.Net.Http.Json;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Patrols.PatrolTestKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>
/// The public lead page (/lead, no sign-in) and the township's handling of leads (/api/v1/leads): what it takes, what it
/// refuses, that it shows nothing stored, the officers' notification, follow-up and closing.
/// </summary>
public sealed class LeadTests(PatrolApps apps) : IClassFixture<PatrolApps>
{
    [Theory, BothEngines]
    public async Task Lead_SentWithoutSignIn_LandsWithTheTownship_ItsOfficersAreToldOnce_AndTheSenderSeesOnlyTheReference(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var place = "汽车站南门 " + Marker();
        const string note = "一位老人衣着单薄，躺在长椅上";
        const string phone = "13812345678";
        var (status, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = place, ["Note"] = note, ["Phone"] = phone });
        Assert.Equal(HttpStatusCode.OK, status);
        var reference = Reference(html);
        Assert.NotNull(reference);
        // The confirmation shows the reference and nothing the sender typed.
        Assert.DoesNotContain(place, html, StringComparison.Ordinal);
        Assert.DoesNotContain(note, html, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, html, StringComparison.Ordinal);

        var lead = await WithDbAsync(app, db => db.PublicLeads.AsNoTracking().SingleAsync(l => l.Reference == reference));
        Assert.Equal((TestData.Ningxiang, LeadStatus.New, place, note, phone), (lead.OrgUnitCode, lead.Status, lead.Place, lead.Note, lead.ContactPhone));
        Assert.EndsWith($"/{TestData.Ningxiang}/", lead.OrgPath, StringComparison.Ordinal);
        var link = $"/Patrols/Leads/{lead.Id}";
        var notification = Assert.Single(await WithDbAsync(app, db => db.Notifications.AsNoTracking().Where(n => n.Link == link).ToListAsync()));
        Assert.Equal((TestData.Ningxiang, "township"), (notification.OrgUnitCode, notification.RoleKey));

        // Stored by nobody signed in, audited without a user and without the phone.
        using (var admin = await app.SignInAsync("admin"))
        {
            var created = Assert.Single(await admin.AuditAsync(lead.Id.ToString(), "create"));
            Assert.Equal("public-lead", created.Str("entityType"));
            Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("userName").ValueKind);
            Assert.DoesNotContain(phone, created.GetRawText(), StringComparison.Ordinal);
        }
        using var officer = await app.SignInAsync("ningxiang");
        using (var r = await officer.GetAsync("/api/v1/notifications?take=500"))
        {
            var items = (await r.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
            var mine = Assert.Single(items, n => n.Str("link") == $"/Patrols/Leads/{lead.Id}");
            Assert.Contains(reference!, mine.Str("title"), StringComparison.Ordinal);
            Assert.DoesNotContain(phone, mine.Str("body"), StringComparison.Ordinal);
        }
        // In the township's list the phone is masked.
        using (var r = await officer.GetAsync("/api/v1/leads?status=New&take=500"))
        {
            var row = Assert.Single((await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray(), l => l.Str("reference") == reference);
            Assert.Equal("138****5678", row.Str("phoneMasked"));
        }
        // Another township's officer sees neither the lead nor its notification.
        using var jinluo = await SignInAsJinluoOfficerAsync(app);
        using (var r = await jinluo.GetAsync($"/api/v1/leads/{lead.Id}"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var r = await jinluo.GetAsync("/api/v1/notifications?take=500"))
        {
            Assert.DoesNotContain((await r.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray(), n => n.Str("link") == $"/Patrols/Leads/{lead.Id}");
        }
    }

    [Theory, BothEngines]
    public async Task Lead_TheSameFormSentTwice_StoresOneLead_AndShowsTheSameReference(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var page = await browser.GetStringAsync($"/lead/{TestData.Ningxiang}");
        var place = Marker();
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeForms.Antiforgery(page), ["FormId"] = FormId(page), ["Place"] = place,
        };
        var references = new string?[2];
        for (var i = 0; i < 2; i++)
        {
            using var r = await browser.PostAsync($"/lead/{TestData.Ningxiang}", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            references[i] = Reference(await r.Content.ReadAsStringAsync());
        }
        Assert.NotNull(references[0]);
        Assert.Equal(references[0], references[1]);
        Assert.Equal(1, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place == place)));
        Assert.Equal(1, await WithDbAsync(app, db => db.Notifications.CountAsync(n => n.Title.Contains(references[0]!))));
    }

    [Theory, BothEngines]
    public async Task Lead_PageWithoutATownshipInTheUrl_OffersTheCountysTownships_AndTakesTheChosenOne(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var page = await browser.GetStringAsync("/lead");
        Assert.Contains($"value=\"{TestData.Ningxiang}\"", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{TestData.Jinluo}\"", page, StringComparison.Ordinal);
        await WithDbAsync(app, async db =>
        {
            var jinluo = await db.OrgUnits.SingleAsync(o => o.Code == TestData.Jinluo);
            jinluo.ContactPhone = "0358-3312110";
            return await db.SaveChangesAsync();
        });
        var place = Marker();
        var (status, html) = await PostLeadAsync(browser, "/lead", new() { ["TownshipCode"] = TestData.Jinluo, ["Place"] = place });
        Assert.Equal(HttpStatusCode.OK, status);
        // The township's hotline is shown with the reference.
        Assert.Contains("href=\"tel:0358-3312110\"", html, StringComparison.Ordinal);
        var reference = Reference(html);
        Assert.Equal(TestData.Jinluo, await WithDbAsync(app, db => db.PublicLeads.Where(l => l.Reference == reference).Select(l => l.OrgUnitCode).SingleAsync()));

        // No township chosen: refused, with what was typed kept.
        (status, html) = await PostLeadAsync(browser, "/lead", new() { ["Place"] = place + "无乡镇" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("请选择所在乡镇", html, StringComparison.Ordinal);
        Assert.Contains(place + "无乡镇", html, StringComparison.Ordinal);
        Assert.Equal(0, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place == place + "无乡镇")));
    }

    [Theory, BothEngines]
    public async Task Lead_OverlongFields_ABadPhone_AnotherCountysTownship_OrNoAntiforgeryToken_AreRefused_AndNothingIsStored(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var marker = Marker();
        var (status, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = marker + new string('桥', 200) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("地点不能超过 200 个字", html, StringComparison.Ordinal);
        (status, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = marker, ["Note"] = new string('冷', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("情况说明不能超过 500 个字", html, StringComparison.Ordinal);
        (status, _) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = marker, ["Phone"] = "请打给我" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = marker, ["Phone"] = new string('1', 21) });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        // A body far beyond any lead is not read.
        (status, _) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = marker + new string('x', 100_000) });
        Assert.True((int)status is 400 or 413, $"a 100 KB lead got {(int)status}");

        // A township of another county (stored in this database) is not one the page takes.
        var other = await OtherCountyTownshipAsync(app);
        (status, html) = await PostLeadAsync(browser, "/lead", new() { ["TownshipCode"] = other, ["Place"] = marker });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("请选择所在乡镇", html, StringComparison.Ordinal);
        (status, _) = await PostLeadAsync(browser, $"/lead/{other}", new() { ["Place"] = marker });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        // A post without the form's token.
        using (var r = await browser.PostAsync($"/lead/{TestData.Ningxiang}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Place"] = marker })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
        Assert.Equal(0, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place.StartsWith(marker))));
    }

    [Theory, BothEngines]
    public async Task Lead_WithTheHoneypotFilled_LooksSent_ButNothingIsStoredNorNotified(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var marker = Marker();
        var before = await WithDbAsync(app, db => db.Notifications.CountAsync(n => n.Kind == "public-lead"));
        var (status, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = marker, ["Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(Reference(html));
        Assert.Equal(0, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place == marker)));
        Assert.Equal(before, await WithDbAsync(app, db => db.Notifications.CountAsync(n => n.Kind == "public-lead")));
    }

    [Theory, BothEngines]
    public async Task Lead_NothingStoredCanBeReadWithoutSigningIn(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var place = Marker();
        var (_, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = place, ["Phone"] = "13900001111" });
        var reference = Reference(html)!;
        var id = await WithDbAsync(app, db => db.PublicLeads.Where(l => l.Reference == reference).Select(l => l.Id).SingleAsync());

        using var anonymous = app.Anonymous();
        foreach (var path in new[] { "/api/v1/leads", $"/api/v1/leads/{id}", "/api/v1/patrols", "/api/v1/notifications" })
        {
            using var r = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        using (var r = await anonymous.PostAsJsonAsync($"/api/v1/leads/{id}/close", new { note = "x", version = 1 }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        // The officers' pages send a stranger to sign in.
        foreach (var path in new[] { "/Patrols/Leads", $"/Patrols/Leads/{id}", "/Patrols" })
        {
            using var r = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains("/Account/Login", r.Headers.Location?.ToString(), StringComparison.Ordinal);
        }
        // The reference opens nothing: the public page with it, in any place, shows only the empty form.
        foreach (var path in new[] { $"/lead/{reference}", $"/lead?reference={reference}", $"/lead/{id}" })
        {
            var page = await anonymous.GetStringAsync(path);
            Assert.DoesNotContain(place, page, StringComparison.Ordinal);
            Assert.DoesNotContain("13900001111", page, StringComparison.Ordinal);
            Assert.DoesNotContain("139****1111", page, StringComparison.Ordinal);
        }
    }

    [Theory, BothEngines]
    public async Task Lead_IsFollowedUp_APersonIsFoundThroughIt_AndItIsClosed_WithVersions(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var (_, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = "桥洞 " + Marker(), ["Phone"] = "0358-1234567" });
        var reference = Reference(html)!;
        var id = await WithDbAsync(app, db => db.PublicLeads.Where(l => l.Reference == reference).Select(l => l.Id).SingleAsync());

        using var officer = await app.SignInAsync("ningxiang");
        using (var r = await officer.GetAsync($"/api/v1/leads/{id}"))
        {
            var lead = await r.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("0358-1234567", lead.Str("phone"));
            Assert.Equal(1, lead.GetProperty("version").GetInt32());
        }
        using var admin = await app.SignInAsync("admin");
        Assert.Single(await admin.AuditAsync(id.ToString(), "view-full"));

        using (var r = await officer.PostAsJsonAsync($"/api/v1/leads/{id}/follow-up", new { note = "已到现场，未见到人员，继续留意", version = 1 }))
        {
            Assert.Equal(2, (await r.ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt32());
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/leads/{id}/close", new { note = "旧版本", version = 1 }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "lead.version_conflict");
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/leads/{id}/follow-up", new { note = " ", version = 2 }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/leads/{id}/persons", new
        {
            clientId = Guid.NewGuid(), foundAt = app.Clock.GetUtcNow().AddMinutes(-20), description = "女，约七十岁", place = "桥洞", help = "EscortedToStation",
        }))
        {
            var person = await r.ExpectAsync(HttpStatusCode.Created);
            Assert.Equal(id.ToString(), person.Str("leadId"));
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/leads/{id}/close", new { note = "已护送至县救助站", version = 2 }))
        {
            Assert.Equal(3, (await r.ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt32());
        }
        using (var r = await officer.PostAsJsonAsync($"/api/v1/leads/{id}/follow-up", new { note = "再跟进", version = 3 }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "lead.closed");
        }
        var stored = await WithDbAsync(app, db => db.PublicLeads.AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.Equal(LeadStatus.Closed, stored.Status);
        Assert.NotNull(stored.ClosedAt);
        Assert.Contains("已护送至县救助站", stored.FollowUpNote, StringComparison.Ordinal);
        Assert.Equal(2, (await admin.AuditAsync(id.ToString(), "update")).Count);

        // The leader reads leads but cannot handle them.
        using var leader = await app.SignInAsync("leader");
        using (var r = await leader.PostAsJsonAsync($"/api/v1/leads/{id}/follow-up", new { note = "x", version = 3 }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        }
    }

    /// <summary>A township of a second county, stored directly (the demo has one county).</summary>
    private static Task<string> OtherCountyTownshipAsync(KdApp app) => WithDbAsync(app, async db =>
    {
        const string county = "141130";
        const string township = "141130100";
        if (!await db.OrgUnits.AnyAsync(o => o.Code == township))
        {
            var parent = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Code == TestData.County);
            var countyPath = parent.Path[..^(TestData.County.Length + 1)] + county + "/";
            db.OrgUnits.AddRange(
                new OrgUnit { Code = county, Name = "另一县", Kind = OrgUnitKind.County, ParentCode = parent.ParentCode, Path = countyPath, CountyCode = county },
                new OrgUnit { Code = township, Name = "另一县某镇", Kind = OrgUnitKind.Township, ParentCode = county, Path = countyPath + township + "/", CountyCode = county });
            await db.SaveChangesAsync();
        }
        return township;
    });
}
