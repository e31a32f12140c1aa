using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>
/// The county table for download (GET /api/v1/reports/daily/table.xlsx and table.pdf): two units of a freshly seeded
/// township report through the API at 10:00 China time, the files are read back (the xlsx with the Open XML SDK, the PDF with PdfPig);
/// who may download, the day checks, and the audit row.
/// </summary>
public sealed class CountyTableExportTests(ClockedApps apps) : IClassFixture<ClockedApps>
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A sheet as rows of cell values (text or decimal) by 1-based column, keyed by row number.</summary>
    private static Dictionary<string, SortedDictionary<int, Dictionary<int, object>>> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList();
        var sheets = new Dictionary<string, SortedDictionary<int, Dictionary<int, object>>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var rows = new SortedDictionary<int, Dictionary<int, object>>();
            foreach (var cell in ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>().Where(c => c.CellValue is not null))
            {
                var reference = cell.CellReference!.Value!;
                var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
                var column = letters.Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1);
                var row = int.Parse(reference[letters.Length..], CultureInfo.InvariantCulture);
                object value = cell.DataType?.Value == CellValues.SharedString
                    ? strings[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : decimal.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
                if (!rows.TryGetValue(row, out var cells))
                {
                    rows[row] = cells = [];
                }
                cells[column] = value;
            }
            sheets[sheet.Name!] = rows;
        }
        return sheets;
    }

    /// <summary>A new day at 10:00 China time, so that the reports are on time (the clock only moves forward; sign in after it).</summary>
    private static DateOnly NewDay(KdApp app)
    {
        var day = ChinaTime.Today(app.Clock).AddDays(1);
        app.Clock.SetUtcNow(ChinaTime.StartOf(day).AddHours(10));
        return day;
    }

    private static async Task<(DailyReportKit.Place Place, string TownshipName)> SeedAndSubmitAsync(KdApp app, HttpClient admin, DateOnly day)
    {
        var place = await DailyReportKit.SeedAsync(app, day);
        var townshipName = await WithDbAsync(app, db => db.OrgUnits.Where(o => o.Code == place.Township).Select(o => o.Name).FirstAsync());
        using (var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new
        {
            orgUnitCode = place.Township,
            day = Iso(day),
            corrections = new[]
            {
                new { key = DailyFigures.CareActivities, today = 7, cumulative = (int?)7, reason = "社会组织活动登记在纸质台账" },
                new { key = DailyFigures.MealsDelivered, today = 12, cumulative = (int?)12, reason = "送餐登记在纸质台账" },
                new { key = DailyFigures.StaffDeployed, today = 9, cumulative = (int?)null, reason = "村干部也参加了走访" },
            },
        }))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        using (var r = await admin.PostAsJsonAsync("/api/v1/reports/daily", new
        {
            orgUnitCode = place.Institution,
            day = Iso(day),
            corrections = new[]
            {
                new { key = DailyFigures.Residents, today = 31, reason = "在院人数登记在纸质台账" },
                new { key = DailyFigures.PatrolRounds, today = 6, reason = "巡查登记在纸质台账" },
            },
        }))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        return (place, townshipName);
    }

    [Theory, BothEngines]
    public async Task TableXlsx_HasTheSubmittedFigures_AndTheTotalIsTheSumOfTheRows(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = NewDay(app);
        using var admin = await app.SignInAsync("admin");
        var (_, townshipName) = await SeedAndSubmitAsync(app, admin, day);

        using var response = await admin.GetAsync($"/api/v1/reports/daily/table.xlsx?day={Iso(day)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CountyTableXlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"中阳县每日统计汇总表_{Iso(day)}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var sheets = ReadXlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["乡镇", "机构"], sheets.Keys);

        var townships = sheets["乡镇"];
        Assert.StartsWith("中阳县", (string)townships[1][1], StringComparison.Ordinal);
        Assert.EndsWith("每日统计汇总表", (string)townships[1][1], StringComparison.Ordinal);
        Assert.Contains($"{day.Year}年{day.Month}月{day.Day}日", (string)townships[2][1], StringComparison.Ordinal);
        int Column(SortedDictionary<int, Dictionary<int, object>> sheet, string label) =>
            sheet[CountyTableXlsx.HeaderRow].Single(c => Equals(c.Value, label)).Key;
        var row = townships.Values.Single(r => Equals(r.GetValueOrDefault(2), townshipName));
        Assert.Equal("按时", row[Column(townships, "报送情况")]);
        var care = Column(townships, "关爱活动（次）");
        Assert.Equal(7m, row[care]);
        Assert.Equal(7m, row[care + 1]);
        Assert.Equal(12m, row[Column(townships, "送餐上门（份）")]);
        var staff = Column(townships, "出动人员（人）");
        Assert.Equal(9m, row[staff]);      // corrected
        Assert.Equal(4m, row[staff + 1]);  // the computed cumulative, kept
        var found = Column(townships, "发现隐患");
        Assert.Equal((4m, 8m), (row[found], row[found + 1]));
        Assert.Equal(50m, row[Column(townships, "走访覆盖率（%）")]);

        var institutions = sheets["机构"];
        var inst = institutions.Values.Single(r => Equals(r.GetValueOrDefault(3), townshipName));
        Assert.Equal("日报测试敬老院", inst[2]);
        Assert.Equal(31m, inst[Column(institutions, "在院人数")]);
        Assert.Equal(6m, inst[Column(institutions, "巡查（次）")]);
        Assert.Equal((1m, 1m), (inst[Column(institutions, "发现隐患")], inst[Column(institutions, "发现隐患") + 1]));

        // The 合计 row is the last, and each of its numbers (coverage aside) is the sum of the rows above it.
        foreach (var sheet in new[] { townships, institutions })
        {
            var total = sheet.Values.Last();
            Assert.Equal("合计", total[2]);
            var units = sheet.Where(kv => kv.Key >= CountyTableXlsx.FirstDataRow && kv.Value != total).Select(kv => kv.Value).ToList();
            Assert.NotEmpty(units);
            var coverage = sheet[CountyTableXlsx.HeaderRow].Where(c => Equals(c.Value, "走访覆盖率（%）")).Select(c => c.Key).ToList();
            var numeric = total.Keys.Where(c => c > 4 && !coverage.Contains(c) && !coverage.Contains(c - 1)).ToList();
            Assert.NotEmpty(numeric);
            foreach (var c in numeric)
            {
                Assert.Equal(units.Sum(u => u.GetValueOrDefault(c) as decimal? ?? 0), total[c]);
            }
        }
    }

    [Theory, BothEngines]
    public async Task TablePdf_HasTheUnitsAndTheTotal(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var day = NewDay(app);
        using var admin = await app.SignInAsync("admin");
        var (_, townshipName) = await SeedAndSubmitAsync(app, admin, day);

        using var response = await admin.GetAsync($"/api/v1/reports/daily/table.pdf?day={Iso(day)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"中阳县每日统计汇总表_{Iso(day)}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("中阳县", text, StringComparison.Ordinal);
        Assert.Contains("每日统计汇总表", text, StringComparison.Ordinal);
        Assert.Contains(townshipName, text, StringComparison.Ordinal);
        Assert.Contains("宁乡镇", text, StringComparison.Ordinal);
        Assert.Contains("日报测试敬老院", text, StringComparison.Ordinal);
        Assert.Contains("合计", text, StringComparison.Ordinal);
        Assert.Contains("按时", text, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task Table_TownshipOfficerAndInstitutionStaff_Get403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        foreach (var user in new[] { "ningxiang", "xingfu" })
        {
            using var client = await app.SignInAsync(user);
            foreach (var file in new[] { "table.xlsx", "table.pdf" })
            {
                using var response = await client.GetAsync($"/api/v1/reports/daily/{file}");
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
    }

    [Theory, BothEngines]
    public async Task Table_DayInTheFutureOrBeforeTheCampaign_Is400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var today = ChinaTime.Today(app.Clock);
        var start = await WithDbAsync(app, db => db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
            .ThenByDescending(c => c.MobilisationStart).Select(c => c.MobilisationStart).FirstAsync());

        using (var response = await admin.GetAsync($"/api/v1/reports/daily/table.xlsx?day={Iso(today.AddDays(1))}"))
        {
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "report.day_in_future");
        }
        using (var response = await admin.GetAsync($"/api/v1/reports/daily/table.pdf?day={Iso(start.AddDays(-1))}"))
        {
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "report.day_before_campaign");
        }
        // No day: today in China time.
        using (var response = await admin.GetAsync("/api/v1/reports/daily/table.xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"中阳县每日统计汇总表_{Iso(today)}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        }
    }

    [Theory, BothEngines]
    public async Task Table_EachExport_IsAudited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var day = ChinaTime.Today(app.Clock);
        var campaign = await WithDbAsync(app, db => db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
            .ThenByDescending(c => c.MobilisationStart).Select(c => c.Id).FirstAsync());
        var entityId = $"{campaign}:{Iso(day)}";
        var before = (await admin.AuditAsync(entityId, "export")).Count;

        foreach (var file in new[] { "table.xlsx", "table.pdf" })
        {
            using var response = await admin.GetAsync($"/api/v1/reports/daily/{file}?day={Iso(day)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var audit = await admin.AuditAsync(entityId, "export");
        Assert.Equal(before + 2, audit.Count);
        Assert.All(audit, a => Assert.Equal("daily-report-table", a.Str("entityType")));
        Assert.Contains(audit, a => a.GetProperty("details").GetString()!.Contains("\"xlsx\"", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.GetProperty("details").GetString()!.Contains("\"pdf\"", StringComparison.Ordinal));
    }
}
