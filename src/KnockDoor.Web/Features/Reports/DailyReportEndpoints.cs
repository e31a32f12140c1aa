using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

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

        group.MapCountyTableExport();
    }
}
