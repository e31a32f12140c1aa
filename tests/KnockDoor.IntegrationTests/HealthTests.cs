using System.Net;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests;

public sealed class HealthTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task Healthz_DatabaseReachable_Returns200(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Theory, BothEngines]
    public async Task OpenApi_Anonymous_ServesDocumentListingTargets(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/openapi/v1.json");
        var doc = await response.ExpectAsync(HttpStatusCode.OK);

        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/targets", out _), "the document lists /api/v1/targets");
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _), "the document lists /api/v1/auth/login");
    }

    [Theory, BothEngines]
    public async Task Api_WithoutToken_Returns401Problem(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/api/v1/targets");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Theory, BothEngines]
    public async Task DemoSeed_UsesConfiguredEngineAndSize(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.GetAsync("/api/v1/targets?pageSize=1&q=演示");
        var page = await response.ExpectAsync(HttpStatusCode.OK);

        // The synthetic people all live at addresses naming their 演示 village or institution.
        Assert.InRange(page.GetProperty("total").GetInt32(), 1, KdApp.DemoTargets);
        var info = app.Services.GetService(typeof(KnockDoor.Web.Infrastructure.DatabaseInfo)) as KnockDoor.Web.Infrastructure.DatabaseInfo;
        Assert.NotNull(info);
        Assert.Equal(engine == Engine.Sqlite ? KnockDoor.Web.Infrastructure.DatabaseProvider.Sqlite : KnockDoor.Web.Infrastructure.DatabaseProvider.Postgres, info.Provider);
        Assert.Equal(app.Database.ConnectionString, info.ConnectionString);
    }
}
