using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests;

/// <summary>Lists mask ID numbers and phones; full values are shown only where needed, and every such view is audited.</summary>
public sealed partial class TargetMaskingAndAuditTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task ListTargets_MasksIdNumberAndPhone(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var id = TestData.IdNumber(checkDigit: 'X');
        var created = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage, idNumber: id, phone: "18703587081"));

        var page = await admin.SearchTargetsAsync(created.Str("name"));

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(id[..4] + "**********" + id[14..], item.Str("idNumberMasked"));
        Assert.EndsWith("X", item.Str("idNumberMasked"), StringComparison.Ordinal);
        Assert.Equal("187****7081", item.Str("phoneMasked"));
        var raw = item.GetRawText();
        Assert.DoesNotContain(id, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("18703587081", raw, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task ListTargets_EveryItemIsMasked(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));

        using var response = await admin.GetAsync("/api/v1/targets?pageSize=100");
        var items = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

        Assert.NotEmpty(items);
        Assert.All(items, t =>
        {
            Assert.Matches(MaskedId(), t.Str("idNumberMasked"));
            var phone = t.GetProperty("phoneMasked").GetString();
            Assert.True(string.IsNullOrEmpty(phone) || MaskedMobile().IsMatch(phone), $"phone {phone} is masked");
            Assert.False(t.TryGetProperty("idNumber", out _), "a list item carries no full ID number");
        });
    }

    [Theory, BothEngines]
    public async Task GetTarget_Admin_ReturnsFullValuesAndAuditsTheView(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var input = TestData.Target(TestData.JinluoVillage, phone: "18703587081");
        var created = await admin.CreateTargetAsync(input);
        var targetId = created.Str("id");
        Assert.Empty(await admin.AuditAsync(targetId, "view-full"));

        using var response = await admin.GetAsync($"/api/v1/targets/{targetId}");
        var detail = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.True(detail.GetProperty("fullValues").GetBoolean());
        Assert.Equal((string)input["idNumber"]!, detail.Str("idNumber"));
        Assert.Equal("18703587081", detail.Str("phone"));
        Assert.Equal((string)input["guardianPhone"]!, detail.Str("guardianPhone"));
        var view = Assert.Single(await admin.AuditAsync(targetId, "view-full"));
        Assert.Equal("admin", view.Str("userName"));
        Assert.Equal("target", view.Str("entityType"));
        Assert.Equal(TestData.JinluoVillage, view.Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task GetTarget_EachFullView_AddsAnAuditRow(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var created = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));
        using var worker = await app.SignInAsync("worker");

        using (var first = await admin.GetAsync($"/api/v1/targets/{created.Str("id")}"))
        {
            await first.ExpectAsync(HttpStatusCode.OK);
        }
        using (var second = await worker.GetAsync($"/api/v1/targets/{created.Str("id")}"))
        {
            await second.ExpectAsync(HttpStatusCode.OK);
        }

        var views = await admin.AuditAsync(created.Str("id"), "view-full");
        Assert.Equal(2, views.Count);
        Assert.Contains(views, v => v.Str("userName") == "worker");
        Assert.Contains(views, v => v.Str("userName") == "admin");
    }

    [Theory, BothEngines]
    public async Task CreateTarget_WritesCreateAuditWithAfterValues(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var input = TestData.Target(TestData.NingxiangVillage);

        var created = await officer.CreateTargetAsync(input);

        using var admin = await app.SignInAsync("admin");
        var row = Assert.Single(await admin.AuditAsync(created.Str("id"), "create"));
        Assert.Equal("ningxiang", row.Str("userName"));
        Assert.Equal(app.Clock.GetUtcNow(), row.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(app.Clock.GetUtcNow(), created.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("target", row.Str("entityType"));
        Assert.Equal(TestData.NingxiangVillage, row.Str("orgUnitCode"));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("before").ValueKind);
        using var after = JsonDocument.Parse(row.Str("after"));
        Assert.Equal((string)input["name"]!, after.RootElement.GetProperty("Name").GetString());
        Assert.Equal((string)input["idNumber"]!, after.RootElement.GetProperty("IdNumber").GetString());
        Assert.Equal("孤寡老人、独居老人", after.RootElement.GetProperty("Categories").GetString());
    }

    [Theory, BothEngines]
    public async Task UpdateTarget_WritesUpdateAuditWithBeforeAndAfter(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var input = TestData.Target(TestData.NingxiangVillage);
        var created = await admin.CreateTargetAsync(input);
        var newName = TestData.Name();
        var change = new Dictionary<string, object?>(input) { ["name"] = newName, ["phone"] = "13912345678", ["version"] = 1 };

        using var response = await admin.PutAsJsonAsync($"/api/v1/targets/{created.Str("id")}", change);
        var updated = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal(newName, updated.Str("name"));
        var row = Assert.Single(await admin.AuditAsync(created.Str("id"), "update"));
        Assert.Equal("admin", row.Str("userName"));
        using var before = JsonDocument.Parse(row.Str("before"));
        using var after = JsonDocument.Parse(row.Str("after"));
        Assert.Equal((string)input["name"]!, before.RootElement.GetProperty("Name").GetString());
        Assert.Equal((string)input["phone"]!, before.RootElement.GetProperty("Phone").GetString());
        Assert.Equal(newName, after.RootElement.GetProperty("Name").GetString());
        Assert.Equal("13912345678", after.RootElement.GetProperty("Phone").GetString());
        Assert.Equal(1, before.RootElement.GetProperty("Version").GetInt32());
        Assert.Equal(2, after.RootElement.GetProperty("Version").GetInt32());
    }

    [Theory, BothEngines]
    public async Task UpdateTarget_StaleVersion_Returns409AndWritesNoAudit(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var input = TestData.Target(TestData.NingxiangVillage);
        var created = await admin.CreateTargetAsync(input);
        var first = new Dictionary<string, object?>(input) { ["name"] = TestData.Name(), ["version"] = 1 };
        using (var ok = await admin.PutAsJsonAsync($"/api/v1/targets/{created.Str("id")}", first))
        {
            await ok.ExpectAsync(HttpStatusCode.OK);
        }
        var stale = new Dictionary<string, object?>(input) { ["name"] = TestData.Name(), ["version"] = 1 };

        using var response = await admin.PutAsJsonAsync($"/api/v1/targets/{created.Str("id")}", stale);

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "resource.version_conflict");
        Assert.Single(await admin.AuditAsync(created.Str("id"), "update"));
    }

    [Theory, BothEngines]
    public async Task Audit_TownshipOfficer_Returns403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync("/api/v1/audit");

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [GeneratedRegex(@"^\d{4}\*{10}[0-9X]{4}$")]
    private static partial Regex MaskedId();

    [GeneratedRegex(@"^\d{3}\*{4}\d{4}$")]
    private static partial Regex MaskedMobile();
}
