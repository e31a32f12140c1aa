using System.Net;
using System.Text;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Patrols.PatrolTestKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>
/// The lead limit is per client address, under a cap for everyone: posts sent from given addresses (two per address, five
/// in all), through the test server with the connection's remote address set.
/// </summary>
public sealed class LeadAddressLimitTests(CappedLeadApps apps) : IClassFixture<CappedLeadApps>
{
    [Theory, BothEngines]
    public async Task Lead_EachAddressHasItsOwnLimit_AndAllTogetherAreCapped(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        // One visitor's antiforgery cookie and token (they are not bound to the address).
        using var browser = Browser(app);
        using var opened = await browser.GetAsync($"/lead/{TestData.Ningxiang}");
        var page = await opened.Content.ReadAsStringAsync();
        var token = OfficeForms.Antiforgery(page);
        var cookie = string.Join("; ", opened.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var marker = Marker();

        async Task<int> PostFromAsync(string address, int n)
        {
            var body = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&FormId={Guid.NewGuid()}&Place={Uri.EscapeDataString($"{marker}-{address}-{n}")}";
            var context = await app.Server.SendAsync(c =>
            {
                c.Request.Method = HttpMethods.Post;
                c.Request.Path = $"/lead/{TestData.Ningxiang}";
                c.Request.Headers.Cookie = cookie;
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
                c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            });
            return context.Response.StatusCode;
        }

        // Per address: two, then 429.
        var first = new List<int> { await PostFromAsync("10.0.0.1", 1), await PostFromAsync("10.0.0.1", 2), await PostFromAsync("10.0.0.1", 3) };
        Assert.Equal([200, 200, 429], first);
        // Another address has its own two.
        var second = new List<int> { await PostFromAsync("10.0.0.2", 1), await PostFromAsync("10.0.0.2", 2) };
        Assert.Equal([200, 200], second);
        // The fifth lead of all is the last: a new address gets one, the next address none.
        Assert.Equal(200, await PostFromAsync("10.0.0.3", 1));
        Assert.Equal(429, await PostFromAsync("10.0.0.4", 1));
        Assert.Equal(CappedLeadApps.Global, await WithDbAsync(app, db => db.PublicLeads.CountAsync(l => l.Place.StartsWith(marker))));
    }
}
