using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>
/// The public lead page's limits (ASP.NET Core's rate limiter): sending a lead is limited per client IP address
/// (Leads:PermitLimit per Leads:WindowMinutes) and for everyone together (Leads:GlobalPermitLimit); opening the page is not.
/// A refused post gets a plain Chinese page with status 429 and stores nothing.
/// </summary>
public static class LeadRateLimit
{
    public const string Policy = "public-lead";

    public static IServiceCollection AddLeadRateLimit(this IServiceCollection services)
    {
        services.AddSingleton<Everyone>();
        // The policy answers its own refusals, so the app's other limits (if any) keep their own.
        services.AddRateLimiter(o => o.AddPolicy<string, PerIpPolicy>(Policy));
        return services;
    }

    /// <summary>The per-IP limit, chained with the one shared by every sender (both must let a post through).</summary>
    private sealed class PerIpPolicy(IOptions<LeadOptions> options, Everyone everyone) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, ct) => RejectAsync(context.HttpContext, ct);

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            if (!HttpMethods.IsPost(httpContext.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }
            var ip = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.Get(ip, _ => new ChainedLimiter(
                new FixedWindowRateLimiter(Window(options.Value, options.Value.PermitLimit)), everyone.Limiter));
        }
    }

    private static FixedWindowRateLimiterOptions Window(LeadOptions o, int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(Math.Max(1, o.WindowMinutes)),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>A post is let through only when the sender's window and everyone's window both have room.</summary>
    /// <summary>The window shared by every sender: one per server.</summary>
    private sealed class Everyone(IOptions<LeadOptions> options) : IDisposable
    {
        public RateLimiter Limiter { get; } = new FixedWindowRateLimiter(Window(options.Value, options.Value.GlobalPermitLimit));

        public void Dispose() => Limiter.Dispose();
    }

    private sealed class ChainedLimiter(RateLimiter own, RateLimiter everyone) : RateLimiter
    {
        public override TimeSpan? IdleDuration => own.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => own.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            var first = own.AttemptAcquire(permitCount);
            if (!first.IsAcquired)
            {
                return first;
            }
            var second = everyone.AttemptAcquire(permitCount);
            if (!second.IsAcquired)
            {
                first.Dispose();
                return second;
            }
            return new Both(first, second);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                own.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class Both(RateLimitLease first, RateLimitLease second) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                first.Dispose();
                second.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private static async ValueTask RejectAsync(HttpContext http, CancellationToken ct)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = "600";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await PatrolProblems.LeadRateLimited.ToResult().ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>提交太频繁</title><link rel="stylesheet" href="/css/lead.css"></head>
            <body class="lead"><main class="lead-box" id="lead-limited">
            <h1>请稍后再提交</h1>
            <p>{System.Net.WebUtility.HtmlEncode(PatrolProblems.LeadRateLimited.Message)}。</p>
            <p><a href="{System.Net.WebUtility.HtmlEncode(http.Request.Path.Value ?? "/lead")}">返回</a></p>
            </main></body></html>
            """, ct);
    }
}
