using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Patrols.PatrolTestKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>The office pages' forms, posted as a browser without script would: errors next to the field with what was typed kept, one record per form.</summary>
public sealed partial class PatrolPageTests(PatrolApps apps) : IClassFixture<PatrolApps>
{
    [Theory, BothEngines]
    public async Task RecordPage_ShowsTheErrorNextToTheField_KeepsWhatWasTyped_AndASecondPostOfTheFormStoresNothingNew(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        await OfficeForms.SignInWithFormAsync(browser, "ningxiang");
        var page = await browser.GetStringAsync("/Patrols/Record");
        var clientId = ClientIdField().Match(page).Groups[1].Value;
        var at = AtField().Match(page).Groups[1].Value;
        var members = "张三、" + Marker();
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeForms.Antiforgery(page), ["ClientId"] = clientId, ["OrgUnitCode"] = TestData.Ningxiang,
            ["At"] = at, ["Area"] = "", ["Members"] = members, ["Partners"] = "Police",
        };
        using (var refused = await browser.PostAsync("/Patrols/Record", new FormUrlEncodedContent(form)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("<p class=\"field-error\" role=\"alert\">请填写巡查区域</p>", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{members}\"", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{clientId}\"", html, StringComparison.Ordinal);
        }
        form["Area"] = "汽车站、火车站广场";
        string? first = null;
        for (var i = 0; i < 2; i++)
        {
            using var saved = await browser.PostAsync("/Patrols/Record", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var location = saved.Headers.Location!.ToString();
            Assert.StartsWith("/Patrols/Details/", location, StringComparison.Ordinal);
            first ??= location;
            Assert.Equal(first, location);
        }
        var id = Guid.Parse(clientId);
        Assert.Equal(1, await WithDbAsync(app, db => db.StreetPatrols.CountAsync(p => p.ClientId == id)));

        // On the patrol's page, a file that is not a photo: refused next to the photo field, the description kept, nothing stored.
        var detailsPath = first!.Split('?')[0];
        var details = await browser.GetStringAsync(detailsPath);
        var personClientId = PersonClientIdField().Match(details).Groups[1].Value;
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent(OfficeForms.Antiforgery(details)), "__RequestVerificationToken" },
            { new StringContent(personClientId), "Person.ClientId" },
            { new StringContent("男，约五十岁，灰色棉衣"), "Person.Description" },
            { new StringContent("汽车站"), "Person.Place" },
            { new StringContent(at), "Person.FoundAt" },
            { new StringContent("FoodAndClothing"), "Person.Help" },
        };
        var file = new ByteArrayContent("%PDF-1.4"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        multipart.Add(file, "Person.Photo", "photo.jpg");
        using (var refused = await browser.PostAsync(detailsPath + "?handler=Person", multipart))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("<p class=\"field-error\" role=\"alert\">照片应为 JPEG 或 PNG 格式</p>", html, StringComparison.Ordinal);
            Assert.Contains("男，约五十岁，灰色棉衣", html, StringComparison.Ordinal);
        }
        var personId = Guid.Parse(personClientId);
        Assert.Equal(0, await WithDbAsync(app, db => db.PersonsFound.CountAsync(p => p.ClientId == personId)));
    }

    [Theory, BothEngines]
    public async Task Pages_TheLeaderReadsPatrolsAndLeads_ButHasNoRecordForm(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        await OfficeForms.SignInWithFormAsync(browser, "leader");
        using (var r = await browser.GetAsync("/Patrols"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.DoesNotContain("id=\"patrol-new\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var r = await browser.GetAsync("/Patrols/Leads"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        using (var r = await browser.GetAsync("/Patrols/Record"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains("/Account/Denied", r.Headers.Location?.ToString(), StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("name=\"ClientId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex ClientIdField();

    [GeneratedRegex("name=\"Person.ClientId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex PersonClientIdField();

    [GeneratedRegex("name=\"At\" value=\"([0-9T:-]+)\"")]
    private static partial Regex AtField();
}
