using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Printing;
using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// The county table of a day for download: xlsx in the familiar layout, PDF for printing. The caller's county only
/// (the table has every township and institution of it, so only the county office and leader hold DailyReportsView);
/// the day defaults to today in the campaign's zone and is checked as the draft's is. Each file is written to a
/// temporary file first, so that a failure is an error response, not half a download; each export is audited with
/// the day and the row count.
/// </summary>
public static class CountyTableExport
{
    public static void MapCountyTableExport(this RouteGroupBuilder group)
    {
        group.MapGet("/table.xlsx", (HttpContext http, CountyTableService tables, AppDbContext db, AuditLog audit, TimeProvider clock, DateOnly? day, CancellationToken ct) =>
            ExportAsync(http, tables, db, audit, clock, day, "xlsx", CountyTableXlsx.ContentType, CountyTableXlsx.FileName,
                (table, file) => CountyTableXlsx.WriteAsync(table, file, ct), ct))
            .RequirePermission(Permission.DailyReportsView)
            .WithSummary("导出全县某天（默认今天）的每日统计汇总表（Excel：乡镇、机构各一页，两级表头，含合计行）");

        group.MapGet("/table.pdf", (HttpContext http, CountyTableService tables, AppDbContext db, AuditLog audit, TimeProvider clock, PdfFonts fonts, DateOnly? day, CancellationToken ct) =>
            ExportAsync(http, tables, db, audit, clock, day, "pdf", PrintingEndpoints.PdfContentType, CountyTablePdf.FileName,
                (table, file) => CountyTablePdf.WriteAsync(table, fonts, file, ct), ct))
            .RequirePermission(Permission.DailyReportsView)
            .WithSummary("打印全县某天（默认今天）的每日统计汇总表（PDF，A4 横向，表头每页重复）");
    }

    private static async Task<IResult> ExportAsync(HttpContext http, CountyTableService tables, AppDbContext db, AuditLog audit, TimeProvider clock,
        DateOnly? day, string format, string contentType, Func<CountyTable, string> fileName, Func<CountyTable, Stream, Task> write, CancellationToken ct)
    {
        var user = http.RequireUser();
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);
        var d = CheckDay(campaign, day, clock);
        var table = await tables.BuildAsync(user.CountyCode, d, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            await write(table, file);
            audit.Add(user, AuditActions.Export, "daily-report-table", $"{table.CampaignId}:{table.Day:yyyy-MM-dd}", user.CountyCode,
                details: AuditLog.Snapshot(new
                {
                    Format = format,
                    Campaign = table.CampaignId,
                    table.Day,
                    Townships = table.Townships.Rows.Count,
                    Institutions = table.Institutions.Rows.Count,
                    table.OnTime,
                    table.Late,
                    table.Missing,
                }));
            await db.SaveChangesAsync(ct);
            file.Position = 0;
            // The Chinese name travels as filename* (RFC 6266 / 5987); ASP.NET Core writes both forms.
            return TypedResults.File(file, contentType, fileName(table));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The day asked for, or today in the campaign's zone: not after today, not before the campaign (as the draft checks it).</summary>
    private static DateOnly CheckDay(Campaign campaign, DateOnly? day, TimeProvider clock)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var d = day ?? today;
        if (d > today)
        {
            throw new AppProblemException(Problems.ReportDayInFuture);
        }
        if (d < campaign.MobilisationStart)
        {
            throw new AppProblemException(Problems.ReportDayBeforeCampaign);
        }
        return d;
    }
}
