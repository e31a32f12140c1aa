using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Devices;

public static class DeviceEndpoints
{
    public static IServiceCollection AddDevices(this IServiceCollection services) => services.AddScoped<DeviceService>();

    public static void MapDeviceApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/devices").WithTags("手机同步");

        group.MapPost("/status", async (DeviceStatusInput input, HttpContext http, DeviceService devices, CancellationToken ct) =>
        {
            await devices.ReportAsync(http.RequireUser(), input, http.Request.Headers.UserAgent.ToString(), ct);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.VisitsSubmit)
            .WithSummary("手机报告自身状态：应用版本、未发送的记录和照片数、最近同步时间（按账号和设备编号覆盖保存）");

        group.MapGet("", (HttpContext http, DeviceService devices, CancellationToken ct) => devices.OverviewAsync(http.RequireUser(), ct))
            .RequirePermission(Permission.PlanManage)
            .WithSummary("管辖范围内入户人员的手机：最近同步、未发送记录数（手机最近一次报告）、应用版本、设备数；有问题的在前");
    }
}
