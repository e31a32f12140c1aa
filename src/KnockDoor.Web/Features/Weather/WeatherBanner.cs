using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KnockDoor.Web.Features.Weather;

/// <summary>A warning as the banner shows it.</summary>
public sealed record BannerWarning(Guid Id, WeatherKind Kind, WarningLevel Level, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> AreaPaths);

/// <summary>
/// The warnings of the banner on every page. The county's warnings not cancelled and not over are read once per county
/// and kept for 30 seconds (forgotten at once when a warning is issued or cancelled); each page only filters them.
/// </summary>
public sealed class WeatherBanner(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private static string Key(string countyCode) => "weather-banner:" + countyCode;

    public void Forget(string countyCode) => cache.Remove(Key(countyCode));

    /// <summary>The warnings in force now that touch the account's unit.</summary>
    public async Task<List<BannerWarning>> InForceAsync(CurrentUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var county = await cache.GetOrCreateAsync(Key(user.CountyCode), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            // Its own scope: the page's context may be in use by the page itself.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await db.WeatherWarnings.AsNoTracking().Include(w => w.Areas)
                .Where(w => w.CountyCode == user.CountyCode && w.CancelledAt == null && w.To > now)
                .ToListAsync(ct);
            return rows.OrderByDescending(w => w.Level).ThenBy(w => w.From)
                .Select(w => new BannerWarning(w.Id, w.Kind, w.Level, w.From, w.To, [.. w.Areas.Select(a => a.OrgPath)])).ToList();
        }) ?? [];
        return [.. county.Where(w => w.From <= now && now < w.To && WeatherService.Touches(user.OrgPath, w.AreaPaths))];
    }
}
