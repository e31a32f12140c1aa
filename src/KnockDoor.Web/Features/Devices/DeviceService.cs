using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Devices;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Devices;

/// <summary>The body of POST /api/v1/devices/status: what the phone says about itself.</summary>
public sealed record DeviceStatusInput(Guid? DeviceId, string? AppVersion, int? Pending, int? PendingPhotos, DateTimeOffset? LastSyncAt,
    DateTimeOffset? OldestPendingAt);

public sealed record DeviceInfo(Guid DeviceId, string? AppVersion, int Pending, int PendingPhotos, DateTimeOffset? LastSyncAt,
    DateTimeOffset? SyncedAt, DateTimeOffset? ReportedAt, DateTimeOffset? OldestPendingAt, string? UserAgent);

/// <summary>How urgently a worker's phones need a look, most urgent first.</summary>
public enum DeviceProblem
{
    None = 0,
    /// <summary>Has assignments and no sync for more than a day.</summary>
    SyncStale = 1,
    /// <summary>Has assignments and never synced.</summary>
    NeverSynced = 2,
    /// <summary>The phone reported unsent records.</summary>
    Pending = 3,
    /// <summary>Unsent records, and the phone has not reported for more than a day.</summary>
    PendingStale = 4,
}

/// <summary>One field worker's phones as a township officer sees them (GET /api/v1/devices, page /Devices).</summary>
public sealed record WorkerDevices(Guid UserId, string UserName, string DisplayName, string OrgUnitCode, string? OrgUnitName, string? TownshipName,
    int Assigned, int DeviceCount, DateTimeOffset? LastSyncAt, DateTimeOffset? LastReportAt, int Pending, int PendingPhotos,
    DateTimeOffset? OldestPendingAt, string? AppVersion, bool ReportStale, DeviceProblem Problem, string ProblemText, List<DeviceInfo> Devices);

/// <summary>
/// Phones' own reports (records not yet sent, app version) and their syncs, one row per account and device; and the
/// overview of them for the township. Nothing here is personal data about the people visited.
/// </summary>
public sealed class DeviceService(AppDbContext db, TimeProvider clock)
{
    public const int MaxPending = 100_000;
    public const int MaxDevicesPerUser = 10;
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    public async Task ReportAsync(CurrentUser user, DeviceStatusInput input, string? userAgent, CancellationToken ct)
    {
        if (input.DeviceId is not { } deviceId || deviceId == Guid.Empty)
        {
            throw new AppProblemException(Problems.DeviceIdInvalid);
        }
        var errors = new List<string>();
        var version = input.AppVersion?.Trim();
        if (string.IsNullOrEmpty(version) || version.Length > 32)
        {
            errors.Add("应用版本(appVersion)不能为空，且不超过 32 个字符");
        }
        if (input.Pending is not (>= 0 and <= MaxPending))
        {
            errors.Add($"待发送记录数(pending)应为 0 到 {MaxPending} 之间的整数");
        }
        if (input.PendingPhotos is not (>= 0 and <= MaxPending))
        {
            errors.Add($"待发送照片数(pendingPhotos)应为 0 到 {MaxPending} 之间的整数");
        }
        if (errors.Count > 0)
        {
            throw new AppProblemException((Problems.DeviceStatusInvalid with { Message = string.Join("；", errors) }).With("errors", errors));
        }
        var now = clock.GetUtcNow();
        // The phone's clock may be wrong: its times are kept as reported (in UTC), never refused, so that a phone
        // whose clock is off can still say that it holds unsent records.
        await UpsertAsync(user, deviceId, userAgent, row =>
        {
            row.AppVersion = version;
            row.Pending = input.Pending!.Value;
            row.PendingPhotos = input.PendingPhotos!.Value;
            row.LastSyncAt = input.LastSyncAt?.ToUniversalTime();
            row.OldestPendingAt = input.Pending > 0 ? input.OldestPendingAt?.ToUniversalTime() : null;
            row.ReportedAt = now;
        }, ct);
    }

    /// <summary>Records that the device synced now (the sync endpoint's optional <c>device</c> parameter).</summary>
    public Task RecordSyncAsync(CurrentUser user, Guid deviceId, string? userAgent, DateTimeOffset now, CancellationToken ct) =>
        deviceId == Guid.Empty ? Task.CompletedTask : UpsertAsync(user, deviceId, userAgent, row => row.SyncedAt = now, ct);

