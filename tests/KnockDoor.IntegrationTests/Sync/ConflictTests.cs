using System.Net;
using System.Net.Http.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Targets;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Plans;
using KnockDoor.Web.Features.Visits;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Infrastructure.OfficeForms;
using static KnockDoor.IntegrationTests.Sync.SyncKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Sync;

/// <summary>Registry conflicts: a visit pre-filled from an older registry version keeps both versions for the township.</summary>
public sealed class ConflictTests(Apps apps) : IClassFixture<Apps>
{
    private const string MovedAddress = "登记处改过的地址 3 组 1 号";
    private const string SeenAddress = "入户时看到的地址 5 组 9 号";

    /// <summary>A target changed in the registry after the phone took version 1, then a visit whose address differs.</summary>
    private static async Task<(string TargetId, string VisitId, long ConflictId)> ConflictAsync(KdApp app, HttpClient officer)
    {
        var targetId = await NewTargetAsync(app);
        await UpdateTargetAsync(officer, targetId, t => t["address"] = MovedAddress);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));
        body["header"] = new Dictionary<string, string> { ["placeName"] = "测试住户", ["address"] = SeenAddress, ["contactPhone"] = "13912345678" };
        body["targetVersion"] = 1;
        var visit = await worker.PostVisitAsync(body);
        var visitId = Guid.Parse(visit.Str("id"));
        var conflict = await WithDbAsync(app, db => db.TargetConflicts.SingleAsync(c => c.VisitId == visitId));
        return (targetId, visit.Str("id"), conflict.Id);
    }

    [Theory, BothEngines]
    public async Task Visit_TargetChangedMeanwhile_HeaderDiffers_KeepsBothVersions(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        var (targetId, visitId, conflictId) = await ConflictAsync(app, officer);

        var conflict = await WithDbAsync(app, db => db.TargetConflicts.SingleAsync(c => c.Id == conflictId));
        Assert.Equal(Guid.Parse(targetId), conflict.TargetId);
        Assert.Equal(1, conflict.SeenVersion);
        Assert.Equal(2, conflict.RegistryVersion);
        Assert.Contains(MovedAddress, conflict.Registry, StringComparison.Ordinal);
        Assert.Contains(SeenAddress, conflict.Submitted, StringComparison.Ordinal);
        Assert.Null(conflict.ResolvedAt);
        var stored = await PlanKit.GetAsync(officer, $"/api/v1/visits/{visitId}");
        Assert.Equal(SeenAddress, stored.GetProperty("header").Str("address"));
        var target = await PlanKit.GetAsync(officer, $"/api/v1/targets/{targetId}");
        Assert.Equal(MovedAddress, target.Str("address"));

        var list = await PlanKit.GetAsync(officer, "/api/v1/visits/conflicts");
        var open = list.GetProperty("open").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == conflictId);
        var address = open.GetProperty("fields").EnumerateArray().Single(f => f.Str("key") == "address");
        Assert.Equal(MovedAddress, address.Str("registry"));
        Assert.Equal(SeenAddress, address.Str("submitted"));
        Assert.True(address.GetProperty("differs").GetBoolean());
        var page = await officer.GetStringAsync("/Visits/Conflicts");
        Assert.Contains($"id=\"conflict-{conflictId}\"", page, StringComparison.Ordinal);
        Assert.Contains(SeenAddress, page, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task Visit_NoConflict_WhenTheRegistryIsUnchanged_OrTheValuesAgree_OrNoVersionSent(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        using var worker = await app.SignInAsync("worker");
        var unchanged = await NewTargetAsync(app);
        var agreed = await NewTargetAsync(app);
        await UpdateTargetAsync(officer, agreed, t => t["address"] = MovedAddress);
        var oldClient = await NewTargetAsync(app);
        await UpdateTargetAsync(officer, oldClient, t => t["address"] = MovedAddress);

        var visits = new List<string>();
        foreach (var (target, version, address) in new[] { (unchanged, (int?)1, SeenAddress), (agreed, 1, MovedAddress), (oldClient, null, SeenAddress) })
        {
            var body = Household(app, templateId, target, SafeAnswers(definition));
            body["header"] = new Dictionary<string, string> { ["placeName"] = "测试住户", ["address"] = address };
            if (version is not null)
            {
                body["targetVersion"] = version;
            }
            visits.Add((await worker.PostVisitAsync(body)).Str("id"));
        }

        var ids = visits.Select(Guid.Parse).ToList();
        Assert.Equal(0, await WithDbAsync(app, db => db.TargetConflicts.CountAsync(c => ids.Contains(c.VisitId))));
        Assert.Equal(3, await WithDbAsync(app, db => db.Visits.CountAsync(v => ids.Contains(v.Id))));
    }

    [Theory, BothEngines]
    public async Task Retry_WithAnotherTargetVersion_IsTheSameSubmission_AndOldClientsHashAsBefore(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        await UpdateTargetAsync(officer, targetId, t => t["address"] = MovedAddress);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));
        body["header"] = new Dictionary<string, string> { ["placeName"] = "测试住户", ["address"] = SeenAddress };
        body["targetVersion"] = 1;

        var first = await worker.PostVisitAsync(body);
        body["targetVersion"] = 2;
        var retry = await worker.PostVisitAsync(body, HttpStatusCode.OK);

        Assert.Equal(first.Str("id"), retry.Str("id"));
        var visitId = Guid.Parse(first.Str("id"));
        Assert.Equal(1, await WithDbAsync(app, db => db.TargetConflicts.CountAsync(c => c.VisitId == visitId)));
        Assert.Equal(0, await WithDbAsync(app, db => db.VisitConflicts.CountAsync(c => c.VisitId == visitId)));
        var input = new VisitInput(Id: Guid.NewGuid(), Kind: ChecklistKind.Household, TargetId: Guid.NewGuid(), InstitutionCode: null,
            TemplateId: Guid.NewGuid(), Outcome: Core.Visits.VisitOutcome.Visited, OutcomeReason: null, StartedAt: DateTimeOffset.UnixEpoch,
            FinishedAt: DateTimeOffset.UnixEpoch, Latitude: null, Longitude: null, AccuracyMeters: null, Header: null, Answers: null,
            OtherHazards: null, Tasks: null, SignaturePng: null, SignerName: null, LeafletsHandedOut: null, PeopleReached: null,
            IsSelfCheck: null, AppVersion: "1");
        Assert.DoesNotContain("targetVersion", VisitService.Canonical(input), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(VisitService.ContentHash(input), VisitService.ContentHash(input with { TargetVersion = 7 }));
    }

    [Theory, BothEngines]
    public async Task Resolve_UpdateRegistry_UpdatesTheTargetWithAudit_Once(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var (targetId, _, conflictId) = await ConflictAsync(app, officer);
        var before = await PlanKit.GetAsync(officer, $"/api/v1/targets/{targetId}");

        using var stale = await officer.PostAsJsonAsync($"/api/v1/visits/conflicts/{conflictId}/resolve", new { resolution = "UpdateRegistry", targetVersion = 1 });
        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "resource.version_conflict");
        using var done = await officer.PostAsJsonAsync($"/api/v1/visits/conflicts/{conflictId}/resolve",
            new { resolution = "UpdateRegistry", targetVersion = before.GetProperty("version").GetInt32() });
        var resolved = await done.ExpectAsync(HttpStatusCode.OK);
        using var twice = await officer.PostAsJsonAsync($"/api/v1/visits/conflicts/{conflictId}/resolve", new { resolution = "KeepRegistry" });

        Assert.Equal("UpdateRegistry", resolved.Str("resolution"));
        await twice.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict.already_resolved");
        var after = await PlanKit.GetAsync(officer, $"/api/v1/targets/{targetId}");
        Assert.Equal(SeenAddress, after.Str("address"));
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, after.GetProperty("version").GetInt32());
        // The registry's contact was the guardian: the visit's contact phone goes to the guardian.
        Assert.Equal("13912345678", after.Str("guardianPhone"));
        Assert.Equal(before.Str("phone"), after.Str("phone"));
        using var admin = await app.SignInAsync("admin");
        var audit = await admin.AuditAsync(targetId);
        Assert.Contains(audit, a => a.Str("action") == "update" && (a.GetProperty("after").GetString() ?? "").Contains(SeenAddress, StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Str("action") == "resolve-conflict");
        var conflict = await WithDbAsync(app, db => db.TargetConflicts.SingleAsync(c => c.Id == conflictId));
        Assert.Equal(ConflictResolution.UpdateRegistry, conflict.Resolution);
        Assert.NotNull(conflict.ResolvedBy);
    }

    [Theory, BothEngines]
    public async Task Resolve_KeepRegistry_LeavesTheTarget_OtherTownship404(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var (targetId, _, conflictId) = await ConflictAsync(app, officer);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await NewAccountAsync(admin, "township", TestData.Jinluo);
        using var other = await app.SignInAsync(jinluo.UserName, TestData.AccountPassword);
        using var worker = await app.SignInAsync("worker");

        var otherList = await PlanKit.GetAsync(other, "/api/v1/visits/conflicts");
        using var otherResolve = await other.PostAsJsonAsync($"/api/v1/visits/conflicts/{conflictId}/resolve", new { resolution = "KeepRegistry" });
        using var workerList = await worker.GetAsync("/api/v1/visits/conflicts");
        using var kept = await officer.PostAsJsonAsync($"/api/v1/visits/conflicts/{conflictId}/resolve", new { resolution = "KeepRegistry" });

        Assert.DoesNotContain(otherList.GetProperty("open").EnumerateArray(), c => c.GetProperty("id").GetInt64() == conflictId);
        await otherResolve.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        Assert.Equal(HttpStatusCode.Forbidden, workerList.StatusCode);
        Assert.Equal("KeepRegistry", (await kept.ExpectAsync(HttpStatusCode.OK)).Str("resolution"));
        var target = await PlanKit.GetAsync(officer, $"/api/v1/targets/{targetId}");
        Assert.Equal(MovedAddress, target.Str("address"));
        Assert.Equal(2, target.GetProperty("version").GetInt32());
        var list = await PlanKit.GetAsync(officer, "/api/v1/visits/conflicts");
        Assert.DoesNotContain(list.GetProperty("open").EnumerateArray(), c => c.GetProperty("id").GetInt64() == conflictId);
        Assert.Contains(list.GetProperty("resolved").EnumerateArray(), c => c.GetProperty("id").GetInt64() == conflictId);
    }

    [Theory, BothEngines]
    public async Task Page_ResolvesByForm_AndListsIdConflicts(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var (targetId, _, conflictId) = await ConflictAsync(app, officer);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, await NewTargetAsync(app), SafeAnswers(definition));
        var stored = await worker.PostVisitAsync(body);
        body["tasks"] = "第二次提交的事项";
        using (var response = await worker.PostAsJsonAsync("/api/v1/visits", body))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Conflict, "visit.id_conflict");
        }
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInWithFormAsync(browser, "ningxiang");

        var page = await browser.GetStringAsync("/Visits/Conflicts");
        var version = (await PlanKit.GetAsync(officer, $"/api/v1/targets/{targetId}")).GetProperty("version").GetInt32();
        using var post = await browser.PostAsync($"/Visits/Conflicts?handler=Resolve&id={conflictId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["resolution"] = "UpdateRegistry",
            ["targetVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = Antiforgery(page),
        }));

        Assert.Contains("第二次提交的事项", page, StringComparison.Ordinal);
        Assert.Contains($"/Visits/Details/{stored.Str("id")}", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(SeenAddress, (await PlanKit.GetAsync(officer, $"/api/v1/targets/{targetId}")).Str("address"));
        var after = await browser.GetStringAsync("/Visits/Conflicts");
        Assert.DoesNotContain($"id=\"conflict-{conflictId}\"", after, StringComparison.Ordinal);
        Assert.Contains("已按入户记录更新名册", after, StringComparison.Ordinal);
    }
}
