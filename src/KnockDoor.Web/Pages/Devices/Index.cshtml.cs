using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Devices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Devices;

/// <summary>The township's field workers and their phones: last sync, records not yet sent, app version; problems first.</summary>
[Authorize(Policy = "perm:PlanManage")]
public sealed class IndexModel(DeviceService devices, TimeProvider clock) : PageModel
{
    public List<WorkerDevices> Rows { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Rows = await devices.OverviewAsync(HttpContext.RequireUser(), ct);
    }

    /// <summary>“3 小时前”: how long ago, in words a person reads at a glance.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        if (span < TimeSpan.FromMinutes(1))
        {
            return span < TimeSpan.FromMinutes(-5) ? "时间在将来（手机时间不准？）" : "刚刚";
        }
        return span.TotalHours < 1 ? Whole(span.TotalMinutes) + " 分钟前"
            : span.TotalDays < 1 ? Whole(span.TotalHours) + " 小时前"
            : Whole(span.TotalDays) + " 天前";
    }

    private static string Whole(double value) => ((int)Math.Floor(value)).ToString(CultureInfo.InvariantCulture);

    public static string Exact(DateTimeOffset at) => ChinaTime.Text(at);

    public bool Stale(DateTimeOffset? at) => at is null || Now - at > DeviceService.StaleAfter;
}