    /// <summary>Insert or update the (account, device) row; stored at once. A concurrent first insert is retried as an update.</summary>
    private async Task UpsertAsync(CurrentUser user, Guid deviceId, string? userAgent, Action<DeviceStatus> apply, CancellationToken ct)
    {
        var agent = userAgent?.Trim();
        agent = string.IsNullOrEmpty(agent) ? null : agent.Length > 200 ? agent[..200] : agent;
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.DeviceStatuses.FirstOrDefaultAsync(d => d.UserId == user.Id && d.DeviceId == deviceId, ct);
            if (row is null)
            {
                row = new DeviceStatus { UserId = user.Id, DeviceId = deviceId, CountyCode = user.CountyCode };
                db.DeviceStatuses.Add(row);
                // A phone that lost its storage comes back with a new id: the account's oldest rows make room.
                var others = await db.DeviceStatuses.Where(d => d.UserId == user.Id).ToListAsync(ct);
                foreach (var old in others.OrderByDescending(d => d.ReportedAt ?? d.SyncedAt ?? DateTimeOffset.MinValue).Skip(MaxDevicesPerUser - 1))
                {
                    db.DeviceStatuses.Remove(old);
                }
            }
            apply(row);
            row.UserAgent = agent ?? row.UserAgent;
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt == 0 && Database.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Every field worker of the caller's scope (and any other account of it that synced a phone), with their phones,
    /// the most urgent first.
    /// </summary>
    public async Task<List<WorkerDevices>> OverviewAsync(CurrentUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var accounts = await db.Users.AsNoTracking().VisibleTo(user)
            .Where(u => !u.IsDisabled && (u.Role == Role.FieldWorker || db.DeviceStatuses.Any(d => d.UserId == u.Id)))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.OrgUnitCode, u.OrgPath }).ToListAsync(ct);
        var rows = await (from d in db.DeviceStatuses.AsNoTracking()
                          join u in db.Users.AsNoTracking().VisibleTo(user) on d.UserId equals u.Id
                          select d).ToListAsync(ct);
        var byUser = rows.ToLookup(d => d.UserId);
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;
        var assigned = await db.Assignments.AsNoTracking().VisibleTo(user).Where(a => a.CampaignId == campaignId)
            .GroupBy(a => a.WorkerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var codes = accounts.SelectMany(a => a.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code))
            .Select(o => new { o.Code, o.Name, o.Kind }).ToDictionaryAsync(o => o.Code, ct);

        var result = accounts.Select(a =>
        {
            var devices = byUser[a.Id].OrderByDescending(d => d.ReportedAt ?? d.SyncedAt).ToList();
            var lastSync = devices.Select(d => d.SyncedAt ?? d.LastSyncAt).Max();
            var lastReport = devices.Select(d => d.ReportedAt).Max();
            var pending = devices.Sum(d => d.Pending);
            var photos = devices.Sum(d => d.PendingPhotos);
            var reportStale = lastReport is null || now - lastReport > StaleAfter;
            var count = assigned.GetValueOrDefault(a.Id);
            var problem = (pending + photos) > 0
                ? reportStale ? DeviceProblem.PendingStale : DeviceProblem.Pending
                : count == 0 ? DeviceProblem.None
                : lastSync is null ? DeviceProblem.NeverSynced
                : now - lastSync > StaleAfter ? DeviceProblem.SyncStale
                : DeviceProblem.None;
            var township = a.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(c => units.GetValueOrDefault(c)).FirstOrDefault(o => o?.Kind == OrgUnitKind.Township)?.Name;
            return new WorkerDevices(a.Id, a.UserName ?? "", a.DisplayName, a.OrgUnitCode, units.GetValueOrDefault(a.OrgUnitCode)?.Name, township,
                count, devices.Count, lastSync, lastReport, pending, photos, devices.Where(d => d.Pending > 0).Min(d => d.OldestPendingAt),
                devices.FirstOrDefault(d => d.AppVersion is not null)?.AppVersion, reportStale, problem, ProblemText(problem),
                [.. devices.Select(d => new DeviceInfo(d.DeviceId, d.AppVersion, d.Pending, d.PendingPhotos, d.LastSyncAt, d.SyncedAt,
                    d.ReportedAt, d.OldestPendingAt, d.UserAgent))]);
        });
        return [.. result.OrderByDescending(r => r.Problem).ThenByDescending(r => r.Pending + r.PendingPhotos)
            .ThenBy(r => r.LastSyncAt ?? DateTimeOffset.MinValue).ThenBy(r => r.DisplayName, StringComparer.Ordinal).ThenBy(r => r.UserId)];
    }

    public static string ProblemText(DeviceProblem problem) => problem switch
    {
        DeviceProblem.None => "正常",
        DeviceProblem.SyncStale => "超过 24 小时未同步",
        DeviceProblem.NeverSynced => "有任务，从未同步",
        DeviceProblem.Pending => "手机上有未发送的记录",
        DeviceProblem.PendingStale => "有未发送的记录，且超过 24 小时没有消息",
    };
}
