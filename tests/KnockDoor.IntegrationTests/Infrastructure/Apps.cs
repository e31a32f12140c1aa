namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>
/// One app per engine for a test class, started on first use, each on its own fresh database.
/// Tests share the app but never each other's rows: each test makes the data it looks at.
/// A derived fixture may give the apps settings of their own.
/// </summary>
public class Apps : IAsyncLifetime
{
    private readonly Dictionary<Engine, KdApp> _apps = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Settings over the tests' defaults for every app of this fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task<KdApp> GetAsync(Engine engine)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_apps.TryGetValue(engine, out var app))
            {
                app = new KdApp(await TestDatabase.CreateAsync(engine), settings: Settings);
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
