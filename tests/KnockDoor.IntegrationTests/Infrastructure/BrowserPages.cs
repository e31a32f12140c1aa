using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>Steps the office-page browser tests share.</summary>
public static class BrowserPages
{
    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>A fresh context (own cookies) of the given screen size on the app.</summary>
    public static async Task<IBrowserContext> ContextAsync(this BrowserFixture fixture, KdApp app, ViewportSize viewport)
    {
        var browser = await fixture.BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.RootUri.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = viewport,
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    /// <summary>Signs in on the login page and waits until the app has let the browser in.</summary>
    public static async Task SignInAsync(this IPage page, string userName, string password = KdApp.DemoPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.Locator("form:has(#UserName) button[type=submit]").ClickAsync();
        // Password hashing can be slow on a busy machine.
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase),
            new PageWaitForURLOptions { Timeout = 60_000 });
    }

    /// <summary>Counts the requests of the page with the given method whose path starts with the prefix.</summary>
    public static Func<int> CountRequests(this IPage page, string method, string pathPrefix)
    {
        var count = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == method && new Uri(request.Url).AbsolutePath.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref count);
            }
        };
        return () => Volatile.Read(ref count);
    }
}
