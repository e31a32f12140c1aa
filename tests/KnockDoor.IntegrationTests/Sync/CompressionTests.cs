using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests.Sync;

/// <summary>Brotli or gzip for the API's JSON and static files; none for office pages and sign-in.</summary>
public sealed class CompressionTests(Apps apps) : IClassFixture<Apps>
{
    private static HttpRequestMessage Get(string url, string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        return request;
    }

    [Theory, BothEngines]
    public async Task ApiJsonAndStaticFiles_AreCompressed_OfficePagesAreNot(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var worker = await app.SignInAsync("worker");

        using var sync = await worker.SendAsync(Get("/api/v1/sync", "br"));
        using var script = await worker.SendAsync(Get("/field/app.js", "gzip"));
        using var shell = await worker.SendAsync(Get("/field/", "br"));
        using var page = await worker.SendAsync(Get("/Targets", "br"));
        using var anonymous = app.Anonymous();
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new StringContent("{\"userName\":\"worker\",\"password\":\"Demo#2024\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        login.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var signIn = await anonymous.SendAsync(login);

        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal(["br"], sync.Content.Headers.ContentEncoding);
        await using (var stream = new BrotliStream(await sync.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            using var json = await JsonDocument.ParseAsync(stream);
            Assert.True(json.RootElement.GetProperty("full").GetBoolean());
        }
        Assert.Equal(["gzip"], script.Content.Headers.ContentEncoding);
        Assert.Equal(["br"], shell.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(page.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Empty(signIn.Content.Headers.ContentEncoding);
    }
}
