using KnockDoor.Core.Accounts;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Coverage;

public static class CoverageEndpoints
{
    public static IServiceCollection AddCoverage(this IServiceCollection services)
    {
        services.AddScoped<CoverageService>();
        return services;
    }

    public static void MapCoverageApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/coverage").WithTags("覆盖率").RequirePermission(Permission.VisitsRead);

        group.MapGet("", (HttpContext http, CoverageService coverage, string? orgUnit, TargetCategory? category, CancellationToken ct) =>
            coverage.ReportAsync(http.RequireUser(), orgUnit, category, ct))
            .WithSummary("走访覆盖率：本单位及各下级单位的在册人数、已走访人数、覆盖率和未见面原因（当前行动）");

        group.MapGet("/unvisited", (HttpContext http, CoverageService coverage, string? orgUnit, TargetCategory? category, int? page, int? pageSize,
                CancellationToken ct) =>
            coverage.UnvisitedAsync(http.RequireUser(), orgUnit, category, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("尚未走访的服务对象（身份证号和电话脱敏）");
    }
}
