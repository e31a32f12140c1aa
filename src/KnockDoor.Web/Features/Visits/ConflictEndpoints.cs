using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Visits;

public static class ConflictEndpoints
{
    public static IServiceCollection AddConflicts(this IServiceCollection services) => services.AddScoped<ConflictService>();

    public static void MapConflictApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/visits/conflicts").WithTags("入户记录").RequirePermission(Permission.OutcomesConfirm);

        group.MapGet("", (HttpContext http, ConflictService conflicts, CancellationToken ct) => conflicts.ListAsync(http.RequireUser(), ct))
            .WithSummary("冲突记录：名册冲突（待处理、近 30 天已处理；名册当前值与入户记录并列）和记录编号冲突（同一编号的另一次提交）");

        group.MapPost("/{id:long}/resolve", (long id, ResolveConflictRequest request, HttpContext http, ConflictService conflicts, CancellationToken ct) =>
            conflicts.ResolveAsync(http.RequireUser(), id, request, ct))
            .WithSummary("处理名册冲突：KeepRegistry 保留名册，或 UpdateRegistry 按入户记录更新名册（需带当前名册版本 targetVersion，记入审计）");
    }
}
