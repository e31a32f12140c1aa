using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>
/// A real SMTP server and a stand-in for the group robots on 127.0.0.1, and apps (one per engine and server zone, each with
/// a clock the tests move forward) that send to them: the dispatcher runs in the background (woken by new deliveries, and
/// every 30 s of the app's clock), at most 3 attempts; the daily-report jobs are run by the tests at the instants they choose.
/// The demo campaign runs to 2099 so that every day the tests pick is a campaign day.
/// </summary>
public sealed class DeliveryApps : IAsyncLifetime
{
    public const string DingTalkSecret = "SECtest-secret";

    private readonly Dictionary<(Engine, string), KdApp> _apps = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<KdApp, string> _tags = new();
    private int _count;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public LocalSmtp Smtp { get; private set; } = null!;

    public LocalWebhook Robots { get; private set; } = null!;

    /// <summary>Each app's own name: its campaign's mailbox is office-{tag}@… and its robots are /{tag}/dingtalk and /{tag}/wecom.</summary>
    public string Tag(KdApp app) => _tags[app];

    public string OfficeMailbox(KdApp app) => $"office-{Tag(app)}@zhongyang.test";

    public Dictionary<string, string?> Settings(string tag) => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:From"] = "knockdoor@zhongyang.test",
        ["Mail:FromName"] = "中阳县敲门行动",
        ["Reports:Webhooks:DingTalk:Url"] = Robots.Root + tag + "/dingtalk?access_token=test-token",
        ["Reports:Webhooks:DingTalk:Secret"] = DingTalkSecret,
        ["Reports:Webhooks:WeCom:Url"] = Robots.Root + tag + "/wecom?key=test-key",
        ["Reports:Deliveries:Dispatch"] = "true",
        ["Reports:Deliveries:CheckSeconds"] = "30",
        ["Reports:Deliveries:MaxAttempts"] = "3",
    };

    public async Task<KdApp> GetAsync(Engine engine, string zone = "UTC")
    {
        await _lock.WaitAsync();
        try
        {
            if (!_apps.TryGetValue((engine, zone), out var app))
            {
                app = await StartAsync(await TestDatabase.CreateAsync(engine), zone);
                _apps[(engine, zone)] = app;
            }
            return app;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A new app (the caller disposes it); on another app's database when <paramref name="ownsDatabase"/> is false (a second server).</summary>
    public async Task<KdApp> StartAsync(TestDatabase database, string zone = "UTC", bool ownsDatabase = true, DateTimeOffset? at = null, string? tag = null)
    {
        tag ??= "app" + Interlocked.Increment(ref _count).ToString(CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(at ?? DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById(zone));
        var app = new KdApp(database, clock: clock, settings: Settings(tag), ownsDatabase: ownsDatabase);
        _tags[app] = tag;
        var mailbox = OfficeMailbox(app);
        try
        {
            app.Start();
            await WithDbAsync(app, db => db.Campaigns.Where(c => c.IsActive).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.SummaryEnd, new DateOnly(2099, 12, 31)).SetProperty(c => c.ReportMailbox, mailbox)));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    public async Task InitializeAsync()
    {
        Smtp = LocalSmtp.Start();
        Robots = LocalWebhook.Start();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }
        _apps.Clear();
        _lock.Dispose();
        await Smtp.DisposeAsync();
        await Robots.DisposeAsync();
    }

    // ---------- helpers of the delivery tests ----------

    /// <summary>An instant given in China time.</summary>
    public static DateTimeOffset At(DateOnly day, int hour, int minute, int second = 0) =>
        ChinaTime.StartOf(day).AddHours(hour).AddMinutes(minute).AddSeconds(second);

    /// <summary>Moves the app's clock forward to the instant (never back).</summary>
    public static void MoveTo(KdApp app, DateTimeOffset at)
    {
        if (at > app.Clock.GetUtcNow())
        {
            app.Clock.SetUtcNow(at);
        }
    }

    /// <summary>Moves the app's clock on and runs the dispatcher there (as the background one also does; the claims keep each send single).</summary>
    public static async Task AdvanceAsync(KdApp app, TimeSpan by)
    {
        app.Clock.Advance(by);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KnockDoor.Web.Features.Deliveries.DeliveryDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    /// <summary>Runs the daily-report jobs at the app's clock, as the background job would.</summary>
    public static async Task<int> RunJobsAsync(KdApp app, bool lease = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<DailyReportJobs>();
        return lease ? await jobs.RunAsync(CancellationToken.None) : await jobs.RunUnleasedAsync(app.Clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>Waits (up to a minute) for something the background dispatcher does; fails with the message if it never happens.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "never happened: " + what);
            await Task.Delay(50);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    /// <summary>Gives a demo account a fresh e-mail address (unique in this run) and returns it.</summary>
    public static async Task<string> NewEmailAsync(KdApp app, string userName, string prefix = "")
    {
        var address = $"{prefix}{userName}-{Guid.NewGuid().ToString("N")[..10]}@zhongyang.test";
        await WithDbAsync(app, db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Email, address).SetProperty(u => u.NormalizedEmail, address.ToUpperInvariant())));
        return address;
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
