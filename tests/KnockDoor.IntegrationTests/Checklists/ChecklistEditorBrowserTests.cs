using System.Net;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Checklists;

/// <summary>
/// The checklist editor in a browser: the county office sets and clears 必填 per header field when it publishes a
/// new version. Its own app: publishing changes the current household checklist for everyone on it.
/// </summary>
public sealed class ChecklistEditorBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static ILocator Required(IPage page, string key) => page.Locator($"#header-fields input[name=RequiredHeader][value={key}]");

    [Theory, BothEngines]
    public async Task Publish_RequiredTickedAndCleared_NewVersionCarriesTheFlags(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var before = await (await admin.GetAsync("/api/v1/checklists/household/current")).ExpectAsync(HttpStatusCode.OK);
        await using var context = await fixture.ContextAsync(app, BrowserPages.Phone);
        var page = await context.NewPageAsync();
        await page.SignInAsync("admin");
        await page.GotoAsync("/Checklists/Edit?kind=household");

        // Version 1: 检查地点(对象)名称 and 地址 are required, 联系电话 is not.
        Assert.True(await Required(page, "placeName").IsCheckedAsync());
        Assert.True(await Required(page, "address").IsCheckedAsync());
        Assert.False(await Required(page, "contactPhone").IsCheckedAsync());
        Assert.Contains("联系电话", await page.Locator("#header-fields label:has(input[value=contactPhone])").InnerTextAsync(), StringComparison.Ordinal);

        await Required(page, "contactPhone").CheckAsync();
        await Required(page, "address").UncheckAsync();
        await page.Locator("input[name=ChangeNote]").FillAsync("联系电话必填，地址选填");
        await page.Locator("#template-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Checklists");

        Assert.Contains("已发布第", await page.Locator(".alert.ok").InnerTextAsync(), StringComparison.Ordinal);
        var labels = page.Locator("#header-labels");
        Assert.Equal(2, await labels.Locator(".req").CountAsync());
        var current = await (await admin.GetAsync("/api/v1/checklists/household/current")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, current.GetProperty("version").GetInt32());
        var required = current.GetProperty("definition").GetProperty("header").EnumerateArray()
            .Where(f => f.GetProperty("required").GetBoolean()).Select(f => f.Str("key")).ToHashSet();
        Assert.True(required.SetEquals(["placeName", "contactPhone"]), string.Join(",", required));
        // The items went through unchanged.
        Assert.Equal(before.GetProperty("definition").GetProperty("sections").GetRawText(),
            current.GetProperty("definition").GetProperty("sections").GetRawText());
        var old = await (await admin.GetAsync($"/api/v1/checklists/templates/{before.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(old.GetProperty("definition").GetProperty("header").EnumerateArray()
            .Single(f => f.Str("key") == "address").GetProperty("required").GetBoolean());
    }
}
