using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>POST /api/v1/hazards/{id}/transitions: the lifecycle by every role, the verifier, concurrency and scope.</summary>
public sealed class HazardLifecycleTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly HazardAction[] Requested =
        [HazardAction.Assign, HazardAction.ReportFix, HazardAction.Verify, HazardAction.SendBack, HazardAction.Escalate, HazardAction.Resolve, HazardAction.Reassign,
         HazardAction.ConfirmRevisit, HazardAction.Reopen];

    /// <summary>The demo accounts, one per role.</summary>
    private static readonly string[] Accounts = ["admin", "leader", "ningxiang", "worker", "xingfu"];

    private static readonly HashSet<string> Managers = ["admin", "ningxiang"];
    private static readonly HashSet<string> Fixers = ["ningxiang", "worker", "xingfu"];

    /// <summary>The allowed moves, written out independently of the lifecycle.</summary>
    private static HazardStatus? Allowed(HazardStatus from, HazardAction action) => (from, action) switch
    {
        (HazardStatus.Open, HazardAction.Assign) => HazardStatus.Assigned,
        (HazardStatus.Open, HazardAction.Escalate) => HazardStatus.Escalated,
        (HazardStatus.Assigned, HazardAction.ReportFix) => HazardStatus.ReportedFixed,
        (HazardStatus.Assigned, HazardAction.Escalate) => HazardStatus.Escalated,
        (HazardStatus.Assigned, HazardAction.Reassign) => HazardStatus.Assigned,
        (HazardStatus.ReportedFixed, HazardAction.Verify) => HazardStatus.Closed,
        (HazardStatus.ReportedFixed, HazardAction.SendBack) => HazardStatus.Assigned,
        (HazardStatus.Escalated, HazardAction.Resolve) => HazardStatus.Closed,
        (HazardStatus.Escalated, HazardAction.Reassign) => HazardStatus.Assigned,
        (HazardStatus.Closed, HazardAction.ConfirmRevisit) => HazardStatus.Closed,
        (HazardStatus.FixedOnSpot, HazardAction.ConfirmRevisit) => HazardStatus.FixedOnSpot,
        (HazardStatus.Closed or HazardStatus.FixedOnSpot, HazardAction.Reopen) => HazardStatus.Open,
        _ => null,
    };

    [Theory, BothEngines]
    public async Task Transition_EveryActionFromEveryStatusByEveryRole_MovesOrRefusesWithItsCode(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var deadline = ChinaTime.Today(app.Clock).AddDays(3);
        var failures = new List<string>();
        foreach (var account in Accounts)
        {
            using var client = await app.SignInAsync(account);
            foreach (var status in Enum.GetValues<HazardStatus>())
            {
                foreach (var action in Requested)
                {
                    // The hazard is at an institution every demo account sees, assigned to the actor, fixed by someone else,
                    // and (closed ones) on a revisit list.
                    var hazard = await SeedAsync(app, status, Xingfu, foundBy: ids[account == "worker" ? "worker" : "admin"], assignee: ids[account],
                        reportedFixedBy: Guid.NewGuid(), onRevisitList: true);
                    var photo = await SeedPhotoAsync(app, hazard);
                    using var response = await client.PostAsJsonAsync($"/api/v1/hazards/{hazard}/transitions", new
                    {
                        action = action.ToString(), version = 1, assigneeId = ids["worker"], deadline, note = "已处理", reason = "照片看不清",
                        interimMeasures = "已关闭燃气总阀并张贴警示", photoIds = new[] { photo },
                    });
                    var body = await response.Content.ReadAsStringAsync();
                    var permitted = action == HazardAction.ReportFix ? Fixers.Contains(account) : Managers.Contains(account);
                    var to = Allowed(status, action);
                    var (expectedStatus, expectedCode) = !permitted ? (HttpStatusCode.Forbidden, "hazard.not_permitted")
                        : to is null ? (HttpStatusCode.Conflict, "hazard.illegal_transition")
                        : (HttpStatusCode.OK, (string?)null);
                    var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().FirstAsync(h => h.Id == hazard));
                    var events = await WithDbAsync(app, db => db.HazardEvents.AsNoTracking().Where(e => e.HazardId == hazard).ToListAsync());
                    var label = $"{account} {action} from {status}";
                    if (response.StatusCode != expectedStatus)
                    {
                        failures.Add($"{label}: expected {(int)expectedStatus}, got {(int)response.StatusCode} {body}");
                        continue;
                    }
                    if (expectedCode is not null)
                    {
                        if (JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() != expectedCode)
                        {
                            failures.Add($"{label}: expected {expectedCode}, got {body}");
                        }
                        if (stored.Status != status || stored.Version != 1 || events.Count != 0)
                        {
                            failures.Add($"{label}: a refused move changed the hazard");
                        }
                        continue;
                    }
                    var moved = Assert.Single(events);
                    if (stored.Status != to || stored.Version != 2 || moved.Action != action || moved.FromStatus != status || moved.ToStatus != to
                        || moved.ActorId != ids[account] || JsonDocument.Parse(body).RootElement.Str("status") != to.ToString())
                    {
                        failures.Add($"{label}: stored {stored.Status} v{stored.Version}, event {moved.Action} {moved.FromStatus}→{moved.ToStatus}");
                    }
                }
            }
        }
        Assert.Empty(failures);
    }

    [Theory, BothEngines]
    public async Task Lifecycle_AssignReportFixVerify_TheFixerCannotVerifyAndEveryStepIsRecorded(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, foundBy: ids["worker"]);
        using var township = await app.SignInAsync("ningxiang");
        using var worker = await app.SignInAsync("worker");
        using var admin = await app.SignInAsync("admin");
        var deadline = ChinaTime.Today(app.Clock).AddDays(2);

        await MoveAsync(township, hazard, new { action = "Assign", version = 1 }, HttpStatusCode.BadRequest, "hazard.assignee_required");
        await MoveAsync(township, hazard, new { action = "Assign", version = 1, assigneeId = ids["worker"] }, HttpStatusCode.BadRequest, "hazard.deadline_required");
        await MoveAsync(township, hazard, new { action = "Assign", version = 1, assigneeId = ids["worker"], deadline });
        await MoveAsync(worker, hazard, new { action = "ReportFix", version = 2, note = "已更换燃气软管" }, HttpStatusCode.BadRequest, "hazard.photo_required");
        var photo = await UploadPhotoAsync(worker, hazard);
        await MoveAsync(worker, hazard, new { action = "ReportFix", version = 2, note = "已更换燃气软管", photoIds = new[] { photo } });
        await MoveAsync(township, hazard, new { action = "SendBack", version = 3, reason = "照片看不清软管接口" });
        await MoveAsync(township, hazard, new { action = "ReportFix", version = 4, note = "乡镇干部上门更换", photoIds = new[] { photo } });

        await MoveAsync(township, hazard, new { action = "Verify", version = 5 }, HttpStatusCode.Conflict, "hazard.verifier_is_fixer");
        var closed = await MoveAsync(admin, hazard, new { action = "Verify", version = 5 });

        Assert.Equal("Closed", closed.Str("status"));
        Assert.Equal(ids["admin"].ToString(), closed.Str("verifiedBy"));
        var events = closed.GetProperty("events").EnumerateArray().Select(e => (e.Str("action"), e.Str("toStatus"))).ToList();
        Assert.Equal(new[] { ("Assign", "Assigned"), ("ReportFix", "ReportedFixed"), ("SendBack", "Assigned"), ("ReportFix", "ReportedFixed"), ("Verify", "Closed") }, events);
        Assert.Equal("照片看不清软管接口", closed.GetProperty("events")[2].Str("note"));
        using var again = await worker.PostAsync($"/api/v1/hazards/{hazard}/photos", PhotoContent());
        await again.ExpectProblemAsync(HttpStatusCode.Conflict, "hazard.illegal_transition");
    }

    [Theory, BothEngines]
    public async Task Lifecycle_EscalateThenResolve_KeepsTheInterimMeasures(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, foundBy: ids["worker"]);
        using var township = await app.SignInAsync("ningxiang");

        await MoveAsync(township, hazard, new { action = "Escalate", version = 1 }, HttpStatusCode.BadRequest, "hazard.interim_measures_required");
        var escalated = await MoveAsync(township, hazard, new { action = "Escalate", version = 1, interimMeasures = "停用炭火，安排亲属陪住" });
        var resolved = await MoveAsync(township, hazard, new { action = "Resolve", version = 2, note = "乡政府协调安装电暖器" });

        Assert.Equal("停用炭火，安排亲属陪住", escalated.Str("interimMeasures"));
        Assert.Equal("Closed", resolved.Str("status"));
        Assert.Equal("乡政府协调安装电暖器", resolved.Str("resolutionNote"));
    }

    [Theory, BothEngines]
    public async Task Transition_StaleVersion_Returns409AndChangesNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, foundBy: ids["worker"]);
        using var township = await app.SignInAsync("ningxiang");

        await MoveAsync(township, hazard, new { action = "Escalate", version = 7, interimMeasures = "临时措施" }, HttpStatusCode.Conflict, "hazard.version_conflict");

        Assert.Equal(HazardStatus.Open, await WithDbAsync(app, db => db.Hazards.Where(h => h.Id == hazard).Select(h => h.Status).FirstAsync()));
    }

    [Theory, BothEngines]
    public async Task Transition_TwoAtOnceFromTheSameVersion_OneSucceedsOneConflicts(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        using var township = await app.SignInAsync("ningxiang");
        using var admin = await app.SignInAsync("admin");
        var deadline = ChinaTime.Today(app.Clock).AddDays(1);
        for (var round = 0; round < 5; round++)
        {
            var hazard = await SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, foundBy: ids["worker"]);

            var responses = await Task.WhenAll(
                PostAsync(township, hazard, new { action = "Escalate", version = 1, interimMeasures = "关阀通风" }),
                PostAsync(admin, hazard, new { action = "Assign", version = 1, assigneeId = ids["worker"], deadline }));

            Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
            var conflict = Assert.Single(responses, r => r.Status != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
            Assert.Equal("hazard.version_conflict", JsonDocument.Parse(conflict.Body).RootElement.Str("code"));
            var stored = await WithDbAsync(app, db => db.Hazards.AsNoTracking().FirstAsync(h => h.Id == hazard));
            var events = await WithDbAsync(app, db => db.HazardEvents.AsNoTracking().Where(e => e.HazardId == hazard).ToListAsync());
            Assert.Equal(2, stored.Version);
            var stored1 = Assert.Single(events);
            Assert.Equal(stored.Status, stored1.ToStatus);
        }
    }

    [Theory, BothEngines]
    public async Task Hazard_OfAnotherTownship_Is404ById(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Open, TestData.NingxiangVillage, foundBy: ids["worker"]);
        using var jinluo = await SignInAsJinluoOfficerAsync(app);

        using (var read = await jinluo.GetAsync($"/api/v1/hazards/{hazard}"))
        {
            await read.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        await MoveAsync(jinluo, hazard, new { action = "Escalate", version = 1, interimMeasures = "关阀" }, HttpStatusCode.NotFound, "resource.not_found");
        using (var upload = await jinluo.PostAsync($"/api/v1/hazards/{hazard}/photos", PhotoContent()))
        {
            await upload.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using var own = await app.SignInAsync("ningxiang");
        using var mine = await own.GetAsync($"/api/v1/hazards/{hazard}");
        await mine.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HazardStatus.Open, await WithDbAsync(app, db => db.Hazards.Where(h => h.Id == hazard).Select(h => h.Status).FirstAsync()));
    }

    [Theory, BothEngines]
    public async Task Visit_CriticalHazardFoundOpen_GetsTheFoundDayAsDeadlineAndAFoundEvent(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! is not ("H05" or "H13")).ToList();
        answers.Add(Answer("H05", "Yes"));
        answers.Add(Answer("H13", "Yes", fixedOnSpot: true, note: "已开窗熄火"));

        var visit = await worker.PostVisitAsync(Household(app, templateId, targetId, answers));

        var hazards = visit.GetProperty("hazards").EnumerateArray().ToList();
        var open = Assert.Single(hazards, h => h.Str("itemCode") == "H05");
        var fixedOnSpot = Assert.Single(hazards, h => h.Str("itemCode") == "H13");
        using var township = await app.SignInAsync("ningxiang");
        using var openResponse = await township.GetAsync($"/api/v1/hazards/{open.Str("id")}");
        var openHazard = await openResponse.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(visit.Str("day"), openHazard.Str("deadline"));
        var found = Assert.Single(openHazard.GetProperty("events").EnumerateArray());
        Assert.Equal("Found", found.Str("action"));
        Assert.Equal("Open", found.Str("toStatus"));
        using var fixedResponse = await township.GetAsync($"/api/v1/hazards/{fixedOnSpot.Str("id")}");
        var fixedHazard = await fixedResponse.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, fixedHazard.GetProperty("deadline").ValueKind);
        Assert.Equal("FixOnSpot", Assert.Single(fixedHazard.GetProperty("events").EnumerateArray()).Str("action"));
    }

    [Theory, BothEngines]
    public async Task ReportFix_ByAWorkerNotAssignedNorFinder_CannotEvenSeeTheHazard(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Assigned, TestData.NingxiangVillage,
            foundBy: ids["admin"], assignee: ids["ningxiang"]);
        var photo = await SeedPhotoAsync(app, hazard);
        using var worker = await app.SignInAsync("worker");

        // A field worker sees only the hazards of their own work, even in their own village.
        using (var read = await worker.GetAsync($"/api/v1/hazards/{hazard}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
        await MoveAsync(worker, hazard, new { action = "ReportFix", version = 1, note = "已整改", photoIds = new[] { photo } }, HttpStatusCode.NotFound, "resource.not_found");

        Assert.Equal(HazardStatus.Assigned, await WithDbAsync(app, db => db.Hazards.Where(h => h.Id == hazard).Select(h => h.Status).FirstAsync()));
    }

    [Theory, BothEngines]
    public async Task ReportFix_ByInstitutionStaffNotAssignedNorFinder_Returns403NotAssignee(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Assigned, Xingfu, foundBy: ids["admin"], assignee: ids["ningxiang"]);
        var photo = await SeedPhotoAsync(app, hazard);
        using var staff = await app.SignInAsync("xingfu");

        await MoveAsync(staff, hazard, new { action = "ReportFix", version = 1, note = "已整改", photoIds = new[] { photo } }, HttpStatusCode.Forbidden, "hazard.not_assignee");

        Assert.Equal(HazardStatus.Assigned, await WithDbAsync(app, db => db.Hazards.Where(h => h.Id == hazard).Select(h => h.Status).FirstAsync()));
    }

    [Theory, BothEngines]
    public async Task ReportFix_ByTheWorkerWithTheHouseholdInTheirPlan_IsAccepted(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var target = await Visits.VisitTestKit.NewTargetAsync(app);
        using var officer = await app.SignInAsync("ningxiang");
        await Plans.PlanKit.AssignAsync(officer, new { targetIds = new[] { target }, workerId = ids["worker"] });
        var hazard = await SeedAsync(app, HazardStatus.Assigned, TestData.NingxiangVillage,
            foundBy: ids["admin"], assignee: ids["ningxiang"], targetId: Guid.Parse(target));
        var photo = await SeedPhotoAsync(app, hazard);
        using var worker = await app.SignInAsync("worker");

        var moved = await MoveAsync(worker, hazard, new { action = "ReportFix", version = 1, note = "已整改", photoIds = new[] { photo } });

        Assert.Equal("ReportedFixed", moved.Str("status"));
        Assert.Equal(ids["worker"], await WithDbAsync(app, db => db.Hazards.Where(h => h.Id == hazard).Select(h => h.ReportedFixedBy!.Value).FirstAsync()));
    }

    [Theory, BothEngines]
    public async Task Photo_NotAnImage_IsRefused(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var ids = await UserIdsAsync(app);
        var hazard = await SeedAsync(app, HazardStatus.Assigned, TestData.NingxiangVillage, foundBy: ids["worker"], assignee: ids["worker"]);
        using var worker = await app.SignInAsync("worker");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("GIF89a not a photo"u8.ToArray());
        form.Add(file, "file", "a.gif");

        using var response = await worker.PostAsync($"/api/v1/hazards/{hazard}/photos", form);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "hazard.photo_type");
    }

    // ---------- helpers ----------

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, Guid hazard, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/hazards/{hazard}/transitions", body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> MoveAsync(HttpClient client, Guid hazard, object body, HttpStatusCode expected = HttpStatusCode.OK, string? code = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/hazards/{hazard}/transitions", body);
        return code is null ? await response.ExpectAsync(expected) : await response.ExpectProblemAsync(expected, code);
    }

    private static MultipartFormDataContent PhotoContent()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Convert.FromBase64String(SignaturePng));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "after.png");
        return form;
    }

    private static async Task<Guid> UploadPhotoAsync(HttpClient client, Guid hazard)
    {
        using var form = PhotoContent();
        using var response = await client.PostAsync($"/api/v1/hazards/{hazard}/photos", form);
        return Guid.Parse((await response.ExpectAsync(HttpStatusCode.Created)).Str("id"));
    }

    private static Task<Dictionary<string, Guid>> UserIdsAsync(KdApp app) =>
        WithDbAsync(app, db => db.Users.AsNoTracking().Where(u => Accounts.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id));

    /// <summary>A hazard as these tests need it: unassigned and without deadline while open, else assigned and due tomorrow.</summary>
    private static Task<Guid> SeedAsync(KdApp app, HazardStatus status, string orgUnitCode, Guid foundBy,
        Guid? assignee = null, Guid? reportedFixedBy = null, Guid? targetId = null, bool onRevisitList = false) =>
        HazardKit.SeedAsync(app, status, orgUnitCode, foundBy,
            assignee: status is HazardStatus.Open ? null : assignee,
            deadline: status is HazardStatus.Open ? null : ChinaTime.Today(app.Clock).AddDays(1),
            targetId: targetId, reportedFixedBy: reportedFixedBy, onRevisitList: onRevisitList);

    private static async Task<Guid> SeedPhotoAsync(KdApp app, Guid hazard)
    {
        var content = Convert.FromBase64String(SignaturePng);
        var photo = new HazardPhoto
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            HazardId = hazard,
            ContentType = "image/png",
            Content = content,
            Size = content.Length,
            ContentHash = "test",
            ReceivedAt = app.Clock.GetUtcNow(),
        };
        await WithDbAsync(app, async db =>
        {
            db.HazardPhotos.Add(photo);
            return await db.SaveChangesAsync();
        });
        return photo.Id;
    }
}
