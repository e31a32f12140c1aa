using KnockDoor.Core.Accounts;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Targets;

public static class TargetEndpoints
{
    public static IServiceCollection AddTargets(this IServiceCollection services)
    {
        services.AddScoped<TargetService>();
        services.AddTargetImport();
        return services;
    }

    public static void MapTargetApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/targets").WithTags("服务对象").RequirePermission(Permission.TargetsRead);

        group.MapGet("", (HttpContext http, TargetService targets, string? orgUnit, TargetCategory? category, TargetStatus? status, string? q,
                int? page, int? pageSize, CancellationToken ct) =>
            targets.ListAsync(http.RequireUser(), new TargetFilter(orgUnit, category, status, q, page ?? 1, pageSize ?? 50), ct))
            .WithSummary("服务对象名册（按村、类别、状态筛选；身份证号和电话脱敏）");

        group.MapGet("/{id:guid}", (Guid id, HttpContext http, TargetService targets, CancellationToken ct) =>
            targets.GetAsync(http.RequireUser(), id, ct))
            .WithSummary("服务对象详情（有权限的角色看到完整身份证号和电话，每次查看都记入审计）");

        group.MapPost("", async (TargetInput input, HttpContext http, TargetService targets, CancellationToken ct) =>
        {
            var created = await targets.CreateAsync(http.RequireUser(), input, ct);
            return TypedResults.Created($"/api/v1/targets/{created.Id}", created);
        }).RequirePermission(Permission.TargetsWrite).WithSummary("登记服务对象");

        group.MapPut("/{id:guid}", (Guid id, TargetInput input, HttpContext http, TargetService targets, CancellationToken ct) =>
            targets.UpdateAsync(http.RequireUser(), id, input, ct))
            .RequirePermission(Permission.TargetsWrite).WithSummary("修改服务对象（须带上读取时的 version）");

        group.MapTargetImport();
        group.MapTargetExport();
    }
}
