using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Auditing;

public sealed record AuditDto(long Id, DateTimeOffset At, string? UserName, string Action, string EntityType, string? EntityId, string? OrgUnitCode,
    string? Before, string? After, string? Details, string? IpAddress);

public static class AuditEndpoints
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (HttpContext http, AppDbContext db, string? entityType, string? entityId, string? action, int? take, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var query = db.AuditEntries.AsNoTracking().Where(a => a.CountyCode.StartsWith(user.CountyCode));
            if (!string.IsNullOrEmpty(entityType))
            {
                query = query.Where(a => a.EntityType == entityType);
            }
            if (!string.IsNullOrEmpty(entityId))
            {
                query = query.Where(a => a.EntityId == entityId);
            }
            if (!string.IsNullOrEmpty(action))
            {
                query = query.Where(a => a.Action == action);
            }
            var rows = await query.OrderByDescending(a => a.Id).Take(Math.Clamp(take ?? 100, 1, 1000)).ToListAsync(ct);
            return rows.Select(a => new AuditDto(a.Id, a.At, a.UserName, a.Action, a.EntityType, a.EntityId, a.OrgUnitCode, a.Before, a.After, a.Details, a.IpAddress)).ToList();
        }).WithTags("审计").RequirePermission(Permission.AuditRead).WithSummary("审计记录（查看、修改、导出个人信息和登录）");
    }
}
