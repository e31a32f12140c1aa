using System.Net;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;
using static KnockDoor.IntegrationTests.Weather.WeatherKit;

namespace KnockDoor.IntegrationTests.Weather;

/// <summary>The office pages of weather warnings: the issue form (without JavaScript), the warning's page and the plan's revisit list.</summary>
public sealed class WeatherPageTests(Apps apps) : IClassFixture<Apps>
{
    private static FormUrlEncodedContent Form(string token, Guid clientId, string kind, string level, string[] townships, string from, string to) =>
        new([
            new("__RequestVerificationToken", token), new("ClientId", clientId.ToString()), new("Kind", kind), new("Level", level),
            .. townships.Select(t => new KeyValuePair<string, string>("Townships", t)), new("From", from), new("To", to), new("Note", "页面发布"),
        ]);

    [Theory, BothEngines]
    public async Task IssueForm_BadRangeKeepsWhatWasTyped_ThenIssuesOnce_AndThePlanShowsTheRevisitList(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = await SeedAsync(app);
        var now = app.Clock.GetUtcNow();
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await OfficeForms.SignInWithFormAsync(browser, "admin");

        var page = await browser.GetStringAsync("/Weather");
        Assert.Contains($"value=\"{place.Township}\"", page);
        var token = OfficeForms.Antiforgery(page);
        var clientId = Guid.NewGuid();
        var from = Local(now.AddHours(-1));
        var to = Local(now.AddDays(1));

        using (var bad = await browser.PostAsync("/Weather", Form(token, clientId, "HeavySnow", "Red", [place.Township], to, from)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Contains("结束时间应晚于开始时间", html);
            Assert.Contains($"value=\"{clientId}\"", html);
            Assert.Contains($"value=\"{to}\"", html);
            Assert.Contains("value=\"HeavySnow\" checked=\"checked\"", html);
            Assert.Contains($"value=\"{place.Township}\" checked=\"checked\"", html);
        }
        Assert.Equal(0, await WithDbAsync(app, db => db.WeatherWarnings.CountAsync(w => w.Id == clientId)));

        for (var i = 0; i < 2; i++)
        {
            using var ok = await browser.PostAsync("/Weather", Form(token, clientId, "HeavySnow", "Red", [place.Township], from, to));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal($"/Weather/Details/{clientId}?done=issued", ok.Headers.Location?.OriginalString);
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.WeatherWarnings.CountAsync(w => w.Id == clientId)));
        Assert.Equal(1, await WithDbAsync(app, db => db.MealServicePeriods.CountAsync(p => p.WarningId == clientId)));

        var details = await browser.GetStringAsync($"/Weather/Details/{clientId}");
        Assert.Contains("暴雪红色预警", details);
        Assert.Contains("预警测试日间照料中心", details);
        var (aloneName, aloneId) = await WithDbAsync(app, db => db.Targets.Where(t => t.Id == place.People["alone"])
            .Select(t => new ValueTuple<string, string>(t.Name, t.IdNumber)).FirstAsync());
        Assert.Contains(aloneName, details);
        Assert.DoesNotContain(aloneId, details);
        Assert.Contains(Masking.IdNumber(aloneId), details);

        // The township's plan: the section with the same people.
        var plan = await browser.GetStringAsync("/Plan");
        Assert.Contains("天气预警回访名单", plan);
        Assert.Contains(aloneName, plan);
        Assert.DoesNotContain(aloneId, plan);

        // Cancelled from its page.
        var cancelToken = OfficeForms.Antiforgery(details);
        using var cancel = await browser.PostAsync($"/Weather/Details/{clientId}?handler=Cancel",
            new FormUrlEncodedContent([new("__RequestVerificationToken", cancelToken)]));
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.NotNull(await WithDbAsync(app, db => db.MealServicePeriods.Where(p => p.WarningId == clientId).Select(p => p.CancelledAt).FirstAsync()));
        Assert.DoesNotContain(aloneName, await browser.GetStringAsync("/Plan"));
    }

    [Theory, BothEngines]
    public async Task ATownshipOfficer_SeesNoIssueForm_AndCannotPostIt(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var now = app.Clock.GetUtcNow();
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await OfficeForms.SignInWithFormAsync(browser, "ningxiang");
        var page = await browser.GetStringAsync("/Weather");
        Assert.DoesNotContain("issue-form", page);
        var clientId = Guid.NewGuid();
        using var post = await browser.PostAsync("/Weather", Form(OfficeForms.Antiforgery(page), clientId, "ColdWave", "Blue",
            [TestData.Ningxiang], Local(now), Local(now.AddDays(1))));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/Account/Denied", post.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await WithDbAsync(app, db => db.WeatherWarnings.CountAsync(w => w.Id == clientId)));
    }
}
