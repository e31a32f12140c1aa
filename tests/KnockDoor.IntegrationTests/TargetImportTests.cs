using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests;

/// <summary>
/// Excel import of the registry through HTTP: POST /api/v1/targets/import, multipart with <c>file</c>
/// (.xlsx) and <c>mode</c> = validate | all (default) | valid-only. Errors name the Excel row (1-based,
/// as Excel shows it) and the column.
/// </summary>
public sealed class TargetImportTests(Apps apps) : IClassFixture<Apps>
{
    private const string Title = "中阳县冬季安全“敲门行动”服务对象名册";

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] xlsx, string? mode)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "服务对象名册.xlsx");
        if (mode is not null)
        {
            form.Add(new StringContent(mode), "mode");
        }
        return await client.PostAsync("/api/v1/targets/import", form);
    }

    private static List<(int Row, string Column, string Message)> Errors(JsonElement body) =>
        [.. body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.Str("column"), e.Str("message")))];

    private static async Task<JsonElement?> FindAsync(HttpClient client, string name)
    {
        var page = await client.SearchTargetsAsync(name);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count <= 1, $"{name} is in the registry {items.Count} times");
        return items.Count == 0 ? null : items[0];
    }

    private static string FullWidth(string s) => new([.. s.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c)]);

    [Theory, BothEngines]
    public async Task Import_GoodFile_Returns200AndRowsAppearInRegistry(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        string[] names = [TestData.Name(), TestData.Name(), TestData.Name()];
        string[] ids = [TestData.IdNumber(), TestData.IdNumber(), TestData.IdNumber()];
        var xlsx = Xlsx.Build(
        [
            Xlsx.Header(),
            Xlsx.Row(TestData.NingxiangVillageName, names[0], ids[0], "孤寡老人、失能", phone: "18703587081", township: "宁乡镇", address: "宁乡演示一村1组2号"),
            Xlsx.Row(TestData.JinluoVillage, names[1], ids[1], "留守儿童", township: "金罗镇"),
            Xlsx.Row(TestData.JinluoVillageName, names[2], ids[2], "独居老人，半失能"),
        ]);

        using var response = await ImportAsync(admin, xlsx, "all");

        var result = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("importId").ToString()));
        Assert.Equal(3, result.GetProperty("totalRows").GetInt32());
        Assert.Equal(3, result.GetProperty("validRows").GetInt32());
        Assert.Equal(0, result.GetProperty("errorRows").GetInt32());
        Assert.Equal(3, result.GetProperty("imported").GetInt32());
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var first = await FindAsync(admin, names[0]);
        Assert.NotNull(first);
        Assert.Equal(TestData.NingxiangVillage, first.Value.Str("orgUnitCode"));
        Assert.Equal("孤寡老人、失能", first.Value.Str("categories"));
        Assert.Equal("187****7081", first.Value.Str("phoneMasked"));
        Assert.Equal(TestData.JinluoVillage, (await FindAsync(admin, names[1]))?.Str("orgUnitCode"));
        Assert.Equal(TestData.JinluoVillage, (await FindAsync(admin, names[2]))?.Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task Import_TitleRowBlankRowsFullWidthAndSpaces_ImportFine(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var plainName = TestData.Name();
        var spacedName = TestData.Name();
        var plainId = TestData.IdNumber();
        var fullWidthId = TestData.IdNumber(checkDigit: 'X');
        var xlsx = Xlsx.Build(
        [
            [Title],
            Xlsx.Blank(),
            Xlsx.Header(),
            Xlsx.Blank(),
            Xlsx.Row(TestData.NingxiangVillageName, plainName, plainId, "孤寡老人"),
            Xlsx.Blank(),
            Xlsx.Row("  " + TestData.NingxiangVillageName + " ", "  " + spacedName + "\u3000", " " + FullWidth(fullWidthId[..17]) + "ｘ ",
                " 失能 、 独居老人 ", phone: FullWidth("187 0358 7081")),
            Xlsx.Blank(),
        ]);

        using var response = await ImportAsync(admin, xlsx, null);

        var result = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(Errors(result));
        Assert.Equal(2, result.GetProperty("totalRows").GetInt32());
        Assert.Equal(2, result.GetProperty("imported").GetInt32());
        Assert.NotNull(await FindAsync(admin, plainName));
        var spaced = await FindAsync(admin, spacedName);
        Assert.NotNull(spaced);
        Assert.Equal(spacedName, spaced.Value.Str("name"));
        Assert.Equal("187****7081", spaced.Value.Str("phoneMasked"));
        using var detail = await admin.GetAsync($"/api/v1/targets/{spaced.Value.Str("id")}");
        var full = await detail.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(fullWidthId, full.Str("idNumber"));
        Assert.Equal("18703587081", full.Str("phone"));
        Assert.Equal(TestData.NingxiangVillage, full.Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task Import_Validate_ReportsEachBadRowWithRowAndColumn(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var registered = TestData.IdNumber();
        await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage, idNumber: registered));
        var twice = TestData.IdNumber();
        var numeric = TestData.IdNumber(checkDigit: '7');
        string[] goodNames = [TestData.Name(), TestData.Name(), TestData.Name()];
        var badNames = Enumerable.Range(0, 6).Select(_ => TestData.Name()).ToArray();
        var xlsx = Xlsx.Build(
        [
            [Title],                                                                                              // row 1
            Xlsx.Header(),                                                                                        // row 2
            Xlsx.Row(TestData.NingxiangVillageName, goodNames[0], TestData.IdNumber(), "孤寡老人"),               // row 3: good
            Xlsx.Row(TestData.NingxiangVillageName, badNames[0], TestData.WithBadCheckDigit(TestData.IdNumber()), "失能"), // row 4: check digit
            Xlsx.Row(TestData.NingxiangVillageName, goodNames[1], twice, "独居老人"),                             // row 5: first use of an ID
            Xlsx.Row(TestData.NingxiangVillageName, badNames[1], twice, "独居老人"),                              // row 6: same ID again
            Xlsx.Row(TestData.NingxiangVillageName, badNames[2], registered, "孤寡老人"),                         // row 7: already registered
            Xlsx.Row("不存在的演示村", badNames[3], TestData.IdNumber(), "孤寡老人"),                              // row 8: unknown village
            Xlsx.Row(TestData.NingxiangVillageName, "", TestData.IdNumber(), "孤寡老人"),                         // row 9: no name
            Xlsx.Row(TestData.NingxiangVillageName, badNames[4], (double)long.Parse(numeric, System.Globalization.CultureInfo.InvariantCulture), "失能"), // row 10: numeric cell
            Xlsx.Blank(),                                                                                         // row 11
            Xlsx.Row(TestData.JinluoVillageName, goodNames[2], TestData.IdNumber(), "留守儿童"),                  // row 12: good
        ]);

        using var response = await ImportAsync(admin, xlsx, "validate");

        var result = await response.ExpectAsync(HttpStatusCode.OK);
        var errors = Errors(result);
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "身份证号" && e.Message.Contains("校验位"));
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "身份证号");
        Assert.Contains(errors, e => e.Row == 7 && e.Column == "身份证号");
        Assert.Contains(errors, e => e.Row == 8 && e.Column == "村(社区)");
        Assert.Contains(errors, e => e.Row == 9 && e.Column == "姓名");
        Assert.Contains(errors, e => e.Row == 10 && e.Column == "身份证号");
        Assert.DoesNotContain(errors, e => e.Row is 1 or 2 or 3 or 11 or 12);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal(9, result.GetProperty("totalRows").GetInt32());
        Assert.True(result.GetProperty("errorRows").GetInt32() >= 6);
        Assert.Equal(0, result.GetProperty("imported").GetInt32());
        foreach (var name in goodNames.Concat(badNames))
        {
            Assert.Null(await FindAsync(admin, name));
        }
    }

    [Theory, BothEngines]
    public async Task Import_ModeAllWithABadRow_Returns422AndStoresNothing(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        string[] good = [TestData.Name(), TestData.Name()];
        var xlsx = Xlsx.Build(
        [
            Xlsx.Header(),
            Xlsx.Row(TestData.NingxiangVillageName, good[0], TestData.IdNumber(), "孤寡老人"),
            Xlsx.Row(TestData.NingxiangVillageName, TestData.Name(), TestData.WithBadCheckDigit(TestData.IdNumber()), "孤寡老人"),
            Xlsx.Row(TestData.JinluoVillageName, good[1], TestData.IdNumber(), "孤儿"),
        ]);

        using var response = await ImportAsync(admin, xlsx, "all");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "import.has_errors");
        var error = Assert.Single(Errors(problem));
        Assert.Equal(3, error.Row);
        Assert.Equal("身份证号", error.Column);
        Assert.Null(await FindAsync(admin, good[0]));
        Assert.Null(await FindAsync(admin, good[1]));
    }

    [Theory, BothEngines]
    public async Task Import_ValidOnly_StoresExactlyTheValidRows(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        string[] good = [TestData.Name(), TestData.Name(), TestData.Name()];
        string[] bad = [TestData.Name(), TestData.Name()];
        var xlsx = Xlsx.Build(
        [
            [Title],
            Xlsx.Header(),
            Xlsx.Row(TestData.NingxiangVillageName, good[0], TestData.IdNumber(), "孤寡老人"),
            Xlsx.Row(TestData.NingxiangVillageName, bad[0], TestData.WithBadCheckDigit(TestData.IdNumber()), "孤寡老人"),
            Xlsx.Row(TestData.JinluoVillage, good[1], TestData.IdNumber(), "困境儿童"),
            Xlsx.Row("不存在的演示村", bad[1], TestData.IdNumber(), "孤寡老人"),
            Xlsx.Row(TestData.JinluoVillageName, good[2], TestData.IdNumber(), "病残人员"),
        ]);

        using var response = await ImportAsync(admin, xlsx, "valid-only");

        var result = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, result.GetProperty("totalRows").GetInt32());
        Assert.Equal(3, result.GetProperty("validRows").GetInt32());
        Assert.Equal(2, result.GetProperty("errorRows").GetInt32());
        Assert.Equal(3, result.GetProperty("imported").GetInt32());
        var errors = Errors(result);
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "身份证号");
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "村(社区)");
        foreach (var name in good)
        {
            Assert.NotNull(await FindAsync(admin, name));
        }
        foreach (var name in bad)
        {
            Assert.Null(await FindAsync(admin, name));
        }
    }

    [Theory, BothEngines]
    public async Task Import_TownshipOfficer_RowInOtherTownshipIsAnError(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var own = TestData.Name();
        var other = TestData.Name();
        var xlsx = Xlsx.Build(
        [
            Xlsx.Header(),
            Xlsx.Row(TestData.NingxiangVillageName, own, TestData.IdNumber(), "孤寡老人"),
            Xlsx.Row(TestData.JinluoVillageName, other, TestData.IdNumber(), "孤寡老人"),
        ]);

        using var response = await ImportAsync(officer, xlsx, "valid-only");

        var result = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(Errors(result), e => e.Row == 3 && e.Column == "村(社区)");
        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        using var admin = await app.SignInAsync("admin");
        Assert.NotNull(await FindAsync(admin, own));
        Assert.Null(await FindAsync(admin, other));
    }

    [Theory, BothEngines]
    public async Task Import_Leader_Returns403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var leader = await app.SignInAsync("leader");
        var xlsx = Xlsx.Build([Xlsx.Header(), Xlsx.Row(TestData.NingxiangVillageName, TestData.Name(), TestData.IdNumber(), "孤寡老人")]);

        using var response = await ImportAsync(leader, xlsx, "all");

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Theory, BothEngines]
    public async Task Import_NotAnExcelFile_Returns400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");

        using var response = await ImportAsync(admin, "姓名,身份证号\n张三,1"u8.ToArray(), "all");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "import.file_invalid");
    }

    [Theory, BothEngines]
    public async Task Import_NoHeaderRow_Returns400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var xlsx = Xlsx.Build([[Title], ["甲", "乙", "丙"]]);

        using var response = await ImportAsync(admin, xlsx, "all");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "import.header_missing");
    }
}
