using System.Net;
using System.Text.RegularExpressions;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>Office pages driven as a browser would post their forms, over a cookie-keeping HttpClient.</summary>
public static partial class OfficeForms
{
    /// <summary>The antiforgery token of a rendered page's form.</summary>
    public static string Antiforgery(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "the page has an antiforgery token");
        return match.Groups[1].Value;
    }

    /// <summary>Signs in through the login page's form (cookie authentication, as the office pages use).</summary>
    public static async Task SignInWithFormAsync(HttpClient browser, string userName)
    {
        var login = await browser.GetStringAsync("/Account/Login");
        using var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = KdApp.DemoPassword,
            ["__RequestVerificationToken"] = Antiforgery(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
