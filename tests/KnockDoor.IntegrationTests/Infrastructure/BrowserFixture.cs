using KnockDoor.Core.Common;
using Microsoft.Extensions.Time.Testing;
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
    private readonly Dictionary<Engine, KdApp> _clockedApps = [];
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

    /// <summary>
    /// An app of its own (one per engine) whose clock stands still at 10:00 China time: today's if it is not yet 13:00 in
    /// China, else tomorrow's, so that what the test does happens before the 15:00 deadline of the daily report.
    /// </summary>
    public async Task<KdApp> MorningAppAsync(Engine engine)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_clockedApps.TryGetValue(engine, out var app))
            {
                var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                var day = ChinaTime.DayOf(now);
                var at = now < ChinaTime.StartOf(day).AddHours(13) ? now : ChinaTime.StartOf(day.AddDays(1)).AddHours(10);
                app = new KdApp(await TestDatabase.CreateAsync(engine), kestrel: true, clock: new FakeTimeProvider(at));
                try
                {
                    app.Start();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }
                _clockedApps[engine] = app;
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
        foreach (var app in _apps.Values.Concat(_clockedApps.Values))
        {
            await app.DisposeAsync();
        }
        _apps.Clear();
        _clockedApps.Clear();
        _lock.Dispose();
    }
}
