using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Infrastructure.OfficeForms;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>The revisit (回头看) lists: POST/GET /api/v1/hazards/revisits, the revisit moves through HTTP, and the page.</summary>
public sealed class HazardRevisitTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly HazardStatus[] Pending = [HazardStatus.Open, HazardStatus.Assigned, HazardStatus.ReportedFixed, HazardStatus.Escalated];

    [Theory, BothEngines]
    public async Task List_All_ListsExactlyTheClosedHazardsOfTheTownship_AndIsAudited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var campaign = await NewCampaignAsync(app);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        var closed = new List<Guid>
        {
            await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: campaign),
            await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: campaign),
            await HazardKit.SeedAsync(app, HazardStatus.FixedOnSpot, TestData.NingxiangVillage, finder, campaignId: campaign),
        };
        var others = new List<Guid>();
        foreach (var status in Pending)
        {
            others.Add(await HazardKit.SeedAsync(app, status, TestData.NingxiangVillage, finder, campaignId: campaign));
        }
        others.Add(await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.JinluoVillage, finder, campaignId: campaign));
        others.Add(await HazardKit.SeedAsync(app, HazardStatus.FixedOnSpot, TestData.JinluoVillage, finder, campaignId: campaign));
        using var township = await app.SignInAsync("ningxiang");

        var result = await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = campaign });
        var again = await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = campaign });

        Assert.Equal(3, result.GetProperty("count").GetInt32());
        Assert.Equal(0, again.GetProperty("count").GetInt32());
        var listed = await ListedAsync(app, campaign);
        Assert.Equal(closed.Order(), listed.Order());
        using var read = await township.GetAsync($"/api/v1/hazards/revisits?orgUnitCode={TestData.Ningxiang}&state=pending&campaignId={campaign}");
        var pending = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, pending.GetProperty("total").GetInt32());
        var row = pending.GetProperty("items").EnumerateArray().First();
        Assert.Equal(TestData.NingxiangVillageName, row.Str("placeName"));
        Assert.Equal("燃气软管老化", row.Str("description"));
        Assert.Equal("H07", row.Str("itemCode"));
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("closedDay").ValueKind);
        var audits = await WithDbAsync(app, db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "hazard-revisit-list" && a.After!.Contains(campaign.ToString())).ToListAsync());
        Assert.Equal(2, audits.Count);
        Assert.Contains(audits, a => a.After!.Contains("\"Count\":3", StringComparison.Ordinal) && a.After.Contains("\"Mode\":\"all\"", StringComparison.Ordinal)
            && a.OrgUnitCode == TestData.Ningxiang);
    }

    [Theory, BothEngines]
    public async Task List_County_ListsEveryTownship_Sample50PercentOf10_ListsFiveRoundingUp(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var campaign = await NewCampaignAsync(app);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        for (var i = 0; i < 10; i++)
        {
            await HazardKit.SeedAsync(app, i % 2 == 0 ? HazardStatus.Closed : HazardStatus.FixedOnSpot, i < 6 ? TestData.NingxiangVillage : TestData.JinluoVillage,
                finder, campaignId: campaign);
        }
        using var admin = await app.SignInAsync("admin");

        var half = await ListAsync(admin, new { orgUnitCode = TestData.County, mode = "sample", percent = 50, campaignId = campaign });
        // 50 % of the 5 left is 2.5: rounded up to 3; 1 % of the 2 left is still 1.
        var upward = await ListAsync(admin, new { orgUnitCode = TestData.County, mode = "sample", percent = 50, campaignId = campaign });
        var atLeastOne = await ListAsync(admin, new { orgUnitCode = TestData.County, mode = "sample", percent = 1, campaignId = campaign });
        var rest = await ListAsync(admin, new { orgUnitCode = TestData.County, mode = "all", campaignId = campaign });

        Assert.Equal(5, half.GetProperty("count").GetInt32());
        Assert.Equal(3, upward.GetProperty("count").GetInt32());
        Assert.Equal(1, atLeastOne.GetProperty("count").GetInt32());
        Assert.Equal(1, rest.GetProperty("count").GetInt32());
        Assert.Equal(10, (await ListedAsync(app, campaign)).Count);
    }

    [Theory, BothEngines]
    public async Task List_BadInput_Returns400WithItsCodeAndListsNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var campaign = await NewCampaignAsync(app);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: campaign);
        using var township = await app.SignInAsync("ningxiang");

        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "sample", percent = 0, campaignId = campaign },
            HttpStatusCode.BadRequest, "hazard.revisit_percent_invalid");
        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "sample", percent = 101, campaignId = campaign },
            HttpStatusCode.BadRequest, "hazard.revisit_percent_invalid");
        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "sample", campaignId = campaign },
            HttpStatusCode.BadRequest, "hazard.revisit_percent_invalid");
        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "some", campaignId = campaign },
            HttpStatusCode.BadRequest, "hazard.revisit_mode_invalid");
        await ListAsync(township, new { orgUnitCode = TestData.NingxiangVillage, mode = "all", campaignId = campaign },
            HttpStatusCode.BadRequest, "hazard.revisit_unit_invalid");
        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = Guid.NewGuid() },
            HttpStatusCode.BadRequest, "hazard.revisit_campaign_invalid");
        using (var state = await township.GetAsync($"/api/v1/hazards/revisits?orgUnitCode={TestData.Ningxiang}&state=later"))
        {
            await state.ExpectProblemAsync(HttpStatusCode.BadRequest, "hazard.revisit_state_invalid");
        }

        Assert.Empty(await ListedAsync(app, campaign));
    }

    [Theory, BothEngines]
    public async Task List_OfAnotherTownship_Is404_AndWithoutHazardsManage403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var campaign = await NewCampaignAsync(app);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.JinluoVillage, finder, campaignId: campaign);
        using var township = await app.SignInAsync("ningxiang");
        using var worker = await app.SignInAsync("worker");
        using var leader = await app.SignInAsync("leader");

        await ListAsync(township, new { orgUnitCode = TestData.Jinluo, mode = "all", campaignId = campaign }, HttpStatusCode.NotFound, "resource.not_found");
        await ListAsync(township, new { orgUnitCode = TestData.County, mode = "all", campaignId = campaign }, HttpStatusCode.NotFound, "resource.not_found");
        await ListAsync(worker, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = campaign }, HttpStatusCode.Forbidden, "auth.forbidden");
        await ListAsync(leader, new { orgUnitCode = TestData.County, mode = "all", campaignId = campaign }, HttpStatusCode.Forbidden, "auth.forbidden");
        using (var read = await township.GetAsync($"/api/v1/hazards/revisits?orgUnitCode={TestData.Jinluo}"))
        {
            await read.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }

        Assert.Empty(await ListedAsync(app, campaign));
    }

    [Theory, BothEngines]
    public async Task Revisit_ConfirmKeepsTheStatus_ReopenOpensIt_ASecondRevisitIs409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var campaign = await NewCampaignAsync(app);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        var holds = await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: campaign);
        var back = await HazardKit.SeedAsync(app, HazardStatus.FixedOnSpot, TestData.NingxiangVillage, finder, campaignId: campaign);
        var notListed = await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: null);
        using var township = await app.SignInAsync("ningxiang");
        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = campaign });

        await MoveAsync(township, notListed, new { action = "ConfirmRevisit", version = 1 }, HttpStatusCode.Conflict, "hazard.not_on_revisit_list");
        var confirmed = await MoveAsync(township, holds, new { action = "ConfirmRevisit", version = 1, note = "回访时燃气软管完好" });
        var noReason = await MoveAsync(township, back, new { action = "Reopen", version = 1 }, HttpStatusCode.BadRequest, "hazard.reason_required");
        var reopened = await MoveAsync(township, back, new { action = "Reopen", version = 1, reason = "又在屋内烧炭取暖" });
        await MoveAsync(township, holds, new { action = "ConfirmRevisit", version = 2 }, HttpStatusCode.Conflict, "hazard.not_on_revisit_list");
        await MoveAsync(township, holds, new { action = "Reopen", version = 2, reason = "再看一次" }, HttpStatusCode.Conflict, "hazard.not_on_revisit_list");

        Assert.Contains("重新打开的原因", noReason.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("Closed", confirmed.Str("status"));
        Assert.Equal("Open", reopened.Str("status"));
        var reopenEvent = reopened.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("Reopen", reopenEvent.Str("action"));
        Assert.Equal("FixedOnSpot", reopenEvent.Str("fromStatus"));
        Assert.Equal("又在屋内烧炭取暖", reopenEvent.Str("note"));
        var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().Where(h => h.Id == holds || h.Id == back).ToDictionaryAsync(h => h.Id));
        Assert.Equal(HazardRevisitResult.Confirmed, stored[holds].RevisitResult);
        Assert.Equal("回访时燃气软管完好", stored[holds].RevisitNote);
        Assert.NotNull(stored[holds].ClosedDay);
        Assert.Equal(HazardStatus.Open, stored[back].Status);
        Assert.Null(stored[back].ClosedDay);
        Assert.Null(stored[back].ClosedAt);
        Assert.Equal(HazardRevisitResult.Reopened, stored[back].RevisitResult);
        using var read = await township.GetAsync($"/api/v1/hazards/revisits?orgUnitCode={TestData.Ningxiang}&state=done&campaignId={campaign}");
        var done = (await read.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToDictionary(r => r.Str("id"), r => r.Str("result"));
        Assert.Equal(new Dictionary<string, string> { [holds.ToString()] = "Confirmed", [back.ToString()] = "Reopened" }, done);

        // The reopened hazard is dealt with again (escalated and resolved): the next list takes it anew, not the confirmed one.
        await MoveAsync(township, back, new { action = "Escalate", version = 2, interimMeasures = "收走炭盆，安排亲属陪住" });
        await MoveAsync(township, back, new { action = "Resolve", version = 3, note = "已改用电暖器" });
        var relisted = await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = campaign });
        Assert.Equal(1, relisted.GetProperty("count").GetInt32());
        using var pendingRead = await township.GetAsync($"/api/v1/hazards/revisits?orgUnitCode={TestData.Ningxiang}&state=pending&campaignId={campaign}");
        var pending = (await pendingRead.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(r => r.Str("id")).ToList();
        Assert.Equal(new[] { back.ToString() }, pending);
        var again = await MoveAsync(township, back, new { action = "ConfirmRevisit", version = 4, note = "二次回访无问题" });
        Assert.Equal("Closed", again.Str("status"));
    }

    [Theory, BothEngines]
    public async Task RevisitsPage_ShowsThePendingRowsWithTheirButtons(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var campaign = await NewCampaignAsync(app);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        var hazard = await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: campaign, description: "回头看页面测试隐患");
        using var township = await app.SignInAsync("ningxiang");
        await ListAsync(township, new { orgUnitCode = TestData.Ningxiang, mode = "all", campaignId = campaign });

        var page = await township.GetStringAsync($"/Hazards/Revisits?unit={TestData.Ningxiang}");
        using var worker = await app.SignInAsync("worker");
        using var refused = await worker.GetAsync("/Hazards/Revisits");

        Assert.Contains("回头看", page, StringComparison.Ordinal);
        Assert.Contains($"/Hazards/Details/{hazard}", page, StringComparison.Ordinal);
        Assert.Contains("回头看页面测试隐患", page, StringComparison.Ordinal);
        Assert.Contains("确认整改到位", page, StringComparison.Ordinal);
        Assert.Contains("name=\"reason\"", page, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Theory, BothEngines]
    public async Task RevisitsPage_Forms_MakeAListConfirmAndShowTheRefusalMessage(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var finder = await HazardKit.UserIdAsync(app, "worker");
        var active = await WithDbAsync(app, db => db.Campaigns.AsNoTracking().Where(c => c.IsActive).Select(c => c.Id).FirstAsync());
        var hazard = await HazardKit.SeedAsync(app, HazardStatus.Closed, TestData.NingxiangVillage, finder, campaignId: active, description: "页面表单测试隐患");
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInWithFormAsync(browser, "ningxiang");

        var form = await browser.GetStringAsync("/Hazards/Revisits");
        using var create = await browser.PostAsync($"/Hazards/Revisits?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["orgUnitCode"] = TestData.Ningxiang, ["mode"] = "all", ["percent"] = "", ["__RequestVerificationToken"] = Antiforgery(form),
        }));
        var listed = await browser.GetStringAsync($"/Hazards/Revisits?unit={TestData.Ningxiang}");
        using var reopen = await browser.PostAsync($"/Hazards/Revisits?handler=Reopen&unit={TestData.Ningxiang}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = hazard.ToString(), ["version"] = "1", ["reason"] = "", ["__RequestVerificationToken"] = Antiforgery(listed),
        }));
        var refusal = await reopen.Content.ReadAsStringAsync();
        using var confirm = await browser.PostAsync($"/Hazards/Revisits?handler=Confirm&unit={TestData.Ningxiang}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = hazard.ToString(), ["version"] = "1", ["note"] = "页面确认", ["__RequestVerificationToken"] = Antiforgery(listed),
        }));

        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        Assert.Contains("页面表单测试隐患", listed, StringComparison.Ordinal);
        Assert.Contains("条已销号隐患列入回头看清单", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
        Assert.Contains("重新打开的原因", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().FirstAsync(h => h.Id == hazard));
        Assert.Equal(HazardRevisitResult.Confirmed, stored.RevisitResult);
        Assert.Equal(HazardStatus.Closed, stored.Status);
    }

    // ---------- helpers ----------

    /// <summary>A campaign of its own (not the active one), so that a test's list holds only its own hazards.</summary>
    private static async Task<Guid> NewCampaignAsync(KdApp app)
    {
        var campaign = new Campaign
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            Name = "回头看测试行动",
            DocumentNumber = "测试〔2026〕1号",
            ReportMailbox = "test@example.org",
            MobilisationStart = new DateOnly(2026, 11, 1),
            MobilisationEnd = new DateOnly(2026, 11, 10),
            InspectionStart = new DateOnly(2026, 11, 11),
            InspectionEnd = new DateOnly(2027, 2, 28),
            SummaryStart = new DateOnly(2027, 3, 1),
            SummaryEnd = new DateOnly(2027, 3, 31),
            IsActive = false,
            UpdatedAt = app.Clock.GetUtcNow(),
        };
        await WithDbAsync(app, async db =>
        {
            db.Campaigns.Add(campaign);
            return await db.SaveChangesAsync();
        });
        return campaign.Id;
    }

    private static Task<List<Guid>> ListedAsync(KdApp app, Guid campaign) =>
        WithDbAsync(app, db => db.Hazards.AsNoTracking().Where(h => h.CampaignId == campaign && h.RevisitListedAt != null).Select(h => h.Id).ToListAsync());

    private static async Task<JsonElement> ListAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.OK, string? code = null)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/hazards/revisits", body);
        return code is null ? await response.ExpectAsync(expected) : await response.ExpectProblemAsync(expected, code);
    }

    private static async Task<JsonElement> MoveAsync(HttpClient client, Guid hazard, object body, HttpStatusCode expected = HttpStatusCode.OK, string? code = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/hazards/{hazard}/transitions", body);
        return code is null ? await response.ExpectAsync(expected) : await response.ExpectProblemAsync(expected, code);
    }
}
