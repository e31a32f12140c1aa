using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Institutions;

/// <summary>An institution's staff on a 360×740 phone records a patrol round whose finding becomes a hazard, and sees it in the log.</summary>
public sealed class InstitutionBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory, BothEngines]
    public async Task StaffOnAPhone_RecordsARoundWithAFinding_ItBecomesAHazard_AndShowsInTheLog(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        await using var context = await fixture.ContextAsync(app, BrowserPages.Phone);
        var page = await context.NewPageAsync();
        await page.SignInAsync("xingfu");

        // 机构值守 from the menu leads the staff straight to their own institution.
        await page.Locator("label.nav-toggle-label").ClickAsync();
        await page.Locator("nav a[href='/Institutions/Records']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/Institutions/Records/{Xingfu}", StringComparison.Ordinal));
        await page.Locator(".inst-tabs a[href='#patrol']").ClickAsync();

        // The round: time and name are filled in; tick an area, type the finding, make it a hazard, save.
        var finding = "厨房燃气灶软管老化" + Guid.NewGuid().ToString("N")[..4];
        var form = page.Locator("#patrol-form");
        Assert.False(string.IsNullOrEmpty(await form.Locator("input[name=PatrolAt]").InputValueAsync()));
        Assert.False(string.IsNullOrEmpty(await form.Locator("input[name=PatrolledBy]").InputValueAsync()));
        await form.Locator("input[name=Areas][value='厨房']").CheckAsync();
        await form.Locator("textarea[name=Findings]").FillAsync(finding);
        await form.Locator("input[name=ToHazard]").CheckAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserPages.Phone.Width, $"the records page is {width}px wide on a 360px phone");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.Locator("#done-patrol, #patrol-error").First.WaitForAsync();
        Assert.Equal(0, await page.Locator("#patrol-error").CountAsync());
        Assert.Contains("done=patrol", page.Url, StringComparison.Ordinal);

        // Back in the log, with a link to its hazard.
        var entry = page.Locator("#patrol-log li", new() { HasText = finding });
        await entry.WaitForAsync();
        Assert.Contains("厨房", await entry.InnerTextAsync(), StringComparison.Ordinal);
        var link = entry.Locator("a.hazard-tag");
        Assert.Equal("已转为隐患", (await link.InnerTextAsync()).Trim());

        var stored = await WithDbAsync(app, db => db.InstitutionPatrols.AsNoTracking().SingleAsync(p => p.Findings == finding));
        Assert.Equal((Xingfu, false), (stored.OrgUnitCode, stored.AllClear));
        var hazard = await WithDbAsync(app, db => db.Hazards.AsNoTracking().SingleAsync(h => h.Id == stored.HazardId));
        Assert.Equal((Xingfu, (Guid?)null), (hazard.OrgUnitCode, hazard.TargetId));
        Assert.Equal($"/Hazards/Details/{hazard.Id}", await link.GetAttributeAsync("href"));
    }
}
