using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KnockDoor.IntegrationTests.Patrols;

/// <summary>
/// Apps for the patrol tests, one per engine, whose public lead page lets many posts through (the tests share one client
/// address): the limit itself is held by <see cref="LeadRateLimitTests"/> with an app of its own.
/// </summary>
public class PatrolApps : Apps
{
    protected virtual int PermitLimit => 10_000;

    protected virtual int GlobalPermitLimit => 10_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Leads:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Leads:WindowMinutes"] = "10",
        ["Leads:GlobalPermitLimit"] = GlobalPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Three leads per IP per ten minutes.</summary>
public sealed class LimitedLeadApps : PatrolApps
{
    public const int Limit = 3;

    protected override int PermitLimit => Limit;
}

/// <summary>Two leads per IP and five from everyone per ten minutes.</summary>
public sealed class CappedLeadApps : PatrolApps
{
    public const int Limit = 2;
    public const int Global = 5;

    protected override int PermitLimit => Limit;

    protected override int GlobalPermitLimit => Global;
}

internal static partial class PatrolTestKit
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==");

    /// <summary>A browser without an account: it keeps cookies (antiforgery) and does not follow redirects.</summary>
    public static HttpClient Browser(KdApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Opens the public lead page and posts its form as a phone would; returns the response and its HTML.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> PostLeadAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = OfficeForms.Antiforgery(page), ["FormId"] = FormId(page) };
        using var response = await browser.PostAsync(path, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The id the lead form was given when the page was opened.</summary>
    public static string FormId(string html)
    {
        var match = FormIdRegex().Match(html);
        Assert.True(match.Success, "the lead form has its id");
        return match.Groups[1].Value;
    }

    public static string? Reference(string html)
    {
        var match = ReferenceRegex().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static async Task<System.Text.Json.JsonElement> RecordPatrolAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/patrols", body);
        return await response.ExpectAsync(expected);
    }

    public static string Marker() => "标记" + Guid.NewGuid().ToString("N")[..10];

    [GeneratedRegex("name=\"FormId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex FormIdRegex();

    [GeneratedRegex("id=\"lead-reference\">(XS[A-Z0-9]{8})<")]
    private static partial Regex ReferenceRegex();
}
