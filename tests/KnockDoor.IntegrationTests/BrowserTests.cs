using System.Net.Http.Json;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests;

/// <summary>The office pages in a real browser against the app on a real port.</summary>
public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.Locator("form:has(#UserName) button[type=submit]").ClickAsync();
    }

    private static async Task OpenRegistryPageAsync(IPage page)
    {
        IResponse? response;
        try
        {
            response = await page.GotoAsync("/Targets");
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException("GET /Targets failed: the registry page (/Targets) is missing or broken. " + e.Message, e);
        }
        Assert.True(response is { Ok: true }, $"GET /Targets answered {response?.Status}: the registry page is missing or broken");
    }

    [Theory, BothEngines]
    public async Task Login_Admin_LandsOnHomePageSignedIn(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        await using var context = await fixture.ContextAsync(app);
        var page = await context.NewPageAsync();

        await SignInAsync(page, "admin", KdApp.DemoPassword);
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));

        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        Assert.Contains("中阳县", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("刘瑞军（演示）", await page.Locator("nav").InnerTextAsync());
    }

    [Theory, BothEngines]
    public async Task Login_WrongPassword_ShowsErrorAndStaysOnLoginPage(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var userName = TestData.UserName("b");
        using (var admin = await app.SignInAsync("admin"))
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/accounts", new
            {
                userName,
                displayName = "浏览器测试",
                role = "worker",
                orgUnitCode = TestData.Ningxiang,
                password = TestData.AccountPassword,
            });
            await created.ExpectAsync(System.Net.HttpStatusCode.Created);
        }
        await using var context = await fixture.ContextAsync(app);
        var page = await context.NewPageAsync();

        await SignInAsync(page, userName, "Wrong#2024x");
        var alert = page.Locator("[role=alert]");
        await alert.WaitForAsync();

        Assert.Contains("用户名或密码错误", await alert.InnerTextAsync());
        Assert.Contains("/Account/Login", page.Url, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, BothEngines]
    public async Task Targets_SearchByName_ShowsPersonWithMaskedIdNumber(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var api = await app.SignInAsync("admin");
        var name = TestData.Name();
        var id = TestData.IdNumber(checkDigit: 'X');
        await api.CreateTargetAsync(TestData.Target(TestData.JinluoVillage, idNumber: id, name: name));
        await using var context = await fixture.ContextAsync(app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "admin", KdApp.DemoPassword);
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));

        await OpenRegistryPageAsync(page);
        var search = page.Locator("input[name=q]");
        await search.FillAsync(name);
        await search.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        var table = page.Locator("table#targets");
        await table.WaitForAsync();
        var text = await table.InnerTextAsync();

        Assert.Contains(name, text);
        Assert.Contains(id[..4] + "**********" + id[14..], text);
        Assert.DoesNotContain(id, text);
        Assert.DoesNotContain(id[4..14], text);
    }
}
