using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>The /Hazards/Trend page in a real browser, on a phone and on a PC.</summary>
public sealed class HazardTrendBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory, BothEngines]
    public async Task TrendPage_PhoneAndDesktop_DrawsTheChartsAndShowsThePendingCountWithoutSidewaysScrolling(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        var campaign = await HazardTrendTests.NewCampaignAsync(app, today.AddDays(-3));
        var ning = await HazardTrendTests.PathOfAsync(app, TestData.NingxiangVillage);
        var jin = await HazardTrendTests.PathOfAsync(app, TestData.JinluoVillage);
        await HazardTrendTests.SeedAsync(app, campaign, TestData.NingxiangVillage, ning, HazardStatus.Assigned, today.AddDays(-3), deadline: today.AddDays(-1), assignee: "测试整改人");
        await HazardTrendTests.SeedAsync(app, campaign, TestData.JinluoVillage, jin, HazardStatus.Closed, today.AddDays(-2), closed: today);
        await HazardTrendTests.SeedAsync(app, campaign, TestData.JinluoVillage, jin, HazardStatus.Open, today);

        foreach (var viewport in new[] { BrowserPages.Phone, BrowserPages.Desktop })
        {
            await using var context = await fixture.ContextAsync(app, viewport);
            var page = await context.NewPageAsync();
            await page.SignInAsync("admin");
            var response = await page.GotoAsync($"/Hazards/Trend?campaignId={campaign}");
            Assert.True(response is { Ok: true }, $"GET /Hazards/Trend answered {response?.Status}");

            Assert.Equal("当前未销号：2（截至 " + today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "）",
                (await page.Locator("#trend-caption").InnerTextAsync()).Trim());
            // ECharts has drawn both charts.
            await page.Locator("#trend-chart canvas").First.WaitForAsync();
            await page.Locator("#trend-units-chart canvas").First.WaitForAsync();
            Assert.Equal(1, await page.Locator("#trend-oldest tr.overdue").CountAsync());
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= viewport.Width, $"the page is {width}px wide on a {viewport.Width}px screen");
            if (Environment.GetEnvironmentVariable("KNOCKDOOR_SCREENSHOTS") is { Length: > 0 } folder)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"trend-{engine}-{viewport.Width}.png"), FullPage = true });
            }
        }
    }
}
