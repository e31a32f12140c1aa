using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// The app on a real Kestrel port (one per engine, started on first use) and one headless Chromium:
/// the system's browser, so that nothing is downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly Dictionary<Engine, KdApp> _apps = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<KdApp> AppAsync(Engine engine)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_apps.TryGetValue(engine, out var app))
            {
                app = new KdApp(await TestDatabase.CreateAsync(engine), kestrel: true);
                try
                {
                    app.Start();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }
                _apps[engine] = app;
            }
            return app;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IBrowser> BrowserAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!File.Exists(ChromiumPath))
                {
                    throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath} (apt-get install chromium; ./test.sh does it).");
                }
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args =
                    [
                        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                    ],
                });
            }
            return _browser;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A fresh browser context (own cookies) on the app of the engine.</summary>
    public async Task<IBrowserContext> ContextAsync(KdApp app)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.RootUri.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }
        _apps.Clear();
        _lock.Dispose();
    }
}
