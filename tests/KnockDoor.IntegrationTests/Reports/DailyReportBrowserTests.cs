using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>
/// The daily report in real browsers: a township officer on a phone fills and submits it (a typed figure, a computed
/// one corrected with a reason) before 15:00, and the county office sees the township on time in the matrix and its
/// row in the county table. The app's clock stands at 10:00 China time.
/// </summary>
public sealed class DailyReportBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory, BothEngines]
    public async Task OfficerOnAPhone_TypesAndCorrectsAFigure_Submits_TheOfficeSeesTheTownshipOnTimeInTheMatrixAndTheTable(Engine engine)
    {
        var app = await fixture.MorningAppAsync(engine);
        var today = ChinaTime.Today(app.Clock);
        var iso = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The officer, on a 360 px phone, opens 每日报送 from the menu.
        await using var phoneContext = await fixture.ContextAsync(app, BrowserPages.Phone);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("ningxiang");
        await phone.Locator("label.nav-toggle-label").ClickAsync();
        await phone.Locator("nav a[href='/Reports/Daily']").ClickAsync();
        await phone.Locator("#daily-form").WaitForAsync();
        Assert.Contains("未报送", await phone.Locator("#daily-status").InnerTextAsync(), StringComparison.Ordinal);
        var computedRefused = decimal.Parse(await phone.Locator("tr[data-key='visits.refused'] td.today output").InnerTextAsync(), CultureInfo.InvariantCulture);

        // A computed figure corrected, with the reason.
        var refused = phone.Locator("tr[data-key='visits.refused']");
        await refused.Locator("summary").ClickAsync();
        await refused.Locator("input[name='fixToday.visits.refused']").FillAsync((computedRefused + 2).ToString(CultureInfo.InvariantCulture));
        await refused.Locator("input[name='reason.visits.refused']").FillAsync("两户拒绝入户未在手机上登记");
        await phone.Locator("textarea[name=WorkDone]").FillAsync("全镇入户走访，发放宣传资料");
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserPages.Phone.Width, $"the report form is {width}px wide on a 360px phone");
        await phone.Locator("#daily-submit").ClickAsync();

        var done = phone.Locator("#daily-done");
        await done.WaitForAsync();
        Assert.Contains("已报送", await done.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("已按时报送", await phone.Locator("#daily-status").InnerTextAsync(), StringComparison.Ordinal);
        // The submitted view shows the computed and the corrected value.
        Assert.Contains("两户拒绝入户未在手机上登记", await phone.Locator("#daily-submitted tr[data-key='visits.refused']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await phone.Locator("#daily-revisions tbody tr").CountAsync());
        width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserPages.Phone.Width, $"the submitted report is {width}px wide on a 360px phone");

        var stored = await WithDbAsync(app, db => db.DailyReports.AsNoTracking().SingleAsync(r => r.OrgUnitCode == TestData.Ningxiang && r.Day == today));
        Assert.Equal((1, true), (stored.Revision, stored.OnTime));
        var cells = DailyReportService.ParseCells(stored.Figures).ToDictionary(c => c.Key);
        Assert.Equal((computedRefused + 2, computedRefused, "两户拒绝入户未在手机上登记"),
            (cells["visits.refused"].Today, cells["visits.refused"].ComputedToday, cells["visits.refused"].Reason));

        // The county office, on a PC: the township on time in today's column of the matrix, and its row in the table.
        await using var officeContext = await fixture.ContextAsync(app, BrowserPages.Desktop);
        var office = await officeContext.NewPageAsync();
        await office.SignInAsync("admin");
        await office.GotoAsync($"/Reports?from={iso}&to={iso}");
        var cell = office.Locator($"#report-matrix tr[data-code='{TestData.Ningxiang}'] td[data-day='{iso}']");
        Assert.Equal("按", (await cell.InnerTextAsync()).Trim());
        Assert.Contains("ontime", await cell.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal("未", (await office.Locator($"#report-matrix tr[data-code='{TestData.Jinluo}'] td[data-day='{iso}']").InnerTextAsync()).Trim());
        Assert.Equal(1, await office.Locator($"#missing-list tr[data-code='{TestData.Jinluo}']").CountAsync());
        Assert.Equal(0, await office.Locator($"#missing-list tr[data-code='{TestData.Ningxiang}']").CountAsync());

        await office.GotoAsync($"/Reports/Table?day={iso}");
        var row = office.Locator($"#table-townships tr#u-{TestData.Ningxiang}");
        Assert.Contains("按时", await row.Locator("td.state").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal((computedRefused + 2).ToString(CultureInfo.InvariantCulture),
            (await row.Locator("td[data-key='visits.refused'][data-col='today']").InnerTextAsync()).Trim());
        Assert.Equal("未报", (await office.Locator($"#table-townships tr#u-{TestData.Jinluo} td.state").InnerTextAsync()).Trim());
        // The townships' other duties so far are drawn as a chart too.
        await office.Locator("#duties-chart canvas").WaitForAsync();
    }
}
