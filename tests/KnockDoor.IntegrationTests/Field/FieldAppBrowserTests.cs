using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Visits;
using Microsoft.Playwright;
using static KnockDoor.IntegrationTests.Field.FieldPhone;

namespace KnockDoor.IntegrationTests.Field;

/// <summary>
/// The phone app (/field/) on a 360×740 screen, online and offline: the demo field worker (or a second one) fills
/// forms, the app keeps them on the phone and sends them by itself; the server then holds each visit exactly once.
/// </summary>
public sealed class FieldAppBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
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

    private static async Task<int> VisitCountAsync(HttpClient office, Guid targetId) =>
        (await VisitsOfAsync(office, targetId)).GetProperty("total").GetInt32();

    /// <summary>Makes the server's answers to visit submissions fail before they reach the page (the phone sees no network).</summary>
    private static Task BlockVisitsAsync(IBrowserContext context) => context.RouteAsync("**/api/v1/visits", route => route.AbortAsync());

    [Theory, BothEngines]
    public async Task Worker_RequiredHeaderBlank_SubmitBlockedNamingIt_PrefilledFromRegistry(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetId = (await AssignAsync(app, admin, "worker", 1, t => t["address"] = null))[0];
        using var created = await admin.GetAsync($"/api/v1/targets/{targetId}");
        var name = (await created.ExpectAsync(HttpStatusCode.OK)).Str("name");
        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        var posts = page.CountRequests("POST", "/api/v1/visits");
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);

        await Row(page, targetId).ClickAsync();
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
        await WaitForPendingAsync(page, 0, SlowMs);

        Assert.Equal(1, posts());
        var visitId = Assert.Single((await VisitsOfAsync(township, targetId)).GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
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
        var targetId = (await AssignAsync(app, admin, "worker", 3))[0];
        var visitedBefore = await VisitedInVillageAsync(admin);

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();

        // Signed out: the app leads to the login page, which comes back to /field/.
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);
        Assert.DoesNotContain("已走访", await Row(page, targetId).InnerTextAsync());
        await Row(page, targetId).ClickAsync();

        await AnswerChecklistAsync(page);
        Assert.Contains("一氧化碳", await page.Locator("#item-H13 .hint").InnerTextAsync());
        await SignAsync(page);
        await AddPhotoAsync(page);

        await page.Locator("#submit").ClickAsync();
        await page.Locator($"#tasks .task[data-target='{targetId}'] .tag.done").WaitForAsync();
        await WaitForPendingAsync(page, 0, SlowMs);

        // Exactly one visit for the target, with its hazards, the signature and the photo.
        var visitList = await VisitsOfAsync(township, targetId);
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

    [Theory, BothEngines]
    public async Task Offline_ThreeFormsFilledAfterReloadAndNewPage_EachArrivesOnceWithItsPhoto(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targets = await AssignAsync(app, admin, "worker", 3);

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "worker");
        foreach (var id in targets)
        {
            await WaitForRowAsync(page, id);
        }
        await WaitForServiceWorkerAsync(page);

        // No network from here: the app itself comes from the service worker, the tasks from IndexedDB.
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await WaitForRowAsync(page, targets[0]);
        Assert.Contains("离线", await page.Locator("#outbox").InnerTextAsync());

        await Row(page, targets[0]).ClickAsync();
        await AnswerChecklistAsync(page);
        await SignAsync(page);
        await AddPhotoAsync(page);
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#tasks").WaitForAsync();
        await SubmitOutcomeAsync(page, targets[1], "NobodyHome");
        await SubmitOutcomeAsync(page, targets[2], "Refused");
        await WaitForPendingAsync(page, 3);
        Assert.Equal("1", await page.Locator("#outbox").GetAttributeAsync("data-photos"));
        Assert.Contains("待发送 3 条（照片 1 张）", await page.Locator("#outbox-text").InnerTextAsync());

        // The tab is closed and the app opened again, still offline: the three records are still there.
        await page.CloseAsync();
        page = await context.NewPageAsync();
        await page.GotoAsync("/field/");
        await WaitForRowAsync(page, targets[0]);
        await WaitForPendingAsync(page, 3);
        foreach (var id in targets)
        {
            Assert.Equal(0, await VisitCountAsync(township, id));
        }

        // The network returns: the outbox sends itself.
        await context.SetOfflineAsync(false);
        await WaitForPendingAsync(page, 0, SlowMs);

        foreach (var id in targets)
        {
            Assert.Equal(1, await VisitCountAsync(township, id));
        }
        var first = Assert.Single((await VisitsOfAsync(township, targets[0])).GetProperty("items").EnumerateArray());
        using var detail = await township.GetAsync($"/api/v1/visits/{first.GetProperty("id").GetGuid()}");
        var visit = await detail.ExpectAsync(HttpStatusCode.OK);
        Assert.True(visit.GetProperty("hasSignature").GetBoolean());
        Assert.Single(visit.GetProperty("photos").EnumerateArray());
    }

    [Theory, BothEngines]
    public async Task FlakyNetwork_VisitStoredButAnswerLost_ResentAndStoredOnce(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetId = (await AssignAsync(app, admin, "worker", 1))[0];

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);

        // The first submission reaches the server, which stores it, but the answer never reaches the phone.
        var posts = 0;
        await page.RouteAsync("**/api/v1/visits", async route =>
        {
            if (Interlocked.Increment(ref posts) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await SubmitOutcomeAsync(page, targetId, "NobodyHome");
        await EventuallyAsync(async () => await VisitCountAsync(township, targetId) == 1, "the server stores the first submission");
        Assert.True(await PendingAsync(page) == 1 || posts > 1, "The phone kept the record it got no answer for.");

        // Sent again after the back-off: the server answers with the same visit, and the record leaves the phone.
        await WaitForPendingAsync(page, 0, SlowMs);
        Assert.True(posts >= 2, $"Expected the visit to be posted again, it was posted {posts} time(s).");
        Assert.Equal(1, await VisitCountAsync(township, targetId));
    }

    [Theory, BothEngines]
    public async Task SignOut_WithUnsentVisit_WarnsAndKeepsItForTheNextSignIn(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetId = (await AssignAsync(app, admin, "worker", 1))[0];

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);
        await BlockVisitsAsync(context);
        await SubmitOutcomeAsync(page, targetId, "NobodyHome");
        await WaitForPendingAsync(page, 1);

        // 取消: nothing happens.
        var accept = false;
        var warning = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Dialog += async (_, dialog) =>
        {
            warning.TrySetResult(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await page.Locator("#sign-out").ClickAsync();
        var text = await warning.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("1 条走访记录未发送", text);
        Assert.Contains("仍保存在本机", text);
        Assert.Equal("/field/", new Uri(page.Url).AbsolutePath);
        Assert.Equal(1, await PendingAsync(page));

        // 确定: signed out, and the record is still on the phone when the same worker signs in again.
        accept = true;
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = SlowMs });
        Assert.Equal(0, await VisitCountAsync(township, targetId));

        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);
        await WaitForPendingAsync(page, 1);
        await context.UnrouteAsync("**/api/v1/visits");
        await page.Locator("#outbox-send").ClickAsync();
        await WaitForPendingAsync(page, 0, SlowMs);
        Assert.Equal(1, await VisitCountAsync(township, targetId));
    }

    [Theory, BothEngines]
    public async Task SecondWorker_SamePhone_NeverSeesOrSendsTheFirstWorkersTargetsAndOutbox(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var second = await NewWorkerAsync(app, admin);
        var firstTargets = await AssignAsync(app, admin, "worker", 2);
        var secondTargets = await AssignAsync(app, admin, second, 2);

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, firstTargets[0]);
        await BlockVisitsAsync(context);
        await SubmitOutcomeAsync(page, firstTargets[0], "NobodyHome");
        await WaitForPendingAsync(page, 1);
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = SlowMs });

        // The second worker on the same phone: own tasks only, an empty outbox, and sending sends nothing of the first's.
        await context.UnrouteAsync("**/api/v1/visits");
        await SignInAsync(page, second, TestData.AccountPassword);
        await WaitForRowAsync(page, secondTargets[1]);
        await WaitForPendingAsync(page, 0);
        await page.Locator("#outbox-send").ClickAsync();
        await page.WaitForFunctionAsync("() => !document.getElementById('outbox-send').disabled");
        foreach (var id in firstTargets)
        {
            Assert.Equal(0, await Row(page, id).CountAsync());
        }
        Assert.Equal(0, await VisitCountAsync(township, firstTargets[0]));

        // The first worker, back on the phone, finds the record and it is sent.
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = SlowMs });
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, firstTargets[0]);
        foreach (var id in secondTargets)
        {
            Assert.Equal(0, await Row(page, id).CountAsync());
        }
        await WaitForPendingAsync(page, 0, SlowMs);
        Assert.Equal(1, await VisitCountAsync(township, firstTargets[0]));
    }

    [Theory, BothEngines]
    public async Task ExpiredSignIn_AppOpensFromThePhone_FormKeptUntilSignedInAgain(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetId = (await AssignAsync(app, admin, "worker", 1))[0];

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);

        // The sign-in cookie is gone (expired): the app still opens with the worker's tasks and takes the form.
        await context.ClearCookiesAsync();
        await page.ReloadAsync();
        await WaitForRowAsync(page, targetId);
        await SubmitOutcomeAsync(page, targetId, "NobodyHome");
        var again = page.Locator("#sign-in-again");
        await again.WaitForAsync();
        Assert.Equal("请重新登录后发送", await again.InnerTextAsync());
        Assert.Equal(1, await PendingAsync(page));
        Assert.Equal(0, await VisitCountAsync(township, targetId));

        // Signing in again returns to the app, which sends the record.
        await again.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = SlowMs });
        await SignInAsync(page, "worker");
        await WaitForPendingAsync(page, 0, SlowMs);
        Assert.Equal(1, await VisitCountAsync(township, targetId));
    }

    [Theory, BothEngines]
    public async Task RegistryChangedAfterSync_VisitCarriesItsTargetVersion_ConflictKeptBesideTheVisit(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        var targetId = (await AssignAsync(app, admin, "worker", 1))[0];

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);

        // The office corrects the address after the phone synced: the form is pre-filled from the old version.
        var target = await (await township.GetAsync($"/api/v1/targets/{targetId}")).ExpectAsync(HttpStatusCode.OK);
        var update = JsonSerializer.Deserialize<Dictionary<string, object?>>(target.GetRawText())!;
        update["address"] = "宁乡演示一村 新编 8 号";
        using (var put = await township.PutAsJsonAsync($"/api/v1/targets/{targetId}", update))
        {
            await put.ExpectAsync(HttpStatusCode.OK);
        }

        await Row(page, targetId).ClickAsync();
        await AnswerChecklistAsync(page);
        await SignAsync(page);
        Assert.Equal(target.Str("address"), await page.Locator("#h-address").InputValueAsync());
        await page.Locator("#submit").ClickAsync();
        await page.Locator("#tasks").WaitForAsync();
        await WaitForPendingAsync(page, 0, SlowMs);

        // Stored as usual, with the registry conflict beside it for the township office.
        Assert.Equal(1, await VisitCountAsync(township, targetId));
        var conflicts = await (await township.GetAsync("/api/v1/visits/conflicts")).ExpectAsync(HttpStatusCode.OK);
        var conflict = Assert.Single(conflicts.GetProperty("open").EnumerateArray(), c => c.GetProperty("targetId").GetGuid() == targetId);
        Assert.Contains(conflict.GetProperty("fields").EnumerateArray(), f => f.Str("key") == "address" && f.GetProperty("differs").GetBoolean());
    }

    [Theory, BothEngines]
    public async Task IdConflict_SameIdOtherContent_RecordKeptWithTheServersMessageAndNotResent(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        using var admin = await app.SignInAsync("admin");
        using var township = await app.SignInAsync("ningxiang");
        using var worker = await app.SignInAsync("worker");
        var targetId = (await AssignAsync(app, admin, "worker", 1))[0];
        var (templateId, _) = await VisitTestKit.CurrentTemplateAsync(app, ChecklistKind.Household);
        var userId = (await (await worker.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK)).Str("id");

        await using var context = await PhoneAsync(fixture, app);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "worker");
        await WaitForRowAsync(page, targetId);
        await Row(page, targetId).ClickAsync();
        await page.Locator(".outcomes").WaitForAsync();

        // Another submission took the id the form was given (with other content) before the phone sends it.
        var visitId = await page.EvaluateAsync<string>("""
            ([userId, targetId]) => new Promise((resolve, reject) => {
              const open = indexedDB.open('knockdoor-field-' + userId);
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const get = open.result.transaction('drafts').objectStore('drafts').get(targetId);
                get.onsuccess = () => { resolve(get.result.visitId); open.result.close(); };
              };
            })
            """, new[] { userId, targetId.ToString() });
        var other = VisitTestKit.Household(app, templateId, targetId.ToString(), [], outcome: "NobodyHome", id: Guid.Parse(visitId));
        other["signaturePng"] = null;
        await worker.PostVisitAsync(other);

        await page.Locator(".outcomes button[data-value=Refused]").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        var refused = page.Locator($"[data-refused='{visitId}']");
        await refused.WaitForAsync(new LocatorWaitForOptions { Timeout = SlowMs });
        Assert.Contains("记录已保留在本机", await refused.InnerTextAsync());
        Assert.Contains("编号冲突 1 条", await page.Locator("#outbox-text").InnerTextAsync());
        Assert.Equal(1, await PendingAsync(page));

        // Kept for the office to compare: sending again leaves it on the phone and the server with the first visit only.
        await page.Locator("#outbox-send").ClickAsync();
        await page.WaitForFunctionAsync("() => !document.getElementById('outbox-send').disabled");
        Assert.Equal(1, await PendingAsync(page));
        var only = Assert.Single((await VisitsOfAsync(township, targetId)).GetProperty("items").EnumerateArray());
        Assert.Equal("NobodyHome", only.Str("outcome"));
    }
}
