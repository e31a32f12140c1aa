using System.Net;
using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Infrastructure.OfficeForms;
using static KnockDoor.IntegrationTests.Meals.MealKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Meals;

/// <summary>The 送餐上门 and 关爱帮扶 pages' forms posted as a browser without script posts them.</summary>
public sealed class MealPageTests(Apps apps) : IClassFixture<Apps>
{
    private static async Task<HttpClient> BrowserAsync(KdApp app, string userName)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await browser.GetStringAsync("/Account/Login");
        using var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = TestData.AccountPassword,
            ["__RequestVerificationToken"] = Antiforgery(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Theory, BothEngines]
    public async Task CentrePage_OffThenOn_AButtonPerOutcome_RecordsOneRowAndShowsIt(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app, people: 2);
        var today = ChinaTime.Today(app.Clock);
        using var staff = await BrowserAsync(app, place.StaffUser);
        var url = $"/Meals/Centre/{place.Centre}";

        // Institution staff land on their own centre.
        using (var index = await staff.GetAsync("/Meals"))
        {
            Assert.Equal(HttpStatusCode.Redirect, index.StatusCode);
            Assert.Equal(url, index.Headers.Location?.OriginalString);
        }
        // Someone put on the list from the registry page, by name.
        var name = await WithDbAsync(app, db => db.Targets.Where(t => t.Id == place.People[0]).Select(t => t.Name).FirstAsync());
        var search = await staff.GetStringAsync($"/Meals/Recipients/{place.Centre}?q={Uri.EscapeDataString(name)}");
        Assert.Contains($"id=\"c-{place.People[0]}\"", search, StringComparison.Ordinal);
        using (var added = await staff.PostAsync($"/Meals/Recipients/{place.Centre}?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["TargetId"] = place.People[0].ToString(), ["Note"] = "低盐饮食", ["__RequestVerificationToken"] = Antiforgery(search),
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        // Off: no buttons, and a forged post is refused with the message on the page, storing nothing.
        var page = await staff.GetStringAsync(url);
        Assert.Contains("id=\"meal-off\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"deliver-form\"", page, StringComparison.Ordinal);
        using (var refused = await staff.PostAsync($"{url}?handler=Deliver", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["day"] = Iso(today), ["by"] = "张三", ["Pick"] = $"{place.People[0]}|Delivered", ["__RequestVerificationToken"] = Antiforgery(page),
        })))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("该日未开启送餐上门", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Switched on for today by hand, then the button.
        using (var on = await staff.PostAsync($"{url}?handler=SwitchOn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["FromDay"] = Iso(today), ["ToDay"] = Iso(today), ["Reason"] = "大雪", ["__RequestVerificationToken"] = Antiforgery(page),
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        }
        page = await staff.GetStringAsync(url);
        Assert.Contains("id=\"meal-on\"", page, StringComparison.Ordinal);
        Assert.Contains("低盐饮食", page, StringComparison.Ordinal);
        foreach (var outcome in new[] { "Delivered", "Delivered", "Declined" })
        {
            using var tapped = await staff.PostAsync($"{url}?handler=Deliver", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["day"] = Iso(today), ["by"] = "张三", ["Time"] = "", ["Pick"] = $"{place.People[0]}|{outcome}",
                ["__RequestVerificationToken"] = Antiforgery(page),
            }));
            Assert.Equal(HttpStatusCode.Redirect, tapped.StatusCode);
            Assert.Contains("by=%E5%BC%A0%E4%B8%89", tapped.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        var stored = await WithDbAsync(app, db => db.MealDeliveries.Where(m => m.CentreCode == place.Centre).ToListAsync());
        Assert.Equal((MealOutcome.Declined, "张三"), (Assert.Single(stored).Outcome, stored[0].DeliveredBy));
        page = await staff.GetStringAsync($"{url}?day={Iso(today)}&by=%E5%BC%A0%E4%B8%89&done=deliver");
        Assert.Contains("data-outcome=\"Declined\"", page, StringComparison.Ordinal);
        Assert.Contains("已登记：<strong>拒收</strong>", page, StringComparison.Ordinal);
        Assert.Contains("value=\"张三\"", page, StringComparison.Ordinal);

        // A time not understood: a clear message, the row unchanged.
        using (var bad = await staff.PostAsync($"{url}?handler=Deliver", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["day"] = Iso(today), ["by"] = "张三", ["Time"] = "午饭后", ["Pick"] = $"{place.People[0]}|Delivered",
            ["__RequestVerificationToken"] = Antiforgery(page),
        })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("送达时间格式应为", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(MealOutcome.Declined, (await WithDbAsync(app, db => db.MealDeliveries.SingleAsync(m => m.CentreCode == place.Centre))).Outcome);
    }

    [Theory, BothEngines]
    public async Task CarePage_Negative_ShowsTheMessageKeepingWhatWasTyped_ThenADoubleSubmitStoresOne(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app, people: 0);
        using var officer = await BrowserAsync(app, place.OfficerUser);
        var form = await officer.GetStringAsync("/Care/Record");
        var clientId = System.Text.RegularExpressions.Regex.Match(form, "name=\"ClientId\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.True(Guid.TryParse(clientId, out _));
        Dictionary<string, string> Fields(string people) => new()
        {
            ["ClientId"] = clientId, ["OrgUnitCode"] = place.Village, ["Day"] = Iso(ChinaTime.Today(app.Clock)), ["Organiser"] = "县义工联合会",
            ["OrganiserKind"] = "Volunteers", ["ForWhom"] = "独居老人", ["Kinds"] = "Quilts", ["PeopleHelped"] = people,
            ["__RequestVerificationToken"] = Antiforgery(form),
        };
        using (var bad = await officer.PostAsync("/Care/Record", new FormUrlEncodedContent(Fields("-3"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Contains("帮扶人数不能为负数", html, StringComparison.Ordinal);
            Assert.Contains("value=\"县义工联合会\"", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{clientId}\"", html, StringComparison.Ordinal);
        }
        for (var i = 0; i < 2; i++)
        {
            using var ok = await officer.PostAsync("/Care/Record", new FormUrlEncodedContent(Fields("4")));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.CareActivities.CountAsync(a => a.ClientId == Guid.Parse(clientId))));
        var list = await officer.GetStringAsync("/Care?orgUnitCode=" + place.Township);
        Assert.Contains("id=\"total-people\">4<", list, StringComparison.Ordinal);
    }
}
