using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Targets;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Visits;

/// <summary>POST /api/v1/visits: idempotent by the device's id, hazards derived, scope and outcomes.</summary>
public sealed class VisitSubmissionTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task Post_SameId20TimesConcurrently_StoresOneVisit(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));
        var json = JsonSerializer.Serialize(body);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var response = await worker.PostAsync("/api/v1/visits", content);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode}: {r.Body}"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var id = body["id"]!.ToString()!;
        Assert.All(responses, r => Assert.Equal(id, JsonDocument.Parse(r.Body).RootElement.Str("id")));
        var visitId = Guid.Parse(id);
        Assert.Equal(1, await WithDbAsync(app, db => db.Visits.CountAsync(v => v.Id == visitId)));
        Assert.Equal(0, await WithDbAsync(app, db => db.VisitConflicts.CountAsync(c => c.VisitId == visitId)));
        using var admin = await app.SignInAsync("admin");
        Assert.Single(await admin.AuditAsync(id, "create"));
    }

    [Theory, BothEngines]
    public async Task Post_ManyVisitsAndRepeatsTogether_StoresEachVisitOnceAndLosesNone(Engine engine)
    {
        // Submissions that arrive together are stored together (one transaction on SQLite); a repeated id among them
        // must neither be stored twice nor take the other visits of its transaction down with it.
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        using var worker = await app.SignInAsync("worker");
        var targets = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            targets.Add(await NewTargetAsync(app));
        }
        var distinct = Enumerable.Range(0, 24).Select(i => JsonSerializer.Serialize(Household(app, templateId, targets[i % targets.Count], SafeAnswers(definition)))).ToList();
        var repeatedBody = Household(app, templateId, targets[0], SafeAnswers(definition));
        var repeated = JsonSerializer.Serialize(repeatedBody);
        var bodies = distinct.Concat(Enumerable.Repeat(repeated, 16)).OrderBy(_ => Random.Shared.Next()).ToList();

        var responses = await Task.WhenAll(bodies.Select(async json =>
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var response = await worker.PostAsync("/api/v1/visits", content);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode}: {r.Body}"));
        Assert.Equal(25, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var ids = distinct.Select(json => JsonDocument.Parse(json).RootElement.Str("id")).Append(repeatedBody["id"]!.ToString()!)
            .Select(Guid.Parse).ToList();
        Assert.Equal(25, await WithDbAsync(app, db => db.Visits.CountAsync(v => ids.Contains(v.Id))));
        var repeatedId = ids[^1];
        Assert.Equal(1, await WithDbAsync(app, db => db.Visits.CountAsync(v => v.Id == repeatedId)));
        var idStrings = ids.Select(i => i.ToString()).ToList();
        Assert.Equal(25, await WithDbAsync(app, db => db.AuditEntries.CountAsync(a => a.EntityType == "visit" && a.Action == "create" && idStrings.Contains(a.EntityId!))));
    }

    [Theory, BothEngines]
    public async Task Post_SameIdOtherContent_Returns409AndKeepsTheOtherContent(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));
        var first = await worker.PostVisitAsync(body);
        var again = await worker.PostVisitAsync(body, HttpStatusCode.OK);
        body["tasks"] = "另一份内容";

        using var response = await worker.PostAsJsonAsync("/api/v1/visits", body);

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "visit.id_conflict");
        var visitId = Guid.Parse(first.Str("id"));
        Assert.Equal(first.Str("receivedAt"), again.Str("receivedAt"));
        var conflicts = await WithDbAsync(app, db => db.VisitConflicts.Where(c => c.VisitId == visitId).ToListAsync());
        Assert.Single(conflicts);
        Assert.Contains("另一份内容", conflicts[0].Body, StringComparison.Ordinal);
        using var reread = await worker.GetAsync($"/api/v1/visits/{visitId}");
        Assert.Equal("下周复查", (await reread.ExpectAsync(HttpStatusCode.OK)).Str("tasks"));
    }

    [Theory, BothEngines]
    public async Task Post_PropertyOrderDiffers_IsTheSameContent(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));
        await worker.PostVisitAsync(body);
        var reordered = body.Reverse().ToDictionary(p => p.Key, p => p.Value);
        reordered["header"] = new Dictionary<string, string> { ["address"] = "宁乡演示一村 1 号", ["placeName"] = "测试住户" };

        await worker.PostVisitAsync(reordered, HttpStatusCode.OK);
    }

    [Theory, BothEngines]
    public async Task Post_EveryHazardAnswer_OneHazardPerItemWithItsSeverity(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var hazardItems = definition.AllItems.Where(i => i.HazardIf is not null).ToList();
        var answers = hazardItems.Select((i, n) => Answer(i.Code, i.HazardIf!.Value.ToString(), fixedOnSpot: n % 2 == 0)).ToList();
        var others = new[]
        {
            new Dictionary<string, object?> { ["text"] = "院内电线私拉乱接", ["fixedOnSpot"] = false, ["note"] = null },
            new Dictionary<string, object?> { ["text"] = "灭火器过期", ["fixedOnSpot"] = true, ["note"] = "已更换" },
        };

        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, answers, otherHazards: others));

        var hazards = visit.GetProperty("hazards").EnumerateArray().ToList();
        Assert.Equal(hazardItems.Count + 2, hazards.Count);
        for (var n = 0; n < hazardItems.Count; n++)
        {
            var item = hazardItems[n];
            var hazard = Assert.Single(hazards, h => h.GetProperty("itemCode").GetString() == item.Code);
            Assert.Equal(item.Severity.ToString(), hazard.Str("severity"));
            Assert.Equal(n % 2 == 0 ? "FixedOnSpot" : "Open", hazard.Str("status"));
            Assert.StartsWith(item.Text, hazard.Str("description"), StringComparison.Ordinal);
        }
        var free = hazards.Where(h => h.GetProperty("itemCode").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(2, free.Count);
        Assert.All(free, h => Assert.Equal("Medium", h.Str("severity")));
        Assert.Contains(free, h => h.Str("description").StartsWith("院内电线私拉乱接", StringComparison.Ordinal) && h.Str("status") == "Open");
        Assert.Contains(free, h => h.Str("description").StartsWith("灭火器过期", StringComparison.Ordinal) && h.Str("status") == "FixedOnSpot");
        Assert.Equal(2, visit.GetProperty("otherHazards").GetArrayLength());
    }

    [Theory, BothEngines]
    public async Task Post_SafeAnswers_NoHazards(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var answers = SafeAnswers(definition);
        answers.Add(Answer("H01", "Yes"));

        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, answers));

        Assert.Equal(0, visit.GetProperty("hazards").GetArrayLength());
        var visitId = Guid.Parse(visit.Str("id"));
        Assert.Equal(0, await WithDbAsync(app, db => db.Hazards.CountAsync(h => h.VisitId == visitId)));
    }

    [Theory, BothEngines]
    public async Task Post_CriticalHazard_NotifiesTheTownshipOnly(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! != "H05").ToList();
        answers.Add(Answer("H05", "Yes"));

        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, answers));

        var link = $"/Visits/Details/{visit.Str("id")}";
        using var ningxiang = await app.SignInAsync("ningxiang");
        using var list = await ningxiang.GetAsync("/api/v1/notifications");
        var mine = await list.ExpectAsync(HttpStatusCode.OK);
        var notification = Assert.Single(mine.GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == link);
        Assert.Equal("critical-hazard", notification.Str("kind"));
        Assert.StartsWith("重大隐患：", notification.Str("title"), StringComparison.Ordinal);
        Assert.Contains(TestData.NingxiangVillageName, notification.Str("body"), StringComparison.Ordinal);
        Assert.True(mine.GetProperty("unread").GetInt32() >= 1);

        using var jinluo = await SignInAsJinluoOfficerAsync(app);
        using var theirs = await jinluo.GetAsync("/api/v1/notifications");
        Assert.DoesNotContain((await theirs.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("link").GetString() == link);
        using var read = await jinluo.PostAsync($"/api/v1/notifications/{notification.GetProperty("id").GetInt64()}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);

        using var mark = await ningxiang.PostAsync($"/api/v1/notifications/{notification.GetProperty("id").GetInt64()}/read", null);
        Assert.Equal(HttpStatusCode.NoContent, mark.StatusCode);
        using var after = await ningxiang.GetAsync("/api/v1/notifications");
        var readNow = Assert.Single((await after.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == link);
        Assert.NotEqual(JsonValueKind.Null, readNow.GetProperty("readAt").ValueKind);
    }

    [Theory, BothEngines]
    public async Task Post_WorkerForOtherTownshipTarget_Returns404AndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app, TestData.JinluoVillage);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));

        using var response = await worker.PostAsJsonAsync("/api/v1/visits", body);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        var id = (Guid)body["id"]!;
        Assert.Equal(0, await WithDbAsync(app, db => db.Visits.CountAsync(v => v.Id == id)));
        var target = Guid.Parse(targetId);
        Assert.Equal(0, await WithDbAsync(app, db => db.Hazards.CountAsync(h => h.TargetId == target)));
    }

    [Theory, BothEngines]
    public async Task Post_Invalid_Returns400WithMessage(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var (institutionTemplate, _) = await CurrentTemplateAsync(app, ChecklistKind.Institution);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");

        var missing = Household(app, templateId, targetId, SafeAnswers(definition).Skip(1));
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", missing))
        {
            var problem = await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
            Assert.Contains("未回答", problem.Str("detail"), StringComparison.Ordinal);
        }
        var twice = Household(app, templateId, targetId, [.. SafeAnswers(definition), Answer("H02", "No")]);
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", twice))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var unknown = Household(app, templateId, targetId, [.. SafeAnswers(definition), Answer("X99", "No")]);
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", unknown))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var future = Household(app, templateId, targetId, SafeAnswers(definition));
        future["finishedAt"] = app.Clock.GetUtcNow().AddHours(1);
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", future))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var notPng = Household(app, templateId, targetId, SafeAnswers(definition));
        notPng["signaturePng"] = Convert.ToBase64String("GIF89a not a png"u8.ToArray());
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", notPng))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var negative = Household(app, templateId, targetId, SafeAnswers(definition));
        negative["peopleReached"] = -1;
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", negative))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var blankLine = Household(app, templateId, targetId, SafeAnswers(definition),
            otherHazards: [new Dictionary<string, object?> { ["text"] = "  ", ["fixedOnSpot"] = false }]);
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", blankLine))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        }
        var wrongTemplate = Household(app, institutionTemplate, targetId, SafeAnswers(definition));
        using (var r = await worker.PostAsJsonAsync("/api/v1/visits", wrongTemplate))
        {
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "visit.template_invalid");
        }
        var target = Guid.Parse(targetId);
        Assert.Equal(0, await WithDbAsync(app, db => db.Visits.CountAsync(v => v.TargetId == target)));
    }

    [Theory, BothEngines]
    public async Task Post_NobodyHome_StoredWithoutAnswersAndListedApart(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, _) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, [], outcome: "NobodyHome");
        body["signaturePng"] = null;

        var visit = await worker.PostVisitAsync(body);

        Assert.Equal("NobodyHome", visit.Str("outcome"));
        Assert.Equal(0, visit.GetProperty("hazards").GetArrayLength());
        using var officer = await app.SignInAsync("ningxiang");
        using var list = await officer.GetAsync($"/api/v1/visits?targetId={targetId}");
        var page = await list.ExpectAsync(HttpStatusCode.OK);
        var row = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("NobodyHome", row.Str("outcome"));
        Assert.False(row.TryGetProperty("idNumber", out _));
        var id = Guid.Parse(visit.Str("id"));
        Assert.Equal(KnockDoor.Core.Visits.VisitOutcome.NobodyHome, await WithDbAsync(app, db => db.Visits.Where(v => v.Id == id).Select(v => v.Outcome).FirstAsync()));
    }

    [Theory, BothEngines]
    public async Task ConfirmOutcome_Deceased_SetsTargetStatusAndAudits(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, _) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, [], outcome: "Deceased");
        body["outcomeReason"] = "村委会告知已去世";
        var visit = await worker.PostVisitAsync(body);
        using var officer = await app.SignInAsync("ningxiang");

        using var forbidden = await worker.PostAsync($"/api/v1/visits/{visit.Str("id")}/confirm-outcome", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var confirm = await officer.PostAsync($"/api/v1/visits/{visit.Str("id")}/confirm-outcome", null);

        Assert.True((await confirm.ExpectAsync(HttpStatusCode.OK)).GetProperty("outcomeConfirmed").GetBoolean());
        using var admin = await app.SignInAsync("admin");
        using var target = await admin.GetAsync($"/api/v1/targets/{targetId}");
        Assert.Equal("Deceased", (await target.ExpectAsync(HttpStatusCode.OK)).Str("status"));
        var updates = await admin.AuditAsync(targetId, "update");
        var update = Assert.Single(updates);
        Assert.Contains(TargetNames.StatusName(TargetStatus.Active), update.Str("before"), StringComparison.Ordinal);
        Assert.Contains(TargetNames.StatusName(TargetStatus.Deceased), update.Str("after"), StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task ConfirmOutcome_Visited_Returns409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, SafeAnswers(definition)));
        using var officer = await app.SignInAsync("ningxiang");

        using var confirm = await officer.PostAsync($"/api/v1/visits/{visit.Str("id")}/confirm-outcome", null);

        await confirm.ExpectProblemAsync(HttpStatusCode.Conflict, "visit.outcome_not_confirmable");
    }

    [Theory, BothEngines]
    public async Task Institution_SelfCheckOfOwnInstitution_Works_OtherInstitution404(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Institution);
        using var xingfu = await app.SignInAsync("xingfu");
        Dictionary<string, object?> Inspection(string code)
        {
            var body = Household(app, templateId, "", SafeAnswers(definition));
            body["kind"] = "Institution";
            body.Remove("targetId");
            body["institutionCode"] = code;
            body["header"] = new Dictionary<string, string> { ["placeName"] = "城区幸福养老服务中心" };
            return body;
        }

        var own = await xingfu.PostVisitAsync(Inspection(Xingfu));
        using var other = await xingfu.PostAsJsonAsync("/api/v1/visits", Inspection(Zhiyuan));

        Assert.True(own.GetProperty("isSelfCheck").GetBoolean());
        Assert.Equal(Xingfu, own.Str("institutionCode"));
        await other.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        using var officer = await app.SignInAsync("ningxiang");
        var supervision = await officer.PostVisitAsync(Inspection(Xingfu));
        Assert.False(supervision.GetProperty("isSelfCheck").GetBoolean());
        using var worker = await app.SignInAsync("worker");
        using var notAllowed = await worker.PostAsJsonAsync("/api/v1/visits", Inspection(Xingfu));
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
    }

    [Theory, BothEngines]
    public async Task Visit_StaysBoundToItsTemplateVersion(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, SafeAnswers(definition)));
        await WithDbAsync(app, async db =>
        {
            var v1 = await db.ChecklistTemplates.FirstAsync(t => t.Id == templateId);
            var changed = definition with { Sections = [new ChecklistSection("新版", [new ChecklistItem("N01", "新检查项", HazardAnswer.Yes, Severity.Medium)])] };
            db.ChecklistTemplates.Add(new ChecklistTemplate
            {
                Id = Guid.NewGuid(), CountyCode = v1.CountyCode, Kind = v1.Kind, Version = v1.Version + 100, Name = v1.Name,
                Definition = changed.ToJson(), IsCurrent = false, PublishedAt = app.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        using var response = await worker.GetAsync($"/api/v1/visits/{visit.Str("id")}");

        var reread = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(templateId.ToString(), reread.Str("templateId"));
        Assert.Equal(1, reread.GetProperty("templateVersion").GetInt32());
        var codes = reread.GetProperty("answers").EnumerateArray().Select(a => a.Str("code")).ToHashSet();
        Assert.True(codes.SetEquals(definition.AllItems.Where(i => i.HazardIf is not null).Select(i => i.Code)));
    }

    [Theory, BothEngines]
    public async Task Photos_IdempotentById_ConflictOnOtherContent_AndSignature(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, SafeAnswers(definition)));
        var photoId = Guid.NewGuid();
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5 };
        async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, Guid id)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(bytes), "file", "p.jpg");
            form.Add(new StringContent("H05"), "itemCode");
            return await client.PostAsync($"/api/v1/visits/{visit.Str("id")}/photos/{id}", form);
        }

        using (var first = await Upload(worker, jpeg, photoId))
        {
            await first.ExpectAsync(HttpStatusCode.Created);
        }
        using (var again = await Upload(worker, jpeg, photoId))
        {
            await again.ExpectAsync(HttpStatusCode.OK);
        }
        using (var other = await Upload(worker, [0xFF, 0xD8, 0xFF, 9, 9], photoId))
        {
            await other.ExpectProblemAsync(HttpStatusCode.Conflict, "visit.photo_conflict");
        }
        using (var gif = await Upload(worker, "GIF89a...."u8.ToArray(), Guid.NewGuid()))
        {
            await gif.ExpectProblemAsync(HttpStatusCode.BadRequest, "visit.photo_type");
        }
        using (var big = await Upload(worker, [0xFF, 0xD8, 0xFF, .. new byte[1024 * 1024]], Guid.NewGuid()))
        {
            await big.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "visit.photo_too_large");
        }
        using var image = await worker.GetAsync($"/api/v1/visits/{visit.Str("id")}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(jpeg, await image.Content.ReadAsByteArrayAsync());
        using var signature = await worker.GetAsync($"/api/v1/visits/{visit.Str("id")}/signature.png");
        Assert.Equal("image/png", signature.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Convert.FromBase64String(SignaturePng), await signature.Content.ReadAsByteArrayAsync());
        using var reread = await worker.GetAsync($"/api/v1/visits/{visit.Str("id")}");
        Assert.Single((await reread.ExpectAsync(HttpStatusCode.OK)).GetProperty("photos").EnumerateArray());

        using var unknownVisit = await worker.PostAsync($"/api/v1/visits/{Guid.NewGuid()}/photos/{Guid.NewGuid()}",
            new MultipartFormDataContent { { new ByteArrayContent(jpeg), "file", "p.jpg" } });
        await unknownVisit.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
    }
}
