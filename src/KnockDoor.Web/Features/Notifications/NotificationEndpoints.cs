using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Notifications;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Notifications;

public sealed record NotificationDto(long Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationList(int Unread, List<NotificationDto> Items);

public static class NotificationEndpoints
{
    /// <summary>
    /// The caller's notifications: those of a unit on the caller's path (the caller's own unit or one
    /// above it) for the caller's role.
    /// </summary>
    public static IQueryable<Notification> For(this IQueryable<Notification> query, CurrentUser user)
    {
        var units = user.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var role = Roles.Key(user.Role);
        var id = user.Id;
        return query.Where(n => n.CountyCode == user.CountyCode && n.RoleKey == role && units.Contains(n.OrgUnitCode)
            && (n.UserId == null || n.UserId == id));
    }

    public static Task<int> UnreadCountAsync(AppDbContext db, CurrentUser user, CancellationToken ct) =>
        db.Notifications.AsNoTracking().For(user).CountAsync(n => n.ReadAt == null, ct);

    public static async Task<NotificationList> ListAsync(AppDbContext db, CurrentUser user, int take, CancellationToken ct)
    {
        var items = await db.Notifications.AsNoTracking().For(user).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(take, 1, 500))
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
        return new NotificationList(await UnreadCountAsync(db, user, ct), items);
    }

    public static async Task<bool> MarkReadAsync(AppDbContext db, CurrentUser user, long id, TimeProvider clock, CancellationToken ct)
    {
        var notification = await db.Notifications.For(user).FirstOrDefaultAsync(n => n.Id == id, ct);
        if (notification is null)
        {
            return false;
        }
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            notification.ReadBy = user.Id;
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    public static void MapNotificationApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("通知");

        group.MapGet("", (HttpContext http, AppDbContext db, int? take, CancellationToken ct) =>
            ListAsync(db, http.RequireUser(), take ?? 100, ct)).WithSummary("我的通知（最新在前）与未读数");

        group.MapPost("/{id:long}/read", async (long id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            await MarkReadAsync(db, http.RequireUser(), id, clock, ct) ? Results.NoContent() : Problems.NotFound.ToResult())
            .WithSummary("标记为已读");
    }
}
