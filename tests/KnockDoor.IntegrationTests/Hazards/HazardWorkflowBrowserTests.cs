using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Hazards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>
/// A hazard's whole way down to zero in real browsers: the township officer assigns it on a PC, the field worker
/// reports it fixed with a photo on a phone, the officer verifies it, and the pending count on the chart drops by one.
/// </summary>
public sealed class HazardWorkflowBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A 2×2 PNG, as a phone's "after" photo stands in.</summary>
    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==");

    [Theory, BothEngines]
    public async Task OfficerAssigns_WorkerReportsFixedWithAPhoto_OfficerVerifies_ThePendingCountOnTheChartDrops(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        var campaign = await HazardTrendTests.NewCampaignAsync(app, today.AddDays(-5));
        var village = await HazardTrendTests.PathOfAsync(app, TestData.NingxiangVillage);
        var hazard = await HazardTrendTests.SeedAsync(app, campaign, TestData.NingxiangVillage, village, HazardStatus.Open, today.AddDays(-2));
        await HazardTrendTests.SeedAsync(app, campaign, TestData.NingxiangVillage, village, HazardStatus.Open, today.AddDays(-1));
        var trend = $"/Hazards/Trend?orgUnitCode={TestData.Ningxiang}&campaignId={campaign}";

        await using var officerContext = await fixture.ContextAsync(app, BrowserPages.Desktop);
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("ningxiang");
        await officer.GotoAsync(trend);
        Assert.Equal(2, await PendingAsync(officer));

        // The officer assigns it to the demo worker, due in two days.
        await officer.GotoAsync($"/Hazards/Details/{hazard}");
        var assign = officer.Locator("#form-Assign");
        var worker = await HazardKit.UserIdAsync(app, "worker");
        await assign.Locator("select[name=AssigneeId]").SelectOptionAsync(worker.ToString());
        await assign.Locator("input[name=Deadline]").FillAsync(today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await assign.Locator("button[type=submit]").ClickAsync();
        await officer.Locator("h1 .tag", new PageLocatorOptions { HasTextString = HazardNames.Status(HazardStatus.Assigned) }).WaitForAsync();
        Assert.Equal(HazardStatus.Assigned, await StatusAsync(app, hazard));

        // The worker, on a phone, finds it in their ledger and reports it fixed with a photo.
        await using var workerContext = await fixture.ContextAsync(app, BrowserPages.Phone);
        var phone = await workerContext.NewPageAsync();
        await phone.SignInAsync("worker");
        await phone.GotoAsync($"/Hazards?campaignId={campaign}");
        await phone.Locator($"a[href='/Hazards/Details/{hazard}']").First.ClickAsync();
        var report = phone.Locator("#form-ReportFix");
        await report.Locator("textarea[name=Note]").FillAsync("已更换燃气软管并加装卡箍");
        await report.Locator("input.fix-photo").SetInputFilesAsync(new FilePayload { Name = "after.png", MimeType = "image/png", Buffer = Photo });
        await report.Locator("input[name=PhotoIds]:checked").WaitForAsync();
        await report.Locator("button[type=submit]").ClickAsync();
        await phone.Locator("h1 .tag", new PageLocatorOptions { HasTextString = HazardNames.Status(HazardStatus.ReportedFixed) }).WaitForAsync();
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserPages.Phone.Width, $"the hazard page is {width}px wide on a 360px phone");

        // The officer verifies it and closes it (销号); the chart now counts one pending hazard fewer.
        await officer.GotoAsync($"/Hazards/Details/{hazard}");
        Assert.Equal(1, await officer.Locator("#photos img").CountAsync());
        await officer.Locator("#form-Verify button[type=submit]").ClickAsync();
        await officer.Locator("h1 .tag", new PageLocatorOptions { HasTextString = HazardNames.Status(HazardStatus.Closed) }).WaitForAsync();
        await officer.GotoAsync(trend);
        Assert.Equal(1, await PendingAsync(officer));

        var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().FirstAsync(h => h.Id == hazard));
        Assert.Equal((HazardStatus.Closed, today), (stored.Status, stored.ClosedDay));
        var events = await WithDbAsync(app, db => db.HazardEvents.AsNoTracking().Where(e => e.HazardId == hazard).OrderBy(e => e.Version)
            .Select(e => e.Action).ToListAsync());
        Assert.Equal(new[] { HazardAction.Assign, HazardAction.ReportFix, HazardAction.Verify }, events);
    }

    private static async Task<int> PendingAsync(IPage page) =>
        int.Parse(await page.Locator("[data-pending]").First.GetAttributeAsync("data-pending") ?? "-1", CultureInfo.InvariantCulture);

    private static Task<HazardStatus> StatusAsync(KdApp app, Guid hazard) =>
        WithDbAsync(app, db => db.Hazards.AsNoTracking().Where(h => h.Id == hazard).Select(h => h.Status).FirstAsync());
}
