using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Targets;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Plans;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static KnockDoor.IntegrationTests.Infrastructure.OfficeForms;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>The hazard ledger: GET /api/v1/hazards with its filters and summary, the export, hand entry and the pages.</summary>
public sealed class HazardLedgerTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly string[] Accounts = ["admin", "leader", "ningxiang", "worker", "xingfu"];

    /// <summary>One seeded hazard: the letter is in its description, so a test names the rows it expects.</summary>
    private sealed record Seed(string Letter, HazardStatus Status, Severity Severity = Severity.Medium, string? Item = null,
        TargetCategory Categories = TargetCategory.None, int? DeadlineInDays = null, string? Assignee = null, string FoundBy = "admin");

    /// <summary>A fresh village under 宁乡镇 with the given hazards in the active campaign, found one minute apart (the first newest).</summary>
    private async Task<(KdApp App, string Village, Dictionary<string, Guid> Ids, Dictionary<string, Guid> Users)> SeedVillageAsync(Engine engine, params Seed[] seeds)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var users = await WithDbAsync(app, db => db.Users.AsNoTracking().Where(u => Accounts.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id));
        var ids = await WithDbAsync(app, async db =>
        {
            var path = await db.OrgUnits.Where(o => o.Code == village).Select(o => o.Path).FirstAsync();
            var campaign = await db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
                .ThenByDescending(c => c.MobilisationStart).Select(c => c.Id).FirstAsync();
            var now = app.Clock.GetUtcNow();
            var today = ChinaTime.Today(app.Clock);
            var result = new Dictionary<string, Guid>();
            for (var i = 0; i < seeds.Length; i++)
            {
                var s = seeds[i];
                var found = now.AddMinutes(-i);
                var closed = HazardLifecycle.IsClosed(s.Status);
                var hazard = new Hazard
                {
                    Id = Guid.NewGuid(),
                    CountyCode = TestData.County,
                    OrgUnitCode = village,
                    OrgPath = path,
                    CampaignId = campaign,
                    Categories = s.Categories,
                    ItemCode = s.Item,
                    Description = $"台账测试隐患{s.Letter}",
                    Severity = s.Severity,
                    Status = s.Status,
                    FoundBy = users[s.FoundBy],
                    FoundByName = "测试发现人",
                    FoundAt = found,
                    FoundDay = ChinaTime.DayOf(found),
                    AssigneeId = s.Assignee is null ? null : users[s.Assignee],
                    AssigneeName = s.Assignee,
                    Deadline = s.DeadlineInDays is { } d ? today.AddDays(d) : null,
                    ClosedAt = closed ? now : null,
                    ClosedDay = closed ? today : null,
                    UpdatedAt = now,
                    Version = 1,
                };
                db.Hazards.Add(hazard);
                result[s.Letter] = hazard.Id;
            }
            await db.SaveChangesAsync();
            return result;
        });
        return (app, village, ids, users);
    }

    private static readonly Seed[] Mixed =
    [
        new("A", HazardStatus.Open, Severity.Critical, "H05", TargetCategory.GuguaElderly | TargetCategory.LivingAlone, DeadlineInDays: -2),
        new("B", HazardStatus.Assigned, Severity.High, "H13", TargetCategory.Disabled, DeadlineInDays: 0, Assignee: "worker"),
        new("C", HazardStatus.Assigned, Severity.Medium, null, TargetCategory.LeftBehindChild, DeadlineInDays: 1, Assignee: "ningxiang"),
        new("D", HazardStatus.Assigned, Severity.High, "H05", DeadlineInDays: 2, Assignee: "worker"),
        new("E", HazardStatus.ReportedFixed, Severity.High, "H05", TargetCategory.LivingAlone, DeadlineInDays: -5, Assignee: "worker"),
        new("F", HazardStatus.Escalated, Severity.Medium, DeadlineInDays: -1, Assignee: "ningxiang"),
        new("G", HazardStatus.Closed, Severity.Medium, DeadlineInDays: -3, Assignee: "ningxiang"),
        new("H", HazardStatus.FixedOnSpot, Severity.High, "H13"),
    ];

    private static async Task<JsonElement> LedgerAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/hazards?" + query);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>The letters of the rows, in the order returned.</summary>
    private static List<string> Letters(JsonElement ledger) =>
        [.. ledger.GetProperty("rows").EnumerateArray().Select(r => r.Str("description").Replace("台账测试隐患", "", StringComparison.Ordinal))];

    [Theory, BothEngines]
    public async Task List_EachFilter_ReturnsExactlyTheSeededRows(Engine engine)
    {
        var (app, village, _, users) = await SeedVillageAsync(engine, Mixed);
        using var officer = await app.SignInAsync("ningxiang");
        var unit = "orgUnit=" + village;

        var cases = new (string Query, string Expected)[]
        {
            ("", "ABCDEFGH"),
            ("&status=pending", "ABCDEF"),
            ("&status=Closed&status=FixedOnSpot", "GH"),
            ("&status=Assigned,Escalated", "BCDF"),
            ("&severity=High", "BDEH"),
            ("&severity=Critical", "A"),
            ("&item=H05", "ADE"),
            ("&category=LivingAlone", "AE"),
            ("&category=Disabled", "B"),
            ("&overdue=true", "A"),
            ("&dueSoon=true", "BC"),
            ("&overdue=true&dueSoon=true", "ABC"),
            ($"&assignee={users["worker"]}", "BDE"),
            ("&status=pending&severity=High&item=H05", "DE"),
            ("&sort=deadline", "EGAFBCDH"),
        };
        var failures = new List<string>();
        foreach (var (query, expected) in cases)
        {
            var ledger = await LedgerAsync(officer, unit + query);
            var letters = string.Concat(Letters(ledger));
            if (letters != expected || ledger.GetProperty("total").GetInt32() != expected.Length)
            {
                failures.Add($"{query}: expected {expected}, got {letters} (total {ledger.GetProperty("total").GetInt32()})");
            }
        }
        Assert.Empty(failures);
    }

    [Theory, BothEngines]
    public async Task List_Rows_CarryOverdueDaysDueSoonItemTextAndNames(Engine engine)
    {
        var (app, village, ids, _) = await SeedVillageAsync(engine, Mixed);
        using var officer = await app.SignInAsync("ningxiang");
        var (_, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);

        var rows = (await LedgerAsync(officer, "orgUnit=" + village)).GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.Str("id"), r => r);

        var a = rows[ids["A"].ToString()];
        Assert.Equal(2, a.GetProperty("daysOverdue").GetInt32());
        Assert.False(a.GetProperty("dueSoon").GetBoolean());
        Assert.Equal(definition.AllItems.First(i => i.Code == "H05").Text, a.Str("itemText"));
        Assert.Equal("宁乡镇", a.Str("townshipName"));
        var b = rows[ids["B"].ToString()];
        Assert.Equal(0, b.GetProperty("daysOverdue").GetInt32());
        Assert.True(b.GetProperty("dueSoon").GetBoolean());
        // A reported fix waits for the township: its deadline no longer bites.
        Assert.Equal(0, rows[ids["E"].ToString()].GetProperty("daysOverdue").GetInt32());
        Assert.Equal("台账测试隐患C", rows[ids["C"].ToString()].Str("itemText"));
        Assert.Equal(ChinaTime.Today(app.Clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[ids["G"].ToString()].Str("closedDay"));
    }

    [Theory, BothEngines]
    public async Task List_OverdueAndDueSoon_CountByTheChinaDateNotTheUtcDate(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        // After 16:00 UTC it is already the next day in China: move the (class's own) clock there if it is not yet.
        var now = app.Clock.GetUtcNow();
        if (now.Hour < 16)
        {
            app.Clock.Advance(new DateTimeOffset(now.Year, now.Month, now.Day, 17, 0, 0, TimeSpan.Zero) - now);
        }
        var utcToday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(utcToday.AddDays(1), ChinaTime.Today(app.Clock));
        // Deadlines as days from the China date: the UTC date is China's yesterday, UTC's day after tomorrow is China's tomorrow.
        var (_, village, ids, _) = await SeedVillageAsync(engine,
            new Seed("A", HazardStatus.Assigned, DeadlineInDays: -1, Assignee: "worker"),
            new Seed("B", HazardStatus.Assigned, DeadlineInDays: 1, Assignee: "worker"),
            new Seed("C", HazardStatus.Open, DeadlineInDays: 2));
        using var officer = await app.SignInAsync("ningxiang");

        Assert.Equal("A", string.Concat(Letters(await LedgerAsync(officer, $"orgUnit={village}&overdue=true"))));
        Assert.Equal("B", string.Concat(Letters(await LedgerAsync(officer, $"orgUnit={village}&dueSoon=true"))));
        var rows = (await LedgerAsync(officer, "orgUnit=" + village)).GetProperty("rows").EnumerateArray().ToDictionary(r => r.Str("id"));
        Assert.Equal(1, rows[ids["A"].ToString()].GetProperty("daysOverdue").GetInt32());
        Assert.Equal(utcToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[ids["A"].ToString()].Str("deadline"));
        Assert.True(rows[ids["B"].ToString()].GetProperty("dueSoon").GetBoolean());
        Assert.False(rows[ids["C"].ToString()].GetProperty("dueSoon").GetBoolean());
    }

    [Theory, BothEngines]
    public async Task List_HazardsOfAVisit_CarryThePersonTheAddressTheVisitAndTheItemOfItsTemplate(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        string village;
        using (var admin = await app.SignInAsync("admin"))
        {
            village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        }
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app, village);
        using var officer = await app.SignInAsync("ningxiang");
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! != "H05").ToList();
        answers.Add(Answer("H05", "Yes"));
        var visit = await officer.PostVisitAsync(Household(app, templateId, targetId, answers,
            otherHazards: [new Dictionary<string, object?> { ["text"] = "院内柴草堆放", ["fixedOnSpot"] = true }]));
        var name = await WithDbAsync(app, db => db.Targets.Where(t => t.Id == Guid.Parse(targetId)).Select(t => t.Name).FirstAsync());

        var rows = (await LedgerAsync(officer, "orgUnit=" + village)).GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((name, "测试地址1组1号", visit.Str("id"), targetId, "宁乡镇"),
            (r.Str("personName"), r.Str("place"), r.Str("visitId"), r.Str("targetId"), r.Str("townshipName"))));
        var item = Assert.Single(rows, r => r.GetProperty("itemCode").GetString() == "H05");
        Assert.Equal(definition.AllItems.First(i => i.Code == "H05").Text, item.Str("itemText"));
        Assert.Equal("Open", item.Str("status"));
        var other = Assert.Single(rows, r => r.GetProperty("itemCode").ValueKind == JsonValueKind.Null);
        Assert.Equal("FixedOnSpot", other.Str("status"));
        Assert.Equal(other.Str("description"), other.Str("itemText"));
        // The person's categories were copied to the hazards when the visit was stored.
        Assert.Equal(2, (await LedgerAsync(officer, $"orgUnit={village}&category=GuguaElderly")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await LedgerAsync(officer, $"orgUnit={village}&category=Orphan")).GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task List_Township_SummarisesEachVillageWithItsOverdueCount(Engine engine)
    {
        var (app, village, _, _) = await SeedVillageAsync(engine, Mixed);
        using var officer = await app.SignInAsync("ningxiang");

        var ledger = await LedgerAsync(officer, "orgUnit=" + TestData.Ningxiang);
        var row = Assert.Single(ledger.GetProperty("summary").EnumerateArray(), r => r.Str("code") == village);

        Assert.Equal([8, 6, 1, 2, 1, 2], new[] { "found", "pending", "overdue", "dueSoon", "escalated", "closed" }.Select(k => row.GetProperty(k).GetInt32()));
        using var admin = await app.SignInAsync("admin");
        var county = await LedgerAsync(admin, "");
        Assert.Contains(county.GetProperty("summary").EnumerateArray(), r => r.Str("code") == TestData.Ningxiang && r.GetProperty("overdue").GetInt32() >= 1);
        Assert.DoesNotContain(county.GetProperty("summary").EnumerateArray(), r => r.Str("code") == village);
    }

    [Theory, BothEngines]
    public async Task List_BadFilter_Returns400WithItsCode(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        foreach (var query in new[] { "status=Lost", "status=3", "severity=Huge", "category=Nobody", "sort=name", "p=0", "overdue=maybe", "assignee=x" })
        {
            using var response = await officer.GetAsync("/api/v1/hazards?" + query);
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "hazard.filter_invalid");
        }
        using var outside = await officer.GetAsync("/api/v1/hazards?orgUnit=" + TestData.JinluoVillage);
        await outside.ExpectProblemAsync(HttpStatusCode.BadRequest, "org_unit.unknown");
    }

    [Theory, BothEngines]
    public async Task Scope_AnotherTownshipSeesNothing_AFieldWorkerOnlyTheirOwn(Engine engine)
    {
        var (app, village, ids, _) = await SeedVillageAsync(engine,
            new Seed("A", HazardStatus.Open, FoundBy: "worker"),
            new Seed("B", HazardStatus.Assigned, DeadlineInDays: 1, Assignee: "worker"),
            new Seed("C", HazardStatus.Assigned, DeadlineInDays: 1, Assignee: "ningxiang"),
            new Seed("D", HazardStatus.Open));
        using var jinluo = await SignInAsJinluoOfficerAsync(app);
        using var worker = await app.SignInAsync("worker");

        var theirs = await LedgerAsync(jinluo, "");
        Assert.DoesNotContain(Letters(theirs), l => l.Length == 1);
        Assert.DoesNotContain(theirs.GetProperty("summary").EnumerateArray(), r => r.Str("code") == village);
        using (var byUnit = await jinluo.GetAsync("/api/v1/hazards?orgUnit=" + village))
        {
            await byUnit.ExpectProblemAsync(HttpStatusCode.BadRequest, "org_unit.unknown");
        }
        using (var byId = await jinluo.GetAsync($"/api/v1/hazards/{ids["A"]}"))
        {
            await byId.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var page = await jinluo.GetAsync($"/Hazards/Details/{ids["A"]}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
        using (var export = await jinluo.GetAsync("/api/v1/hazards/export.xlsx?orgUnit=" + village))
        {
            await export.ExpectProblemAsync(HttpStatusCode.BadRequest, "org_unit.unknown");
        }
        Assert.Equal("AB", string.Concat(Letters(await LedgerAsync(worker, "orgUnit=" + village))));
    }

    [Theory, BothEngines]
    public async Task Export_RowsEqualTheLedgersForTheSameFilter_AndIsAudited(Engine engine)
    {
        var (app, village, _, _) = await SeedVillageAsync(engine, Mixed);
        using var officer = await app.SignInAsync("ningxiang");
        var query = $"orgUnit={village}&status=pending&sort=deadline";
        var ledger = await LedgerAsync(officer, query);

        using var response = await officer.GetAsync("/api/v1/hazards/export.xlsx?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var sheet = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToList()).ToList();

        Assert.Contains("隐患排查整改台账", sheet[0][0], StringComparison.Ordinal);
        Assert.StartsWith("填报单位：", sheet[1][0], StringComparison.Ordinal);
        Assert.Contains(sheet[1], c => c.StartsWith("导出日期：" + ChinaTime.Today(app.Clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(["序号", "乡镇", "村（社区）/机构", "地点", "服务对象", "检查项目", "隐患描述", "严重程度", "发现日期", "整改措施", "整改责任人", "整改期限", "状态", "销号日期"], sheet[2]);
        var data = sheet.Skip(3).ToList();
        Assert.Equal(Letters(ledger).Select(l => "台账测试隐患" + l), data.Select(r => r[6]));
        Assert.Equal(Enumerable.Range(1, data.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), data.Select(r => r[0]));
        Assert.Contains(data, r => r[6] == "台账测试隐患A" && r[7] == "重大" && r[12] == "待整改（逾期2天）");

        var audit = await WithDbAsync(app, db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.Export && e.EntityType == "hazard" && e.OrgUnitCode == village).ToListAsync());
        var entry = Assert.Single(audit);
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.Equal(6, details.RootElement.GetProperty("Rows").GetInt32());
        Assert.Contains("status=pending", details.RootElement.GetProperty("Filter").GetString(), StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task Record_ValidHandEntry_IsStoredWithItsEventAndAudit(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        string village;
        using (var admin = await app.SignInAsync("admin"))
        {
            village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        }
        var target = await NewTargetAsync(app, village);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.PostAsJsonAsync("/api/v1/hazards", new { targetId = target, itemCode = "H05", description = "手工登记：炭火取暖无排烟", severity = "Critical" });
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        var id = Guid.Parse(created.Str("id"));
        var today = ChinaTime.Today(app.Clock);
        var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().FirstAsync(h => h.Id == id));
        Assert.Equal(HazardStatus.Open, stored.Status);
        Assert.Equal(today, stored.Deadline);
        Assert.Equal(today, stored.FoundDay);
        Assert.NotNull(stored.CampaignId);
        Assert.Equal(TargetCategory.GuguaElderly | TargetCategory.LivingAlone, stored.Categories);
        var recorded = Assert.Single(await WithDbAsync(app, db => db.HazardEvents.AsNoTracking().Where(e => e.HazardId == id).ToListAsync()));
        Assert.Equal((HazardAction.Record, 1, HazardStatus.Open), (recorded.Action, recorded.Version, recorded.ToStatus));
        Assert.Single(await WithDbAsync(app, db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "hazard" && e.EntityId == id.ToString() && e.Action == AuditActions.Create).ToListAsync()));
        // It is in the ledger at once, found by the officer.
        var ledger = await LedgerAsync(officer, $"orgUnit={village}&status=Open&item=H05&category=LivingAlone");
        Assert.Equal("手工登记：炭火取暖无排烟", Assert.Single(Letters(ledger)));
        // A critical one is announced to the township's officers at once, as one found at a visit.
        using (var notes = await officer.GetAsync("/api/v1/notifications"))
        {
            var items = (await notes.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray();
            Assert.Contains(items, n => n.Str("link") == $"/Hazards/Details/{id}" && n.Str("kind") == "critical-hazard");
        }

        // Institution staff enter one at their institution, with an item of the institution checklist.
        using var staff = await app.SignInAsync("xingfu");
        using var atInstitution = await staff.PostAsJsonAsync("/api/v1/hazards", new { orgUnitCode = Xingfu, itemCode = "I03", description = "机构手工登记", severity = "High" });
        var institutionHazard = await atInstitution.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(Xingfu, institutionHazard.Str("orgUnitCode"));
        Assert.Equal(JsonValueKind.Null, institutionHazard.GetProperty("deadline").ValueKind);
    }

    [Theory, BothEngines]
    public async Task Record_BadInput_IsRefusedWithItsCodeAndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var target = await NewTargetAsync(app);
        var jinluoTarget = await NewTargetAsync(app, TestData.JinluoVillage);
        using var officer = await app.SignInAsync("ningxiang");
        using var leader = await app.SignInAsync("leader");

        var cases = new (HttpClient Client, object Body, HttpStatusCode Status, string Code)[]
        {
            (officer, new { targetId = target, description = "  ", severity = "High" }, HttpStatusCode.BadRequest, "request.validation"),
            (officer, new { targetId = target, description = new string('长', 2001), severity = "High" }, HttpStatusCode.BadRequest, "request.validation"),
            (officer, new { targetId = target, description = "无严重程度" }, HttpStatusCode.BadRequest, "request.validation"),
            (officer, new { targetId = target, itemCode = "Z99", description = "未知项目", severity = "High" }, HttpStatusCode.BadRequest, "hazard.item_unknown"),
            (officer, new { description = "无地点", severity = "High" }, HttpStatusCode.BadRequest, "hazard.place_required"),
            (officer, new { targetId = jinluoTarget, description = "他镇对象", severity = "High" }, HttpStatusCode.NotFound, "resource.not_found"),
            (officer, new { orgUnitCode = TestData.JinluoVillage, description = "他镇村", severity = "High" }, HttpStatusCode.BadRequest, "org_unit.unknown"),
            (leader, new { targetId = target, description = "领导只读", severity = "High" }, HttpStatusCode.Forbidden, "auth.forbidden"),
            (officer, new { orgUnitCode = Xingfu, itemCode = "H05", description = "他表项目", severity = "High" }, HttpStatusCode.BadRequest, "hazard.item_unknown"),
        };
        foreach (var (client, body, status, code) in cases)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/hazards", body);
            await response.ExpectProblemAsync(status, code);
        }

        var targets = new[] { Guid.Parse(target), Guid.Parse(jinluoTarget) };
        Assert.Equal(0, await WithDbAsync(app, db => db.Hazards.CountAsync(h => h.TargetId != null && targets.Contains(h.TargetId.Value))));
        Assert.Equal(0, await WithDbAsync(app, db => db.Hazards.CountAsync(h => h.Description == "他镇村" || h.Description == "无地点" || h.Description == "他表项目")));
    }

    [Theory, BothEngines]
    public async Task Pages_LedgerAndDetails_RenderTheRowsForATownshipOfficer(Engine engine)
    {
        var (app, village, ids, _) = await SeedVillageAsync(engine, Mixed);
        using var officer = await app.SignInAsync("ningxiang");

        using var list = await officer.GetAsync($"/Hazards?orgUnit={village}&status=pending");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var html = await list.Content.ReadAsStringAsync();
        Assert.Contains("台账测试隐患A", html, StringComparison.Ordinal);
        Assert.Contains("逾期2天", html, StringComparison.Ordinal);
        Assert.Contains("即将到期", html, StringComparison.Ordinal);
        Assert.DoesNotContain("台账测试隐患G", html, StringComparison.Ordinal);
        Assert.Contains($"/Hazards/Details/{ids["A"]}", html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/hazards/export.xlsx?orgUnit={village}&amp;status=pending", html, StringComparison.Ordinal);

        using var township = await officer.GetAsync($"/Hazards?orgUnit={TestData.Ningxiang}");
        Assert.Contains($"/Hazards?orgUnit={village}", await township.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var details = await officer.GetAsync($"/Hazards/Details/{ids["A"]}");
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        var detailHtml = await details.Content.ReadAsStringAsync();
        Assert.Contains("台账测试隐患A", detailHtml, StringComparison.Ordinal);
        Assert.Contains("交办整改", detailHtml, StringComparison.Ordinal);
        Assert.Contains("上报协调", detailHtml, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task DetailsPage_EscalateForm_MovesTheHazardAndAStaleFormShowsTheConflict(Engine engine)
    {
        var (app, _, ids, _) = await SeedVillageAsync(engine, new Seed("A", HazardStatus.Open));
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInWithFormAsync(browser, "ningxiang");
        var page = await browser.GetStringAsync($"/Hazards/Details/{ids["A"]}");

        Dictionary<string, string> Form(string interim) => new()
        {
            ["Action"] = "Escalate",
            ["Version"] = "1",
            ["InterimMeasures"] = interim,
            ["__RequestVerificationToken"] = Antiforgery(page),
        };
        using (var empty = await browser.PostAsync($"/Hazards/Details/{ids["A"]}", new FormUrlEncodedContent(Form(""))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("请填写上报期间的临时管控措施", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var post = await browser.PostAsync($"/Hazards/Details/{ids["A"]}", new FormUrlEncodedContent(Form("关阀通风"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        }
        using (var stale = await browser.PostAsync($"/Hazards/Details/{ids["A"]}", new FormUrlEncodedContent(Form("再次上报"))))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains("该隐患刚被他人处理过，请刷新后再操作", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().FirstAsync(h => h.Id == ids["A"]));
        Assert.Equal((HazardStatus.Escalated, 2, "关阀通风"), (stored.Status, stored.Version, stored.InterimMeasures));
    }
}
