using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Reports;

public static class DailyReportEndpoints
{
    public static IServiceCollection AddDailyReports(this IServiceCollection services)
    {
        services.AddScoped<DailyReportCalculator>();
        services.AddScoped<DailyReportService>();
        services.AddScoped<CountyTableService>();
        return services;
    }

    public static void MapDailyReportApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reports/daily").WithTags("每日报送");

        group.MapGet("", (HttpContext http, DailyReportService reports, string? orgUnitCode, DateOnly? day, CancellationToken ct) =>
            reports.GetDraftAsync(http.RequireUser(), orgUnitCode, day, ct))
            .RequirePermission(Permission.DailyReportsSubmit)
            .WithSummary("每日报送：某乡镇或机构某天（默认今天）由记录算出的统计表（当日和累计），以及最新已报送的版本");

        group.MapPost("", async (SubmitDailyReportRequest request, HttpContext http, DailyReportService reports, CancellationToken ct) =>
        {
            var report = await reports.SubmitAsync(http.RequireUser(), request, ct);
            return Results.Created($"/api/v1/reports/daily/revisions?orgUnitCode={report.OrgUnitCode}&day={report.Day:yyyy-MM-dd}", report);
        }).RequirePermission(Permission.DailyReportsSubmit)
            .WithSummary("报送日报：填报数、更正数（须写明原因）和文字情况；每次报送为一个新版本，以最新版本为准");

        group.MapGet("/revisions", (HttpContext http, DailyReportService reports, string? orgUnitCode, DateOnly? day, CancellationToken ct) =>
            reports.RevisionsAsync(http.RequireUser(), orgUnitCode, day, ct))
            .RequirePermission(Permission.DailyReportsSubmit)
            .WithSummary("某单位某天日报的全部版本（新的在前）");

        // The county's views: the caller's county, its current campaign (409 report.no_campaign without one).
        group.MapGet("/matrix", async (HttpContext http, AppDbContext db, TimeProvider clock, CountyTableService county, DateOnly? from, DateOnly? to,
            CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var days = await CountyReportDay.OfAsync(db, clock, user.CountyCode, ct);
            var (f, t) = days.CheckRange(from, to);
            return await county.MatrixAsync(user.CountyCode, f, t, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);
        }).RequirePermission(Permission.DailyReportsView)
            .WithSummary("全县日报报送情况：各乡镇、机构 × 每天（按时、迟报、未报），及每天的按时、迟报、未报单位数；默认从行动开始到今天");

        group.MapGet("/table", async (HttpContext http, AppDbContext db, TimeProvider clock, CountyTableService county, DateOnly? day,
            CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var d = (await CountyReportDay.OfAsync(db, clock, user.CountyCode, ct)).Check(day);
            return await county.BuildAsync(user.CountyCode, d, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);
        }).RequirePermission(Permission.DailyReportsView)
            .WithSummary("全县某天（默认今天）的统计汇总表：乡镇、机构各一节，每个单位一行（当日和累计），及合计行；未报单位显示系统数据");

        group.MapGet("/missing", async (HttpContext http, AppDbContext db, TimeProvider clock, CountyTableService county, DateOnly? day,
            CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var d = (await CountyReportDay.OfAsync(db, clock, user.CountyCode, ct)).Check(day);
            return await county.MissingAsync(user.CountyCode, d, ct);
        }).RequirePermission(Permission.DailyReportsView)
            .WithSummary("某天（默认今天）尚未报送日报的乡镇和机构，及其联系人和电话");

        group.MapCountyTableExport();
    }
}
