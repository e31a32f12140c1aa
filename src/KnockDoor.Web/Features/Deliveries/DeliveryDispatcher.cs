using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Features.Deliveries;

/// <summary>
/// Sends the pending deliveries whose time has come. Each attempt first claims its row by a conditional update (still
/// pending, still due, same attempt count → due again only after <see cref="ClaimTime"/>), so that two servers never send
/// the same message. A failure counts an attempt and waits 1, 2, 4, … minutes; after the last attempt the delivery is
/// left <see cref="DeliveryStatus.Failed"/> with its reason, for the office to see and retry.
/// </summary>
public sealed class DeliveryDispatcher(AppDbContext db, MailSender mail, RobotSender robots, TimeProvider clock,
    IOptionsMonitor<ReportJobOptions> options, ILogger<DeliveryDispatcher> log)
{
    /// <summary>How long a claimed attempt may take before another run may try the delivery again.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    public const int BatchSize = 50;

    /// <summary>The wait after the n-th failed attempt (n ≥ 1): 1, 2, 4, … minutes, at most a day.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(1440, Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>Sends what is due now; returns how many deliveries this call attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var attempted = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await db.Deliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Select(d => new { d.Id, d.Attempts }).Take(BatchSize).ToListAsync(ct);
            var claimedAny = false;
            foreach (var item in due)
            {
                var claimedUntil = now + ClaimTime;
                var claimed = await db.Deliveries
                    .Where(d => d.Id == item.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && d.Attempts == item.Attempts)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, claimedUntil), ct);
                if (claimed != 1)
                {
                    // Another server took it.
                    continue;
                }
                claimedAny = true;
                attempted++;
                await AttemptAsync(item.Id, ct);
            }
            if (due.Count < BatchSize || !claimedAny)
            {
                return attempted;
            }
        }
    }

    private async Task AttemptAsync(Guid id, CancellationToken ct)
    {
        var delivery = await db.Deliveries.AsNoTracking().FirstAsync(d => d.Id == id, ct);
        string? error = null;
        var permanent = false;
        try
        {
            switch (delivery.Channel)
            {
                case DeliveryChannel.Email:
                    await mail.SendAsync(delivery, ct);
                    break;
                case DeliveryChannel.DingTalk:
                case DeliveryChannel.WeCom:
                    await robots.SendAsync(delivery, ct);
                    break;
            }
        }
        catch (DeliveryFailedException e)
        {
            error = e.Message;
            permanent = e.Permanent;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // An unexpected failure is still a failed attempt, never a lost message; its detail goes to the log.
            log.LogError(e, "Delivery {Id} ({Channel}) failed unexpectedly", delivery.Id, delivery.Channel);
            error = "发送出错：" + e.GetType().Name;
        }

        var now = clock.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        if (error is null)
        {
            await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sent)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.SentAt, now)
                .SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
            log.LogInformation("Delivery {Id} ({Channel}, {Kind}) sent after {Attempts} attempts", delivery.Id, delivery.Channel, delivery.Kind, attempts);
            return;
        }
        // A failure that waiting will not mend (no mail server, a refused mailbox) is final at once, for the office to see.
        var final = permanent || attempts >= Math.Max(1, options.CurrentValue.Deliveries.MaxAttempts);
        var next = now + Backoff(attempts);
        error = Outbox.Truncate(error, 1000);
        await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, final ? DeliveryStatus.Failed : DeliveryStatus.Pending)
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastError, error), CancellationToken.None);
        if (final)
        {
            log.LogWarning("Delivery {Id} ({Channel}, {Kind}) failed after {Attempts} attempts: {Error}", delivery.Id, delivery.Channel, delivery.Kind, attempts, error);
        }
        else
        {
            log.LogInformation("Delivery {Id} ({Channel}) attempt {Attempts} failed, next at {Next:u}: {Error}", delivery.Id, delivery.Channel, attempts, next, error);
        }
    }

    /// <summary>When the next pending delivery falls due (null when none is pending).</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) =>
        await db.Deliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Pending)
            .OrderBy(d => d.NextAttemptAt).Select(d => (DateTimeOffset?)d.NextAttemptAt).FirstOrDefaultAsync(ct);

    /// <summary>Puts a failed delivery back in the queue for a new round of attempts, due now; false when it is not failed.</summary>
    public async Task<bool> RetryAsync(string countyCode, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Deliveries.Where(d => d.Id == id && d.CountyCode == countyCode && d.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now), ct) == 1;
    }
}

/// <summary>Runs the dispatcher every <c>Reports:Deliveries:CheckSeconds</c>, and at once when a delivery is stored, unless <c>Reports:Deliveries:Dispatch</c> is false.</summary>
public sealed class DeliveryDispatchJob(IServiceScopeFactory scopes, TimeProvider clock, DeliverySignal signal,
    IOptions<ReportJobOptions> options, ILogger<DeliveryDispatchJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Deliveries;
        if (!settings.Dispatch)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(1, settings.CheckSeconds));
        var immediate = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<DeliveryDispatcher>();
                await dispatcher.DispatchDueAsync(stoppingToken);
                // A retry due before the next look is tried when it falls due, not up to an interval later.
                if (await dispatcher.NextDueAsync(stoppingToken) is { } next)
                {
                    var until = next - clock.GetUtcNow();
                    wait = until < wait ? until : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // What was not sent stays pending; the next round tries again.
                log.LogError(e, "Dispatching deliveries failed; retrying in {Seconds} seconds", interval.TotalSeconds);
            }
            // Due already (it fell due during the run): once more at once, but never a busy loop.
            if (wait <= TimeSpan.Zero && ++immediate <= 3)
            {
                continue;
            }
            immediate = 0;
            wait = wait <= TimeSpan.Zero ? interval : wait;
            try
            {
                await signal.WaitAsync(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
