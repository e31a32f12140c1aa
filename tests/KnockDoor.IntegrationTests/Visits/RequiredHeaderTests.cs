using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Visits;

/// <summary>
/// Header fields a template marks required must be filled when the visit went in. The class publishes a new
/// household version in its own app, so every test here names the version it fills instead of taking the current one.
/// </summary>
public sealed class RequiredHeaderTests(Apps apps) : IClassFixture<Apps>
{
    private static async Task<(Guid Id, ChecklistDefinition Definition)> VersionAsync(KdApp app, ChecklistKind kind, int version)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var template = await db.ChecklistTemplates.AsNoTracking()
            .FirstAsync(t => t.CountyCode == TestData.County && t.Kind == kind && t.Version == version);
        return (template.Id, template.Parse());
    }

    private static List<string> Errors(System.Text.Json.JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "")];

    private static Task<int> StoredAsync(KdApp app, Guid visitId) =>
        WithDbAsync(app, async db => await db.Visits.CountAsync(v => v.Id == visitId) + await db.Hazards.CountAsync(h => h.VisitId == visitId));

    [Theory, BothEngines]
    public async Task Post_VisitedWithRequiredHeaderMissingOrBlank_Returns400NamingTheFieldsAndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await VersionAsync(app, ChecklistKind.Household, 1);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        // A hazard among the answers: refused means no hazard either.
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! != "H04").Append(Answer("H04", "Yes")).ToList();

        var noAddress = Household(app, templateId, targetId, answers);
        noAddress["header"] = new Dictionary<string, string> { ["placeName"] = "测试住户", ["floors"] = "2" };
        using (var response = await worker.PostAsJsonAsync("/api/v1/visits", noAddress))
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
            Assert.Contains("表头必填项未填写：地址", problem.Str("detail"), StringComparison.Ordinal);
            Assert.DoesNotContain("检查地点", problem.Str("detail"), StringComparison.Ordinal);
            Assert.Contains("表头必填项未填写：地址", Errors(problem));
        }
        Assert.Equal(0, await StoredAsync(app, (Guid)noAddress["id"]!));

        var blank = Household(app, templateId, targetId, answers);
        blank["header"] = new Dictionary<string, string?> { ["placeName"] = "   ", ["address"] = null };
        using (var response = await worker.PostAsJsonAsync("/api/v1/visits", blank))
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
            Assert.Contains("表头必填项未填写：检查地点(对象)名称、地址", Errors(problem));
        }
        Assert.Equal(0, await StoredAsync(app, (Guid)blank["id"]!));

        var none = Household(app, templateId, targetId, answers);
        none.Remove("header");
        using (var response = await worker.PostAsJsonAsync("/api/v1/visits", none))
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
            Assert.Contains("表头必填项未填写：检查地点(对象)名称、地址", Errors(problem));
        }
        Assert.Equal(0, await StoredAsync(app, (Guid)none["id"]!));
        var target = Guid.Parse(targetId);
        Assert.Equal(0, await WithDbAsync(app, db => db.Visits.CountAsync(v => v.TargetId == target)));
    }

    [Theory, BothEngines]
    public async Task Post_VisitedWithRequiredHeader_Returns201AndKeepsTheHeader(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await VersionAsync(app, ChecklistKind.Household, 1);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, SafeAnswers(definition));
        body["header"] = new Dictionary<string, string> { ["placeName"] = " 测试住户 ", ["address"] = "宁乡演示一村 2 号" };

        var visit = await worker.PostVisitAsync(body);

        Assert.Equal("测试住户", visit.GetProperty("header").Str("placeName"));
        Assert.Equal("宁乡演示一村 2 号", visit.GetProperty("header").Str("address"));
    }

    [Theory, BothEngines]
    public async Task Post_NotVisitedWithoutHeader_Returns201(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, _) = await VersionAsync(app, ChecklistKind.Household, 1);
        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");

        var nobodyHome = Household(app, templateId, targetId, [], outcome: "NobodyHome");
        nobodyHome.Remove("header");
        nobodyHome["signaturePng"] = null;
        var refused = Household(app, templateId, targetId, [], outcome: "Refused");
        refused["header"] = new Dictionary<string, string>();
        refused["signaturePng"] = null;

        Assert.Equal("NobodyHome", (await worker.PostVisitAsync(nobodyHome)).Str("outcome"));
        Assert.Equal("Refused", (await worker.PostVisitAsync(refused)).Str("outcome"));
    }

    [Theory, BothEngines]
    public async Task Institution_RequiredNameMissing_Returns400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (templateId, definition) = await VersionAsync(app, ChecklistKind.Institution, 1);
        using var officer = await app.SignInAsync("ningxiang");
        var body = Household(app, templateId, "", SafeAnswers(definition));
        body["kind"] = "Institution";
        body.Remove("targetId");
        body["institutionCode"] = Xingfu;
        body["header"] = new Dictionary<string, string> { ["residents"] = "40" };

        using var response = await officer.PostAsJsonAsync("/api/v1/visits", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        Assert.Contains("表头必填项未填写：机构名称", Errors(problem));
        Assert.Equal(0, await StoredAsync(app, (Guid)body["id"]!));
    }

    [Theory, BothEngines]
    public async Task Publish_VersionMakingPhoneRequired_AppliesToVisitsFilledWithThatVersionOnly(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var (v1Id, v1) = await VersionAsync(app, ChecklistKind.Household, 1);
        using var admin = await app.SignInAsync("admin");
        var current = await (await admin.GetAsync("/api/v1/checklists/household/current")).ExpectAsync(HttpStatusCode.OK);
        var definition = JsonNode.Parse(current.GetProperty("definition").GetRawText())!;
        var phone = definition["header"]!.AsArray().Single(f => (string?)f!["key"] == "contactPhone")!;
        Assert.False((bool?)phone["required"] ?? false);
        phone["required"] = true;
        using var publish = await admin.PostAsJsonAsync("/api/v1/checklists/household/versions", new { definition, changeNote = "联系电话必填" });
        var published = await publish.ExpectAsync(HttpStatusCode.Created);
        var v2Id = Guid.Parse(published.Str("id"));
        Assert.True(published.GetProperty("definition").GetProperty("header").EnumerateArray()
            .Single(f => f.Str("key") == "contactPhone").GetProperty("required").GetBoolean());

        var targetId = await NewTargetAsync(app);
        using var worker = await app.SignInAsync("worker");
        // The default header of the kit has 检查地点(对象)名称 and 地址, no phone.
        var onV1 = await worker.PostVisitAsync(Household(app, v1Id, targetId, SafeAnswers(v1)));
        var onV2 = Household(app, v2Id, targetId, SafeAnswers(v1));
        using (var response = await worker.PostAsJsonAsync("/api/v1/visits", onV2))
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
            Assert.Contains("表头必填项未填写：联系电话", Errors(problem));
        }
        Assert.Equal(0, await StoredAsync(app, (Guid)onV2["id"]!));
        var withPhone = Household(app, v2Id, targetId, SafeAnswers(v1));
        withPhone["header"] = new Dictionary<string, string> { ["placeName"] = "测试住户", ["address"] = "宁乡演示一村 1 号", ["contactPhone"] = "13912345678" };
        var stored = await worker.PostVisitAsync(withPhone);
        var nobodyHome = Household(app, v2Id, targetId, [], outcome: "NobodyHome");
        nobodyHome.Remove("header");
        nobodyHome["signaturePng"] = null;
        await worker.PostVisitAsync(nobodyHome);

        Assert.Equal(1, onV1.GetProperty("templateVersion").GetInt32());
        Assert.Equal(published.GetProperty("version").GetInt32(), stored.GetProperty("templateVersion").GetInt32());
    }
}
