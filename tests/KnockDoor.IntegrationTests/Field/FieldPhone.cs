using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Data;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Field;

/// <summary>What the phone-app tests share: a 360×740 phone, signing in through the app, filling forms, and the server's side.</summary>
internal static class FieldPhone
{
    /// <summary>Items whose hazard answer is 否 (the others are hazards when 是).</summary>
    private static readonly HashSet<string> HazardIfNo = ["H03", "H08", "H09", "H11", "H12", "H14", "H16", "W05", "W06"];

    /// <summary>Sign-in hashes a password and the first sync downloads the tasks: slow on a busy machine.</summary>
    public const int SlowMs = 60_000;

    /// <summary>A phone: 360×740, Chinese, China time; service workers allowed (the app installs one).</summary>
    public static async Task<IBrowserContext> PhoneAsync(BrowserFixture fixture, KdApp app)
    {
        var browser = await fixture.BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.RootUri.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            ServiceWorkers = ServiceWorkerPolicy.Allow,
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    /// <summary>Opens /field/ signed out, signs in through the login page and waits until the app is back on /field/.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password = KdApp.DemoPassword)
    {
        if (new Uri(page.Url).AbsolutePath != "/Account/Login")
        {
            await page.GotoAsync("/field/");
            await page.Locator("#sign-in").ClickAsync(new LocatorClickOptions { Timeout = SlowMs });
        }
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.Locator("form:has(#UserName) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/field/",
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = SlowMs });
    }

    /// <summary>The task row of a target (present once a sync has brought it to the phone).</summary>
    public static ILocator Row(IPage page, Guid targetId) => page.Locator($"#tasks .task[data-target='{targetId}']");

    public static Task WaitForRowAsync(IPage page, Guid targetId) =>
        Row(page, targetId).WaitForAsync(new LocatorWaitForOptions { Timeout = SlowMs });

