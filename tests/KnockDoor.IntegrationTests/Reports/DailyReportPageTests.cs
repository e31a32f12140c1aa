using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Infrastructure.OfficeForms;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>
/// The 每日报送 page's form posted as a browser without script posts it: errors next to the figure and nothing stored,
/// then a submission and a correction after the deadline (a new revision; the day stays on time).
/// </summary>
public sealed partial class DailyReportPageTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    private const string Reason = "一户拒绝入户未在手机上登记";

    [Theory, BothEngines]
    public async Task Form_BadCorrectionOrNumber_ShowsTheErrorAtTheFigure_StoresNothing_ThenRevisionsAreKeptAndTheDayStaysOnTime(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = ChinaTime.Today(app.Clock).AddDays(1);
        app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(14));
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInWithFormAsync(browser, "ningxiang");
        Task<int> StoredAsync() => WithDbAsync(app, db => db.DailyReports.CountAsync(r => r.OrgUnitCode == TestData.Ningxiang && r.Day == day));

        var page = await browser.GetStringAsync("/Reports/Daily");
        Assert.Contains("未报送", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Iso(day)}\"", page, StringComparison.Ordinal);

        // A correction without its reason: the message at that figure, what was typed kept, nothing stored.
        using (var bad = await PostAsync(browser, page, new()
        {
            ["fixToday.visits.nobodyHome"] = "2", ["reason.visits.nobodyHome"] = Reason, ["fixToday.visits.refused"] = "3",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Matches(FigureError("visits.refused", "更正系统统计的数字时，请写明更正原因"), html);
            Assert.Matches(new Regex("name=\"fixToday.visits.nobodyHome\" value=\"2\""), html);
            Assert.Matches(new Regex("name=\"fixToday.visits.refused\" value=\"3\""), html);
        }
        // Not a number (a browser without number inputs lets it through).
        using (var bad = await PostAsync(browser, page, new() { ["fixToday.visits.nobodyHome"] = "十二", ["reason.visits.nobodyHome"] = Reason }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Matches(FigureError("visits.nobodyHome", "统计数不能为负数，且应为整数"), await bad.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, await StoredAsync());

        // Submitted at 14:00: on time.
        using (var ok = await PostAsync(browser, page, new()
        {
            ["fixToday.visits.nobodyHome"] = "2", ["reason.visits.nobodyHome"] = Reason, ["fixToday.visits.refused"] = "3",
            ["reason.visits.refused"] = Reason, ["WorkDone"] = "入户走访",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.EndsWith("&done=1", ok.Headers.Location?.ToString(), StringComparison.Ordinal);
            var done = await browser.GetStringAsync(ok.Headers.Location);
            Assert.Contains("已报送：第 1 版", done, StringComparison.Ordinal);
            Assert.Contains("已按时报送 14:00", done, StringComparison.Ordinal);
            Assert.Contains(Reason, done, StringComparison.Ordinal);
        }

        // Corrected at 15:20: revision 2, both kept, the day still on time (it was in before 15:00).
        app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(15).AddMinutes(20));
        var link = $"/Reports/Daily?orgUnitCode={TestData.Ningxiang}&day={Iso(day)}";
        var edit = await browser.GetStringAsync(link + "&edit=true");
        // The form starts from the latest revision.
        Assert.Matches(new Regex("name=\"fixToday.visits.nobodyHome\" value=\"2\""), edit);
        Assert.Matches(new Regex($"name=\"reason.visits.refused\" value=\"{Reason}\""), edit);
        using (var again = await PostAsync(browser, edit, new() { ["fixToday.visits.nobodyHome"] = "5", ["reason.visits.nobodyHome"] = Reason }))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            var done = await browser.GetStringAsync(again.Headers.Location);
            Assert.Contains("已报送：第 2 版", done, StringComparison.Ordinal);
            Assert.Contains("已按时报送 14:00", done, StringComparison.Ordinal);
            Assert.Contains("最新为第 2 版（15:20 报送）", done, StringComparison.Ordinal);
        }
        var first = await browser.GetStringAsync(link + "&revision=1");
        Assert.Contains("第 1 版", first, StringComparison.Ordinal);
        Assert.Contains("已被新版本替代", first, StringComparison.Ordinal);

        var stored = await WithDbAsync(app, db => db.DailyReports.AsNoTracking().Where(r => r.OrgUnitCode == TestData.Ningxiang && r.Day == day)
            .OrderBy(r => r.Revision).ToListAsync());
        Assert.Equal([(1, true, false), (2, false, true)], stored.Select(r => (r.Revision, r.OnTime, r.IsLatest)));
        var latest = DailyReportService.ParseCells(stored[1].Figures).ToDictionary(c => c.Key);
        Assert.Equal(5m, latest["visits.nobodyHome"].Today);
        Assert.Equal(Reason, latest["visits.nobodyHome"].Reason);
        Assert.Null(latest["visits.refused"].Reason);
    }

    /// <summary>Posts the page's form with these fields (and its antiforgery token), as a browser without script.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, Dictionary<string, string> fields)
    {
        var day = DayField().Match(page).Groups[1].Value;
        fields["OrgUnitCode"] = TestData.Ningxiang;
        fields["Day"] = day;
        fields["__RequestVerificationToken"] = Antiforgery(page);
        return browser.PostAsync($"/Reports/Daily?orgUnitCode={TestData.Ningxiang}&day={day}", new FormUrlEncodedContent(fields));
    }

    /// <summary>The message inside the figure's row.</summary>
    private static Regex FigureError(string key, string message) =>
        new($"data-key=\"{Regex.Escape(key)}\">(?:(?!</tr>)[\\s\\S])*class=\"field-error\"[^>]*>{Regex.Escape(message)}");

    [GeneratedRegex("name=\"Day\" value=\"([0-9-]+)\"")]
    private static partial Regex DayField();

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
