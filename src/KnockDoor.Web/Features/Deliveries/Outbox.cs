using System.Threading.Channels;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using KnockDoor.Core.Notifications;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Deliveries;

/// <summary>Wakes the dispatcher: a delivery was stored that should go out at once (a critical hazard, a job's messages).</summary>
public sealed class DeliverySignal
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => wake.Writer.TryWrite(true);

    /// <summary>Completes when notified (true) or when the time is up (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, clock, timer.Token);
        var read = wake.Reader.WaitToReadAsync(timer.Token).AsTask();
        var first = await Task.WhenAny(delay, read);
        await timer.CancelAsync();
        ct.ThrowIfCancellationRequested();
        if (first == read && wake.Reader.TryRead(out _))
        {
            return true;
        }
        return false;
    }
}

/// <summary>
/// Makes and stores deliveries (the outbox). A delivery is stored once per <see cref="Delivery.DedupeKey"/>: two runs at once
/// (two servers) meet at the unique index, and the loser's row counts as already stored.
/// </summary>
public sealed class Outbox(AppDbContext db, RobotSender robots, DeliverySignal signal)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A new pending delivery, due now.</summary>
    public static Delivery New(string countyCode, DeliveryChannel channel, DeliveryKind kind, string dedupeKey, DateOnly day,
        string recipient, string subject, string body, DateTimeOffset now) => new()
        {
            Id = Guid.NewGuid(),
            CountyCode = countyCode,
            Channel = channel,
            Kind = kind,
            DedupeKey = dedupeKey,
            Day = day,
            Recipient = recipient,
            Subject = Truncate(subject, 200),
            Body = Truncate(body, 20000),
            Status = DeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };

    /// <summary>One delivery per configured group robot (none when no robot is configured), keyed "{key}:{robot}".</summary>
    public IEnumerable<Delivery> ToRobots(string countyCode, DeliveryKind kind, string key, DateOnly day, string subject, string body, DateTimeOffset now) =>
        robots.Configured().Select(channel => New(countyCode, channel, kind, $"{key}:{RobotName(channel)}", day,
            RobotName(channel), subject, body, now));

    public static string RobotName(DeliveryChannel channel) => channel switch
    {
        DeliveryChannel.DingTalk => RobotSender.DingTalkRecipient,
        DeliveryChannel.WeCom => RobotSender.WeComRecipient,
        DeliveryChannel.Email => "email",
    };

    /// <summary>Stores the deliveries and notifications not stored yet and wakes the dispatcher; returns how many this call stored.</summary>
    public async Task<int> StoreNewAsync(IReadOnlyList<Delivery> deliveries, IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        var count = await InsertNewAsync(db.Deliveries, deliveries, d => d.DedupeKey,
                keys => db.Deliveries.AsNoTracking().Where(d => keys.Contains(d.DedupeKey)).Select(d => d.DedupeKey).ToListAsync(ct), ct)
            + await InsertNewAsync(db.Notifications, notifications, n => n.DedupeKey!,
                keys => db.Notifications.AsNoTracking().Where(n => n.DedupeKey != null && keys.Contains(n.DedupeKey)).Select(n => n.DedupeKey!).ToListAsync(ct), ct);
        if (deliveries.Count > 0)
        {
            signal.Notify();
        }
        return count;
    }

    private async Task<int> InsertNewAsync<T>(DbSet<T> set, IReadOnlyList<T> rows, Func<T, string> key,
        Func<List<string>, Task<List<string>>> storedKeys, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        var keys = rows.Select(key).ToList();
        // Reading the keys stored only spares work; the unique index decides.
        var seen = (await storedKeys(keys)).ToHashSet(StringComparer.Ordinal);
        // In key order: two runs storing the same messages take the unique index's locks in the same order, so the second
        // waits for the first and finds its keys taken, instead of each holding a key the other wants (a deadlock).
        var fresh = rows.Where(r => seen.Add(key(r))).OrderBy(key, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }
        set.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh.Count;
        }
        catch (Exception e) when (Database.IsUniqueViolation(e) || Database.IsDeadlock(e))
        {
            db.ChangeTracker.Clear();
        }
        // Another run stored some of them first: one at a time, each either stored now or already there.
        var count = 0;
        foreach (var row in fresh)
        {
            if (row is Notification n)
            {
                n.Id = 0;
            }
            set.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                count++;
            }
            catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
            {
                // Already stored by the other run.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return count;
    }

    public static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>A day as keys write it.</summary>
    public static string Key(DateOnly day) => day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>China time of an instant, as the messages write it.</summary>
    public static string China(DateTimeOffset at) => ChinaTime.Text(at);
}
