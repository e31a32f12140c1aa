using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Care;
using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Web.Features.Meals;

/// <summary>Meals brought home in heavy snow (送餐上门) and care activities (关爱帮扶).</summary>
public static class MealEndpoints
{
    public static IServiceCollection AddMeals(this IServiceCollection services)
    {
        services.AddScoped<MealService>();
        services.AddScoped<IDailyFigureSource, MealFigureSource>();
        return services.AddCare();
    }

    public static void MapMealApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/meals").WithTags("送餐上门");

        group.MapGet("/centres", (HttpContext http, MealService meals, DateOnly? day, CancellationToken ct) =>
            meals.CentresAsync(http.RequireUser(), day, ct))
            .RequirePermission(Permission.DutiesRead)
            .WithSummary("管辖范围内的日间照料中心：某天（默认今天）是否开启送餐、名单人数、送达/不在家/拒收数");

        group.MapGet("/centres/{code}", (string code, HttpContext http, MealService meals, DateOnly? day, CancellationToken ct) =>
            meals.GetAsync(http.RequireUser(), code, day, ct))
            .RequirePermission(Permission.DutiesRead)
            .WithSummary("某中心：某天是否开启送餐、送餐时段、送餐名单（身份证号、电话已遮挡）、当天的送餐情况和近 60 天的记录");

        group.MapGet("/centres/{code}/history", (string code, HttpContext http, MealService meals, DateOnly? from, DateOnly? to, CancellationToken ct) =>
            meals.HistoryAsync(http.RequireUser(), code, from, to, ct))
            .RequirePermission(Permission.DutiesRead)
            .WithSummary("某中心每天的送达、不在家、拒收数（新的在前）");

        group.MapGet("/centres/{code}/candidates", (string code, HttpContext http, MealService meals, string? q, CancellationToken ct) =>
            meals.CandidatesAsync(http.RequireUser(), code, q, ct))
            .RequirePermission(Permission.MealsWrite)
            .WithSummary("按姓名查找中心所在乡镇在册的服务对象（最多 20 人，身份证号、电话已遮挡），用于加入送餐名单");

        group.MapPost("/centres/{code}/recipients", async (string code, AddRecipientRequest request, HttpContext http, MealService meals,
            CancellationToken ct) =>
        {
            var (recipient, created) = await meals.AddRecipientAsync(http.RequireUser(), code, request, ct);
            return created ? Results.Created($"/api/v1/meals/centres/{code}", recipient) : Results.Ok(recipient);
        }).RequirePermission(Permission.MealsWrite)
            .WithSummary("把一位老人加入送餐名单（已在名单上则原样返回 200）");

        group.MapPut("/centres/{code}/recipients/{id:guid}", (string code, Guid id, RecipientNoteRequest request, HttpContext http, MealService meals,
            CancellationToken ct) => meals.UpdateNoteAsync(http.RequireUser(), code, id, request, ct))
            .RequirePermission(Permission.MealsWrite)
            .WithSummary("修改名单上老人的备注（饮食、进门方式等）");

        group.MapDelete("/centres/{code}/recipients/{id:guid}", async (string code, Guid id, HttpContext http, MealService meals, CancellationToken ct) =>
        {
            await meals.RemoveRecipientAsync(http.RequireUser(), code, id, ct);
            return Results.NoContent();
        }).RequirePermission(Permission.MealsWrite)
            .WithSummary("把老人移出送餐名单（已登记的送餐记录保留）");

        group.MapPost("/centres/{code}/periods", async (string code, PeriodRequest request, HttpContext http, MealService meals, CancellationToken ct) =>
        {
            var period = await meals.SwitchOnAsync(http.RequireUser(), code, request, ct);
            return Results.Created($"/api/v1/meals/centres/{code}", period);
        }).RequirePermission(Permission.MealsWrite)
            .WithSummary("手动开启送餐：从某天到某天（默认今天，最多 31 天）");

        group.MapPost("/centres/{code}/periods/{id:guid}/cancel", (string code, Guid id, HttpContext http, MealService meals, CancellationToken ct) =>
            meals.CancelPeriodAsync(http.RequireUser(), code, id, ct))
            .RequirePermission(Permission.MealsWrite)
            .WithSummary("取消一个送餐时段（手动开启的或天气预警开启的）");

        group.MapPut("/centres/{code}/deliveries", (string code, DeliveryRequest request, HttpContext http, MealService meals, CancellationToken ct) =>
            meals.RecordDeliveryAsync(http.RequireUser(), code, request, ct))
            .RequirePermission(Permission.MealsWrite)
            .WithSummary("登记送餐结果（送达/不在家/拒收）：每人每天一条，再次登记即更正该条");

        api.MapCareApi();
    }
}