    /// <summary>The service worker controls the page: the shell is in its cache and the app opens offline.</summary>
    public static Task WaitForServiceWorkerAsync(IPage page) =>
        page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new PageWaitForFunctionOptions { Timeout = SlowMs });

    /// <summary>Waits until the status line counts this many records waiting (0: all acknowledged by the server).</summary>
    public static Task WaitForPendingAsync(IPage page, int count, int timeoutMs = 20_000) =>
        page.WaitForFunctionAsync("n => document.getElementById('outbox')?.dataset.pending === String(n)", count,
            new PageWaitForFunctionOptions { Timeout = timeoutMs });

    public static async Task<int> PendingAsync(IPage page) =>
        int.Parse(await page.Locator("#outbox").GetAttributeAsync("data-pending") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens a target's form from the list and submits it with an outcome other than 入户走访 (no checklist).</summary>
    public static async Task SubmitOutcomeAsync(IPage page, Guid targetId, string outcome)
    {
        await Row(page, targetId).ClickAsync();
        await page.Locator($".outcomes button[data-value={outcome}]").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#tasks").WaitForAsync();
    }

    /// <summary>
    /// Answers every item: H13 (charcoal in a closed room, critical) is the hazard left open, H10 (e-bike charged
    /// indoors) the one fixed on the spot; every other answer is the safe one.
    /// </summary>
    public static async Task AnswerChecklistAsync(IPage page)
    {
        var items = page.Locator(".item");
        await items.First.WaitForAsync();
        foreach (var item in await items.AllAsync())
        {
            var code = await item.GetAttributeAsync("data-code") ?? throw new InvalidOperationException("An item without data-code.");
            var answer = code is "H13" or "H10" ? "Yes" : HazardIfNo.Contains(code) ? "Yes" : "No";
            await page.Locator($"#item-{code} .seg button[data-value={answer}]").ClickAsync();
        }
        await page.Locator("#item-H13 .note").FillAsync("屋内烧炭取暖，门窗紧闭");
        await page.Locator("#item-H10 .fixed input").CheckAsync();
    }

    /// <summary>Every item of the open form answered the safe way.</summary>
    public static async Task AnswerAllSafeAsync(IPage page)
    {
        var items = page.Locator(".item");
        await items.First.WaitForAsync();
        foreach (var item in await items.AllAsync())
        {
            var code = await item.GetAttributeAsync("data-code") ?? throw new InvalidOperationException("An item without data-code.");
            await page.Locator($"#item-{code} .seg button[data-value={(HazardIfNo.Contains(code) ? "Yes" : "No")}]").ClickAsync();
        }
    }

    /// <summary>The visited person signs: a stroke of mouse moves on the canvas.</summary>
    public static async Task SignAsync(IPage page)
    {
        var canvas = page.Locator("#signature");
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("The signature canvas is not visible.");
        await page.Mouse.MoveAsync(box.X + 30, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        for (var i = 1; i <= 15; i++)
        {
            await page.Mouse.MoveAsync(box.X + 30 + (i * 15), box.Y + (box.Height / 2) + (i % 2 == 0 ? 25 : -25));
        }
        await page.Mouse.UpAsync();
    }

    /// <summary>Adds a small real JPEG (drawn by the browser itself) as a photo of the visit.</summary>
    public static async Task AddPhotoAsync(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            () => { const c = document.createElement('canvas'); c.width = 640; c.height = 480;
              const g = c.getContext('2d'); g.fillStyle = '#c0392b'; g.fillRect(0, 0, 640, 480);
              g.fillStyle = '#fff'; g.fillRect(100, 100, 200, 120); return c.toDataURL('image/jpeg', 0.9); }
            """);
        var jpeg = Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]);
        await page.Locator("input[type=file]:not([data-item^='H']):not([data-item^='W'])").SetInputFilesAsync(
            new FilePayload { Name = "door.jpg", MimeType = "image/jpeg", Buffer = jpeg });
        await page.Locator("#thumbs .thumb").WaitForAsync();
    }

    /// <summary>
    /// New 宁乡演示一村 targets (adjusted before they are created, if asked) assigned to a worker straight in the
    /// database, as the plan would store them (the tests depend only on the field app and the visits, tasks and sync APIs).
    /// </summary>
    public static async Task<List<Guid>> AssignAsync(KdApp app, HttpClient admin, string workerUserName, int count,
        Action<Dictionary<string, object?>>? adjust = null)
    {
        var targetIds = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var target = TestData.Target(TestData.NingxiangVillage);
            adjust?.Invoke(target);
            var created = await admin.CreateTargetAsync(target);
            targetIds.Add(created.GetProperty("id").GetGuid());
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var worker = await db.Users.SingleAsync(u => u.UserName == workerUserName);
        var assigner = await db.Users.SingleAsync(u => u.UserName == "ningxiang");
        var campaign = await CampaignEndpoints.CurrentAsync(db, TestData.County, CancellationToken.None)
            ?? throw new InvalidOperationException("The demo county has no current campaign.");
        var now = DateTimeOffset.UtcNow;
        foreach (var id in targetIds)
        {
            var target = await db.Targets.SingleAsync(t => t.Id == id);
            db.Assignments.Add(new Assignment
            {
                Id = Guid.NewGuid(),
                CountyCode = TestData.County,
                CampaignId = campaign.Id,
                TargetId = id,
                OrgPath = target.OrgPath,
                WorkerId = worker.Id,
                PlannedDate = DateOnly.FromDateTime(now.UtcDateTime),
                AssignedAt = now,
                AssignedBy = assigner.Id,
                UpdatedAt = now,
                Version = 1,
            });
        }
        await db.SaveChangesAsync();
        return targetIds;
    }

    /// <summary>A new field worker of 宁乡镇 who can sign in at once (the temporary-password change is skipped).</summary>
    public static async Task<string> NewWorkerAsync(KdApp app, HttpClient admin)
    {
        var userName = TestData.UserName("w");
        using (var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "测试网格员",
            role = "worker",
            orgUnitCode = TestData.Ningxiang,
            password = TestData.AccountPassword,
            phone = TestData.Mobile(),
        }))
        {
            await response.ExpectAsync(HttpStatusCode.Created);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
        return userName;
    }

    /// <summary>The visits the server holds for a target (as the township office lists them).</summary>
    public static async Task<JsonElement> VisitsOfAsync(HttpClient office, Guid targetId)
    {
        using var list = await office.GetAsync($"/api/v1/visits?targetId={targetId}");
        return await list.ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>Polls the server until the condition holds (the phone sends in the background).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutMs = SlowMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true after {timeoutMs} ms: {what}");
            }
            await Task.Delay(250);
        }
    }
}
