using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Sync;

public static class SyncEndpoints
{
    public static IServiceCollection AddSync(this IServiceCollection services) => services.AddScoped<SyncService>();

    public static void MapSyncApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sync", (HttpContext http, SyncService sync, string? since, Guid? device, CancellationToken ct) =>
            sync.SyncAsync(http.RequireUser(), since, device, http.Request.Headers.UserAgent.ToString(), ct))
            .WithTags("手机同步").RequirePermission(Permission.VisitsSubmit)
            .WithSummary("手机同步：不带 since（或令牌无效、过旧、属于其他账号或行动）时全量下发（full=true）：当前行动中分配给我的全部任务、" +
                "所用检查表的当前版本、我近 30 天的入户记录摘要；带 since 时只下发此后有变化的任务（分配、名册或走访情况变了）、" +
                "不再属于我的服务对象(removed)、新发布的检查表和我新提交的入户记录。电话为完整号码，下发了任务的同步记入审计。" +
                "device=设备编号 时记录该设备的同步时间");
    }
}
