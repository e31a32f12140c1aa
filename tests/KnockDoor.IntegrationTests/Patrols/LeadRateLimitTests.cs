using System.Net;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Patrols.PatrolTestKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>The public lead page's rate limit, on an app of its own that takes three leads per address per ten minutes.</summary>
public sealed class LeadRateLimitTests(LimitedLeadApps apps) : IClassFixture<LimitedLeadApps>
{
    [Theory, BothEngines]
    public async Task Lead_PostsBeyondTheLimitFromOneAddress_Get429InChinese_AndStoreNothing_WhileThePageStillOpens(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var browser = Browser(app);
        var marker = Marker();
        for (var i = 0; i < LimitedLeadApps.Limit; i++)
        {
            var (status, html) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = $"{marker}-{i}" });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.NotNull(Reference(html));
        }
        var (refused, page) = await PostLeadAsync(browser, $"/lead/{TestData.Ningxiang}", new() { ["Place"] = $"{marker}-over" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Contains("提交太频繁", page, StringComparison.Ordinal);
        Assert.Null(Reference(page));
        Assert.Equal(LimitedLeadApps.Limit, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place.StartsWith(marker))));
        Assert.Equal(0, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place == marker + "-over")));

        // Opening the page is not limited.
        using var again = await browser.GetAsync($"/lead/{TestData.Ningxiang}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
