using KnockDoor.Core.Accounts;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Plans;

public static class PlanEndpoints
{
    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddScoped<PlanService>();
        services.AddScoped<TaskService>();
        return services;
    }

    public static void MapPlanApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/plan").WithTags("入户计划").RequirePermission(Permission.PlanManage);

        group.MapGet("/summary", (HttpContext http, PlanService plans, string? orgUnit, CancellationToken ct) =>
            plans.SummaryAsync(http.RequireUser(), orgUnit, ct))
            .WithSummary("各村(机构)在册服务对象数、已分配数、未分配数（当前行动）");

        group.MapGet("/targets", (HttpContext http, PlanService plans, string? orgUnit, TargetCategory? category, bool? assigned, Guid? workerId,
                int? page, int? pageSize, CancellationToken ct) =>
            plans.TargetsAsync(http.RequireUser(), new PlanFilter(orgUnit, category, assigned is null ? null : !assigned.Value, workerId),
                page ?? 1, pageSize ?? 50, ct))
            .WithSummary("服务对象及其分配情况（入户人员、计划日期）；身份证号脱敏");

        group.MapGet("/workers", (HttpContext http, PlanService plans, CancellationToken ct) =>
            plans.WorkersAsync(http.RequireUser(), ct))
            .WithSummary("管辖范围内的入户人员及其已分配人数");

        group.MapPost("/assign", (AssignRequest request, HttpContext http, PlanService plans, CancellationToken ct) =>
            plans.AssignAsync(http.RequireUser(), request, ct))
            .WithSummary("把服务对象分配（或改派）给入户人员：按勾选的 targetIds，或按筛选条件 filter 批量");

        group.MapDelete("/assignments/{targetId:guid}", async (Guid targetId, HttpContext http, PlanService plans, CancellationToken ct) =>
        {
            await plans.UnassignAsync(http.RequireUser(), targetId, ct);
            return TypedResults.NoContent();
        }).WithSummary("取消分配");

        api.MapGet("/my/tasks", (HttpContext http, TaskService tasks, CancellationToken ct) => tasks.MyTasksAsync(http.RequireUser(), ct))
            .WithTags("入户计划").RequirePermission(Permission.VisitsSubmit)
            .WithSummary("我的入户任务（当前行动）：未走访的在前；电话为完整号码，每次下载记入审计");
    }
}
