using System.Net;
using System.Text.Json;
using KnockDoor.Core.Data;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnockDoor.IntegrationTests.Field;

/// <summary>
/// The phone form (/field/) on a 360×740 screen: the demo field worker fills the household checklist of one
/// of his tasks, signs, attaches a photo and submits; the office then sees exactly one visit with its hazards
/// and photo, and the coverage counts it.
/// </summary>
public sealed class FieldAppBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Items whose hazard answer is 否 (the others are hazards when 是).</summary>
    private static readonly HashSet<string> HazardIfNo = ["H03", "H08", "H09", "H11", "H12", "H14", "H16", "W05", "W06"];

    /// <summary>
    /// The assignments go straight into the database, as the plan would store them, for three new
    /// 宁乡演示一村 targets (the test depends only on the field app and the visits, tasks and coverage APIs).
    /// </summary>
    private static async Task<List<Guid>> AssignToWorkerAsync(KdApp app, HttpClient admin, int count, Action<Dictionary<string, object?>>? adjust = null)
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
        var worker = await db.Users.SingleAsync(u => u.UserName == "worker");
        var assigner = await db.Users.SingleAsync(u => u.UserName == "ningxiang");
        var campaign = await CampaignEndpoints.CurrentAsync(db, TestData.County, CancellationToken.None)
            ?? throw new InvalidOperationException("The demo county has no current campaign.");
        var now = app.Clock.GetUtcNow();
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

    private static async Task<int> VisitedInVillageAsync(HttpClient office)
    {
        using var response = await office.GetAsync($"/api/v1/coverage?orgUnit={TestData.Ningxiang}");
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        var units = body.ValueKind == JsonValueKind.Array ? body : body.GetProperty("units");
        foreach (var unit in units.EnumerateArray())
        {
            var code = unit.TryGetProperty("code", out var c) ? c.GetString() : unit.GetProperty("orgUnitCode").GetString();
            if (code == TestData.NingxiangVillage)
            {
                return unit.GetProperty("visited").GetInt32();
            }
        }
        throw new InvalidOperationException($"The coverage of {TestData.Ningxiang} has no row for {TestData.NingxiangVillage}: {body}");
    }

    /// <summary>A small real JPEG, drawn by the browser itself.</summary>
    private static async Task<byte[]> JpegAsync(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            () => { const c = document.createElement('canvas'); c.width = 640; c.height = 480;
              const g = c.getContext('2d'); g.fillStyle = '#c0392b'; g.fillRect(0, 0, 640, 480);
              g.fillStyle = '#fff'; g.fillRect(100, 100, 200, 120); return c.toDataURL('image/jpeg', 0.9); }
            """);
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>The phone, signed out: the app leads to the login page, which comes back to /field/.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> OpenFieldAppAsync(KdApp app)
    {
        var browser = await fixture.BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.RootUri.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/field/");
        await page.Locator("#sign-in").ClickAsync();
        await page.FillAsync("#UserName", "worker");
        await page.FillAsync("#Password", KdApp.DemoPassword);
        await page.Locator("form:has(#UserName) button[type=submit]").ClickAsync();
        // The sign-in (password hashing) can be slow on a busy machine: wait for the list itself, generously.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/field/",
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        return (context, page);
    }

    /// <summary>Every item of the open form answered the safe way.</summary>
    private static async Task AnswerAllSafeAsync(IPage page)
    {
        var items = page.Locator(".item");
        await items.First.WaitForAsync();
        foreach (var item in await items.AllAsync())
        {
            var code = await item.GetAttributeAsync("data-code") ?? throw new InvalidOperationException("An item without data-code.");
            await page.Locator($"#item-{code} .seg button[data-value={(HazardIfNo.Contains(code) ? "Yes" : "No")}]").ClickAsync();
        }
    }

    [Theory, BothEngines]
    public async Task Worker_RequiredHeaderBlank_SubmitBlockedNamingIt_PrefilledFromRegistry(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetIds = await AssignToWorkerAsync(app, admin, 1, t => t["address"] = null);
        var targetId = targetIds[0];
        using var created = await admin.GetAsync($"/api/v1/targets/{targetId}");
        var name = (await created.ExpectAsync(HttpStatusCode.OK)).Str("name");
        var (context, page) = await OpenFieldAppAsync(app);
        await using var _ = context;
        var posts = page.CountRequests("POST", "/api/v1/visits");

        await page.Locator($"#tasks .task[data-target='{targetId}']").ClickAsync();
        await AnswerAllSafeAsync(page);

        // The header comes from the registry: the name is there, the address the registry lacks is not.
        Assert.Equal(name, await page.Locator("#h-placeName").InputValueAsync());
        Assert.Equal("", await page.Locator("#h-address").InputValueAsync());
        Assert.Equal(1, await page.Locator("label[for=h-address] .req").CountAsync());
        Assert.Equal(0, await page.Locator("label[for=h-floors] .req").CountAsync());
        await page.Locator("#submit").ClickAsync();

        var alert = page.Locator("#form-message [role=alert]");
        await alert.WaitForAsync();
        Assert.Contains("表头必填项未填写：地址", await alert.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("missing", await page.Locator("#h-address").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal(0, posts());

        await page.Locator("#h-address").FillAsync("宁乡演示一村五组 6 号");
        await page.Locator("#submit").ClickAsync();
        await page.Locator($"#tasks .task[data-target='{targetId}'] .tag.done").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('outbox').hidden");

        Assert.Equal(1, posts());
        using var list = await township.GetAsync($"/api/v1/visits?targetId={targetId}");
        var visitId = Assert.Single((await list.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
        using var detail = await township.GetAsync($"/api/v1/visits/{visitId}");
        var header = (await detail.ExpectAsync(HttpStatusCode.OK)).GetProperty("header");
        Assert.Equal(name, header.Str("placeName"));
        Assert.Equal("宁乡演示一村五组 6 号", header.Str("address"));
    }

    [Theory, BothEngines]
    public async Task Worker_FillsHouseholdChecklistOnPhone_VisitHazardsPhotoAndCoverageArrive(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetIds = await AssignToWorkerAsync(app, admin, 3);
        var targetId = targetIds[0];
        var visitedBefore = await VisitedInVillageAsync(admin);
        var (context, page) = await OpenFieldAppAsync(app);
        await using var _ = context;

        var row = page.Locator($"#tasks .task[data-target='{targetId}']");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        Assert.DoesNotContain("已走访", await row.InnerTextAsync());
        await row.ClickAsync();

        // Every item answered: H13 (charcoal in a closed room, critical) is the hazard left open,
        // H10 (e-bike charged indoors) the one fixed on the spot; every other answer is the safe one.
        var items = page.Locator(".item");
        await items.First.WaitForAsync();
        foreach (var item in await items.AllAsync())
        {
            var code = await item.GetAttributeAsync("data-code") ?? throw new InvalidOperationException("An item without data-code.");
            var answer = code is "H13" or "H10" ? "Yes" : HazardIfNo.Contains(code) ? "Yes" : "No";
            await page.Locator($"#item-{code} .seg button[data-value={answer}]").ClickAsync();
        }
        Assert.Contains("一氧化碳", await page.Locator("#item-H13 .hint").InnerTextAsync());
        await page.Locator("#item-H13 .note").FillAsync("屋内烧炭取暖，门窗紧闭");
        await page.Locator("#item-H10 .fixed input").CheckAsync();

        // The visited person signs: a stroke of mouse moves on the canvas.
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

        var jpeg = await JpegAsync(page);
        await page.Locator("input[type=file]:not([data-item^='H']):not([data-item^='W'])").SetInputFilesAsync(
            new FilePayload { Name = "door.jpg", MimeType = "image/jpeg", Buffer = jpeg });
        await page.Locator("#thumbs .thumb").WaitForAsync();

        // The app's clock (a fake that stands still) catches up with the browser's, which stamped the times.
        app.Clock.SetUtcNow(DateTimeOffset.UtcNow.AddSeconds(1));
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#tasks").WaitForAsync();
        await page.Locator($"#tasks .task[data-target='{targetId}'] .tag.done").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('outbox').hidden");

        // Exactly one visit for the target, with its hazards, the signature and the photo.
        using var list = await township.GetAsync($"/api/v1/visits?targetId={targetId}");
        var visitList = await list.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, visitList.GetProperty("total").GetInt32());
        var visitId = Assert.Single(visitList.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();

        using var detail = await township.GetAsync($"/api/v1/visits/{visitId}");
        var visit = await detail.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Visited", visit.GetProperty("outcome").GetString());
        Assert.True(visit.GetProperty("hasSignature").GetBoolean());
        var hazards = visit.GetProperty("hazards").EnumerateArray()
            .ToDictionary(h => h.GetProperty("itemCode").GetString() ?? "", h => h.GetProperty("status").GetString());
        Assert.Equal(2, hazards.Count);
        Assert.Equal("Open", hazards["H13"]);
        Assert.Equal("FixedOnSpot", hazards["H10"]);

        var photo = Assert.Single(visit.GetProperty("photos").EnumerateArray());
        using (var image = await township.GetAsync($"/api/v1/visits/{visitId}/photos/{photo.GetProperty("id").GetGuid()}"))
        {
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        }
        using (var signature = await township.GetAsync($"/api/v1/visits/{visitId}/signature.png"))
        {
            Assert.Equal(HttpStatusCode.OK, signature.StatusCode);
        }

        Assert.Equal(visitedBefore + 1, await VisitedInVillageAsync(admin));
    }
}
