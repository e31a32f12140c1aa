using Microsoft.Extensions.Time.Testing;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// Apps whose clocks the tests move (forward only), one per engine and server time zone, for a test class of its own:
/// the shared clock of <see cref="Apps"/> must stay still. The zone is the server's local one, which the code under
/// test must ignore (China time is always Asia/Shanghai).
/// </summary>
public sealed class ClockedApps : IAsyncLifetime
{
    private readonly Dictionary<(Engine, string), KdApp> _apps = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<KdApp> GetAsync(Engine engine, string zone = "UTC")
    {
        await _lock.WaitAsync();
        try
        {
            if (!_apps.TryGetValue((engine, zone), out var app))
            {
                var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById(zone));
                app = new KdApp(await TestDatabase.CreateAsync(engine), clock: clock);
                try
                {
                    app.Start();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }
                _apps[(engine, zone)] = app;
            }
            return app;
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }
        _apps.Clear();
        _lock.Dispose();
    }
}
