using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>
/// A member of the public, without an account, on a 360×740 phone, sends a lead from the poster's address and sees the
/// reference; the township officer then finds it among the township's leads.
/// </summary>
public sealed class LeadBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory, BothEngines]
    public async Task AMemberOfThePublic_OnAPhone_SendsALead_SeesTheReference_AndTheTownshipOfficerSeesIt(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        await using var publicContext = await fixture.ContextAsync(app, BrowserPages.Phone);
        var phone = await publicContext.NewPageAsync();
        await phone.GotoAsync($"/lead/{TestData.Ningxiang}");
        Assert.Contains("宁乡镇", await phone.Locator("#lead-form").InnerTextAsync(), StringComparison.Ordinal);
        var place = "宁乡镇广场东侧长椅 " + Guid.NewGuid().ToString("N")[..6];
        await phone.FillAsync("#Place", place);
        await phone.FillAsync("#Note", "一位老人穿得很少，在长椅上坐了一下午");
        await phone.FillAsync("#Phone", "13812345678");
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserPages.Phone.Width, $"the lead page is {width}px wide on a 360px phone");
        await phone.Locator("#lead-submit").ClickAsync();
        var reference = (await phone.Locator("#lead-reference").InnerTextAsync()).Trim();
        Assert.Matches("^XS[A-Z0-9]{8}$", reference);
        Assert.DoesNotContain(place, await phone.ContentAsync(), StringComparison.Ordinal);

        await using var officeContext = await fixture.ContextAsync(app, BrowserPages.Phone);
        var officer = await officeContext.NewPageAsync();
        await officer.SignInAsync("ningxiang");
        await officer.GotoAsync("/Patrols/Leads");
        var row = officer.Locator($"#leads tr[data-reference='{reference}']");
        Assert.Contains(place, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("138****5678", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("a").ClickAsync();
        await officer.Locator("#lead-phone").WaitForAsync();
        Assert.Equal("13812345678", (await officer.Locator("#lead-phone").InnerTextAsync()).Trim());
        await officer.FillAsync("#lead-move textarea[name=Note]", "已到现场，已送县救助站");
        await officer.Locator("#lead-close").ClickAsync();
        await officer.Locator("#lead-done").WaitForAsync();
        Assert.Equal("已办结", (await officer.Locator("#lead-status").InnerTextAsync()).Trim());
    }
}
