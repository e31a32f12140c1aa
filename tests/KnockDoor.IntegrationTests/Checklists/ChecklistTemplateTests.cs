using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests.Checklists;

/// <summary>Checklist templates are versioned data: publishing makes a new version and keeps the old ones.</summary>
public sealed class ChecklistTemplateTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task CurrentHousehold_IsTheNoticeAttachmentWithWinterSection(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var worker = await app.SignInAsync("worker");

        using var response = await worker.GetAsync("/api/v1/checklists/household/current");

        var template = await response.ExpectAsync(HttpStatusCode.OK);
        var items = template.GetProperty("definition").GetProperty("sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("items").EnumerateArray()).ToList();
        var codes = items.Select(i => i.Str("code")).ToList();
        Assert.Equal(Enumerable.Range(1, 16).Select(n => $"H{n:00}").Concat(Enumerable.Range(1, 6).Select(n => $"W{n:00}")), codes);
        var h05 = items.Single(i => i.Str("code") == "H05");
        Assert.Equal("燃气管道是否漏气、软管是否破裂损坏", h05.Str("text"));
        Assert.Equal("Yes", h05.Str("hazardIf"));
        Assert.Equal("Critical", h05.Str("severity"));
        Assert.Equal("Critical", items.Single(i => i.Str("code") == "H13").Str("severity"));
        Assert.Equal("No", items.Single(i => i.Str("code") == "H08").Str("hazardIf"));
        Assert.Equal(JsonValueKind.Null, items.Single(i => i.Str("code") == "H01").GetProperty("hazardIf").ValueKind);
    }

    [Theory, BothEngines]
    public async Task Publish_NewVersion_BecomesCurrentAndOldStaysReadable(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var v1 = await (await admin.GetAsync("/api/v1/checklists/institution/current")).ExpectAsync(HttpStatusCode.OK);
        var definition = JsonSerializer.Deserialize<Dictionary<string, object>>(v1.GetProperty("definition").GetRawText())!;
        var sections = JsonSerializer.Deserialize<List<Dictionary<string, object>>>(v1.GetProperty("definition").GetProperty("sections").GetRawText())!;
        var items = JsonSerializer.Deserialize<List<Dictionary<string, object?>>>(JsonSerializer.Serialize(sections[0]["items"]))!;
        items[0]["text"] = "供水设施（含备用水源）是否正常运转";
        items.Add(new Dictionary<string, object?> { ["code"] = "I99", ["text"] = "是否配备应急照明", ["hazardIf"] = "No", ["severity"] = "Medium" });
        sections[0]["items"] = items;
        definition["sections"] = sections;

        using var publish = await admin.PostAsJsonAsync("/api/v1/checklists/institution/versions", new { definition, changeNote = "I01 改写；新增 I99" });

        var v2 = await publish.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(v1.GetProperty("version").GetInt32() + 1, v2.GetProperty("version").GetInt32());
        var current = await (await admin.GetAsync("/api/v1/checklists/institution/current")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(v2.Str("id"), current.Str("id"));
        var old = await (await admin.GetAsync($"/api/v1/checklists/templates/{v1.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        var oldFirst = old.GetProperty("definition").GetProperty("sections")[0].GetProperty("items")[0];
        Assert.Equal("供水设施是否正常运转", oldFirst.Str("text"));
        Assert.False(old.GetProperty("isCurrent").GetBoolean());
        var versions = await (await admin.GetAsync("/api/v1/checklists/institution/versions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, versions.GetArrayLength());
    }

    [Theory, BothEngines]
    public async Task Publish_DuplicateItemCodes_Returns400AndChangesNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var before = await (await admin.GetAsync("/api/v1/checklists/household/current")).ExpectAsync(HttpStatusCode.OK);
        var definition = new
        {
            title = "坏的检查表",
            header = Array.Empty<object>(),
            sections = new[] { new { title = "排查项目", items = new[] { new { code = "H01", text = "甲", severity = "Medium" }, new { code = "H01", text = "乙", severity = "Medium" } } } },
            otherHazards = true,
            tasks = true,
            signature = true,
            notes = Array.Empty<string>(),
        };

        using var response = await admin.PostAsJsonAsync("/api/v1/checklists/household/versions", new { definition });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "checklist.invalid");
        Assert.Contains("H01 重复", problem.Str("detail"));
        var after = await (await admin.GetAsync("/api/v1/checklists/household/current")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.Str("id"), after.Str("id"));
    }

    [Theory, BothEngines]
    public async Task Publish_ByTownshipOfficer_Returns403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var current = await (await officer.GetAsync("/api/v1/checklists/household/current")).ExpectAsync(HttpStatusCode.OK);

        using var response = await officer.PostAsJsonAsync("/api/v1/checklists/household/versions",
            new { definition = JsonSerializer.Deserialize<object>(current.GetProperty("definition").GetRawText()) });

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }
}
