using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Web.Features.Care;

/// <summary>Care activities (关爱帮扶), registered from <see cref="Meals.MealEndpoints"/>.</summary>
public static class CareEndpoints
{
    public static IServiceCollection AddCare(this IServiceCollection services)
    {
        services.AddScoped<CareService>();
        services.AddScoped<IDailyFigureSource, CareFigureSource>();
        return services;
    }

    public static void MapCareApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/care-activities").WithTags("关爱帮扶");

        group.MapGet("", (HttpContext http, CareService care, string? orgUnitCode, string? month, CancellationToken ct) =>
            care.ListAsync(http.RequireUser(), new CareFilter(orgUnitCode, month), ct))
            .RequirePermission(Permission.DutiesRead)
            .WithSummary("管辖范围内的关爱帮扶活动（可按乡镇/村、月份 yyyy-MM 筛选；新的在前，最多列 500 条）及合计");

        group.MapGet("/{id:guid}", (Guid id, HttpContext http, CareService care, CancellationToken ct) => care.GetAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.DutiesRead)
            .WithSummary("一条关爱帮扶活动");

        group.MapPost("", async (CareRequest request, HttpContext http, CareService care, CancellationToken ct) =>
        {
            var (activity, created) = await care.RecordAsync(http.RequireUser(), request, ct);
            return created ? Results.Created($"/api/v1/care-activities/{activity.Id}", activity) : Results.Ok(activity);
        }).RequirePermission(Permission.TownshipDutiesWrite)
            .WithSummary("登记关爱帮扶活动：同一 clientId 再次提交返回第一次的记录（200），内容不同则 409");
    }
}
