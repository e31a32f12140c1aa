using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Targets;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Weather;

/// <summary>The registry's risk fields that weather warnings read: 取暖方式, 卧床, 危旧房屋, in the API and the person's form and page.</summary>
public sealed class TargetRiskFieldTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task Api_SetsTheRiskFields_AnUpdateWithoutThemKeepsThem_AndTheAuditShowsTheChange(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var input = new Dictionary<string, object?>(TestData.Target(TestData.NingxiangVillage)) { ["heating"] = "Charcoal", ["bedridden"] = true };
        var created = await admin.CreateTargetAsync(input);
        Assert.Equal("Charcoal", created.Str("heating"));
        Assert.Equal("炭火", created.Str("heatingName"));
        Assert.True(created.GetProperty("bedridden").GetBoolean());
        Assert.False(created.GetProperty("houseAtRisk").GetBoolean());
        var id = created.Str("id");

        // A client that does not know the fields leaves them as they are.
        var plain = new Dictionary<string, object?>(TestData.Target(TestData.NingxiangVillage, (string)input["idNumber"]!)) { ["version"] = 1 };
        using (var response = await admin.PutAsJsonAsync($"/api/v1/targets/{id}", plain))
        {
            var kept = await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Charcoal", kept.Str("heating"));
            Assert.True(kept.GetProperty("bedridden").GetBoolean());
        }
        var change = new Dictionary<string, object?>(plain) { ["version"] = 2, ["heating"] = "Gas", ["bedridden"] = false, ["houseAtRisk"] = true };
        using (var response = await admin.PutAsJsonAsync($"/api/v1/targets/{id}", change))
        {
            var changed = await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Gas", changed.Str("heating"));
            Assert.False(changed.GetProperty("bedridden").GetBoolean());
            Assert.True(changed.GetProperty("houseAtRisk").GetBoolean());
        }
        // The clock of the tests stands still: the second update is the one that made version 3.
        var audited = Assert.Single(await admin.AuditAsync(id, "update"), r => r.Str("after").Contains("\"Version\":3", StringComparison.Ordinal));
        using var before = JsonDocument.Parse(audited.Str("before"));
        using var after = JsonDocument.Parse(audited.Str("after"));
        Assert.Equal("炭火", before.RootElement.GetProperty("Heating").GetString());
        Assert.Equal("燃气", after.RootElement.GetProperty("Heating").GetString());
        Assert.True(after.RootElement.GetProperty("HouseAtRisk").GetBoolean());

        // The registry's export carries them as three columns at the end.
        var bytes = await admin.GetByteArrayAsync("/api/v1/targets/export.xlsx?q=" + Uri.EscapeDataString((string)plain["name"]!));
        using (var stream = new MemoryStream(bytes))
        {
            var row = Assert.Single(MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>());
            Assert.Equal("燃气", row["取暖方式"]?.ToString());
            Assert.Equal("否", row["是否卧床"]?.ToString());
            Assert.Equal("是", row["是否危旧房屋"]?.ToString());
        }

        using var bad = await admin.PutAsJsonAsync($"/api/v1/targets/{id}", new Dictionary<string, object?>(change) { ["version"] = 3, ["heating"] = "Peat" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory, BothEngines]
    public async Task PersonForm_EditsTheRiskFields_AndThePersonsPageShowsThem(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var created = await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage));
        var id = Guid.Parse(created.Str("id"));
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await OfficeForms.SignInWithFormAsync(browser, "ningxiang");

        var form = await browser.GetStringAsync($"/Targets/Edit/{id}");
        Assert.Contains("取暖方式", form);
        var t = await WithDbAsync(app, db => db.Targets.AsNoTracking().FirstAsync(x => x.Id == id));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", OfficeForms.Antiforgery(form)),
            new("Input.Name", t.Name), new("Input.Categories", "LivingAlone"), new("Input.IdNumber", t.IdNumber),
            new("Input.OrgUnitCode", t.OrgUnitCode), new("Input.Status", "Active"), new("Input.Version", t.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Heating", "Coal"), new("Input.Bedridden", "true"), new("Input.Bedridden", "false"), new("Input.HouseAtRisk", "false"),
        };
        using var post = await browser.PostAsync($"/Targets/Edit/{id}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var saved = await WithDbAsync(app, db => db.Targets.AsNoTracking().FirstAsync(x => x.Id == id));
        Assert.Equal((HeatingKind?)HeatingKind.Coal, saved.Heating);
        Assert.True(saved.Bedridden);
        Assert.False(saved.HouseAtRisk);

        var page = await browser.GetStringAsync($"/Targets/Details/{id}");
        Assert.Contains("<dd id=\"target-heating\">燃煤</dd>", page);
        Assert.Contains("<dd id=\"target-bedridden\">是</dd>", page);
        Assert.Contains("<dd id=\"target-house\">否</dd>", page);
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] xlsx, string mode)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "名册.xlsx");
        form.Add(new StringContent(mode), "mode");
        return await client.PostAsync("/api/v1/targets/import", form);
    }

    [Theory, BothEngines]
    public async Task Import_ReadsTheRiskColumns_AndReportsABadValueAtItsColumn(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        object?[] Row(string name, string id, string heating, string bedridden, string house) =>
            [.. Xlsx.Row(TestData.NingxiangVillageName, name, id, "独居老人", township: "宁乡镇"), heating, bedridden, house];
        object?[] header = [.. Xlsx.Header(), "取暖方式", "是否卧床", "危房"];

        string coal = TestData.Name(), plain = TestData.Name();
        string coalId = TestData.IdNumber(), plainId = TestData.IdNumber();
        var good = Xlsx.Build([header, Row(coal, coalId, "烧煤", "是", "否"), Row(plain, plainId, "", "", "")]);
        using (var response = await ImportAsync(admin, good, "all"))
        {
            var result = await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, result.GetProperty("imported").GetInt32());
        }
        var stored = await WithDbAsync(app, db => db.Targets.AsNoTracking().Where(t => t.IdNumber == coalId || t.IdNumber == plainId)
            .ToDictionaryAsync(t => t.IdNumber, t => (t.Heating, t.Bedridden, t.HouseAtRisk)));
        Assert.Equal(((HeatingKind?)HeatingKind.Coal, true, false), stored[coalId]);
        Assert.Equal(((HeatingKind?)null, false, false), stored[plainId]);

        var badId = TestData.IdNumber();
        var bad = Xlsx.Build([header, Row(TestData.Name(), badId, "地暖泥炉", "有时", "否")]);
        using (var response = await ImportAsync(admin, bad, "all"))
        {
            var problem = await response.ExpectProblemAsync((HttpStatusCode)422, "import.has_errors");
            var columns = problem.GetProperty("errors").EnumerateArray().Select(e => e.Str("column")).ToList();
            Assert.Contains("取暖方式", columns);
            Assert.Contains("是否卧床", columns);
        }
        Assert.Equal(0, await WithDbAsync(app, db => db.Targets.CountAsync(t => t.IdNumber == badId)));
    }
}
