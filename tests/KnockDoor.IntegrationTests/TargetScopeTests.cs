using System.Net;
using System.Net.Http.Json;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests;

/// <summary>Every account sees its own unit and below, whatever id it asks for.</summary>
public sealed class TargetScopeTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task ListTargets_TownshipOfficer_GetsNoPersonOfOtherTownship(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await admin.CreateTargetAsync(TestData.Target(TestData.JinluoVillage));
        var ningxiang = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync("/api/v1/targets?pageSize=500");
        var page = await response.ExpectAsync(HttpStatusCode.OK);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Equal(page.GetProperty("total").GetInt32(), items.Count);
        Assert.All(items, t => Assert.StartsWith(TestData.Ningxiang, t.Str("orgUnitCode"), StringComparison.Ordinal));
        Assert.DoesNotContain(items, t => t.Str("orgUnitCode").StartsWith(TestData.Jinluo, StringComparison.Ordinal));
        Assert.DoesNotContain(items, t => t.Str("id") == jinluo.Str("id"));
        Assert.Contains(items, t => t.Str("id") == ningxiang.Str("id"));
    }

    [Theory, BothEngines]
    public async Task SearchTargets_TownshipOfficer_DoesNotFindOtherTownshipByName(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await admin.CreateTargetAsync(TestData.Target(TestData.JinluoVillage));
        using var officer = await app.SignInAsync("ningxiang");

        var officerPage = await officer.SearchTargetsAsync(jinluo.Str("name"));
        var byId = await officer.SearchTargetsAsync(jinluo.Str("idNumber"));

        Assert.Equal(0, officerPage.GetProperty("total").GetInt32());
        Assert.Equal(0, byId.GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task GetTarget_OtherTownship_Returns404(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await admin.CreateTargetAsync(TestData.Target(TestData.JinluoVillage));
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync($"/api/v1/targets/{jinluo.Str("id")}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
    }

    [Theory, BothEngines]
    public async Task GetTarget_UnknownId_Returns404(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.GetAsync($"/api/v1/targets/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
    }

    [Theory, BothEngines]
    public async Task PutTarget_OtherTownship_Returns404AndChangesNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var original = TestData.Target(TestData.JinluoVillage);
        var jinluo = await admin.CreateTargetAsync(original);
        var id = jinluo.Str("id");
        using var officer = await app.SignInAsync("ningxiang");
        var change = TestData.Target(TestData.JinluoVillage, idNumber: (string)original["idNumber"]!, name: TestData.Name());
        change["version"] = 1;

        using var response = await officer.PutAsJsonAsync($"/api/v1/targets/{id}", change);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        using var check = await admin.GetAsync($"/api/v1/targets/{id}");
        var stored = await check.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((string)original["name"]!, stored.Str("name"));
        Assert.Equal((string)original["phone"]!, stored.Str("phone"));
        Assert.Equal(1, stored.GetProperty("version").GetInt32());
        Assert.Empty(await admin.AuditAsync(id, "update"));
    }

    [Theory, BothEngines]
    public async Task PutTarget_MoveOwnPersonIntoOtherTownship_Returns400AndChangesNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var input = TestData.Target(TestData.NingxiangVillage);
        var created = await officer.CreateTargetAsync(input);
        var moved = new Dictionary<string, object?>(input) { ["orgUnitCode"] = TestData.JinluoVillage, ["version"] = 1 };

        using var response = await officer.PutAsJsonAsync($"/api/v1/targets/{created.Str("id")}", moved);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        using var admin = await app.SignInAsync("admin");
        using var check = await admin.GetAsync($"/api/v1/targets/{created.Str("id")}");
        Assert.Equal(TestData.NingxiangVillage, (await check.ExpectAsync(HttpStatusCode.OK)).Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task PostTarget_TownshipOfficerIntoOtherTownshipVillage_Returns400WithCode(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var input = TestData.Target(TestData.JinluoVillage);

        using var response = await officer.PostAsJsonAsync("/api/v1/targets", input);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.Str("field") == "村(社区)");
        using var admin = await app.SignInAsync("admin");
        var found = await admin.SearchTargetsAsync((string)input["idNumber"]!);
        Assert.Equal(0, found.GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task PostTarget_TownshipOfficerIntoOwnVillage_Returns201(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage));

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(TestData.NingxiangVillage, created.Str("orgUnitCode"));
        Assert.Equal($"/api/v1/targets/{created.Str("id")}", response.Headers.Location?.OriginalString);
    }

    [Theory, BothEngines]
    public async Task ListTargets_Admin_SeesBothTownships(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await admin.CreateTargetAsync(TestData.Target(TestData.JinluoVillage));
        var ningxiang = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));

        var foundJinluo = await admin.SearchTargetsAsync(jinluo.Str("name"));
        var foundNingxiang = await admin.SearchTargetsAsync(ningxiang.Str("name"));
        using var all = await admin.GetAsync("/api/v1/targets?pageSize=500");
        var items = (await all.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(jinluo.Str("id"), Assert.Single(foundJinluo.GetProperty("items").EnumerateArray()).Str("id"));
        Assert.Equal(ningxiang.Str("id"), Assert.Single(foundNingxiang.GetProperty("items").EnumerateArray()).Str("id"));
        Assert.Contains(items, t => t.Str("orgUnitCode").StartsWith(TestData.Jinluo, StringComparison.Ordinal));
        Assert.Contains(items, t => t.Str("orgUnitCode").StartsWith(TestData.Ningxiang, StringComparison.Ordinal));
    }

    [Theory, BothEngines]
    public async Task ListTargets_FieldWorker_SeesOnlyOwnTownship(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await admin.CreateTargetAsync(TestData.Target(TestData.JinluoVillage));
        var ningxiang = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));
        using var worker = await app.SignInAsync("worker");

        using var response = await worker.GetAsync("/api/v1/targets?pageSize=500");
        var items = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        using var other = await worker.GetAsync($"/api/v1/targets/{jinluo.Str("id")}");
        using var own = await worker.GetAsync($"/api/v1/targets/{ningxiang.Str("id")}");

        Assert.All(items, t => Assert.StartsWith(TestData.Ningxiang, t.Str("orgUnitCode"), StringComparison.Ordinal));
        Assert.Contains(items, t => t.Str("id") == ningxiang.Str("id"));
        await other.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        await own.ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, BothEngines]
    public async Task PostTarget_FieldWorker_Returns403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var worker = await app.SignInAsync("worker");

        using var response = await worker.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage));

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Theory, BothEngines]
    public async Task Leader_CanReadButPostReturns403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var jinluo = await admin.CreateTargetAsync(TestData.Target(TestData.JinluoVillage));
        using var leader = await app.SignInAsync("leader");
        var input = TestData.Target(TestData.NingxiangVillage);

        var found = await leader.SearchTargetsAsync(jinluo.Str("name"));
        using var detail = await leader.GetAsync($"/api/v1/targets/{jinluo.Str("id")}");
        using var post = await leader.PostAsJsonAsync("/api/v1/targets", input);

        Assert.Equal(1, found.GetProperty("total").GetInt32());
        var shown = await detail.ExpectAsync(HttpStatusCode.OK);
        Assert.False(shown.GetProperty("fullValues").GetBoolean());
        Assert.Equal(jinluo.Str("idNumber")[..4] + "**********" + jinluo.Str("idNumber")[^4..], shown.Str("idNumber"));
        await post.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(0, (await admin.SearchTargetsAsync((string)input["idNumber"]!)).GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task ListTargets_InstitutionStaff_SeesOnlyOwnInstitution(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var ningxiang = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));
        using var staff = await app.SignInAsync("xingfu");
        using var me = await staff.GetAsync("/api/v1/auth/me");
        var institution = (await me.ExpectAsync(HttpStatusCode.OK)).Str("orgUnitCode");

        using var response = await staff.GetAsync("/api/v1/targets?pageSize=500");
        var items = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

        Assert.All(items, t => Assert.Equal(institution, t.Str("orgUnitCode")));
        Assert.DoesNotContain(items, t => t.Str("id") == ningxiang.Str("id"));
    }
}
