using System.Net;
using System.Net.Http.Json;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests;

/// <summary>ID numbers are checked (GB 11643) when a person is registered through the API.</summary>
public sealed class IdNumberValidationTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task PostTarget_ValidIdNumber_Returns201WithBirthDateAndSex(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var id = TestData.IdNumber();

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage, idNumber: id));

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(id, created.Str("idNumber"));
        Assert.Equal($"{id[6..10]}-{id[10..12]}-{id[12..14]}", created.Str("birthDate"));
        Assert.Equal((id[16] - '0') % 2 == 1 ? "男" : "女", created.Str("sex"));
    }

    [Theory, BothEngines]
    public async Task PostTarget_FullWidthAndLowerCaseX_IsNormalised(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var id = TestData.IdNumber(checkDigit: 'X');
        var typed = new string(id[..17].Select(c => (char)(c + 0xFEE0)).ToArray()) + " x";

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage, idNumber: typed));

        Assert.Equal(id, (await response.ExpectAsync(HttpStatusCode.Created)).Str("idNumber"));
    }

    [Theory, BothEngines]
    public async Task PostTarget_BadCheckDigit_Returns400WithMessageAboutCheckDigit(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var bad = TestData.WithBadCheckDigit(TestData.IdNumber());

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage, idNumber: bad));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        Assert.Contains("校验位", problem.Str("detail"));
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.Str("field") == "身份证号" && e.Str("message").Contains("校验位"));
        Assert.Equal(0, (await admin.SearchTargetsAsync(bad)).GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task PostTarget_FifteenDigitLegacyNumber_Returns400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var id = TestData.IdNumber();
        var legacy = id[..6] + id[8..14] + id[14..17]; // region, two-digit year, month, day, sequence

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage, idNumber: legacy));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        Assert.Equal(15, legacy.Length);
        Assert.Contains("15 位", problem.Str("detail"));
    }

    [Theory, BothEngines]
    public async Task PostTarget_ImpossibleBirthDate_Returns400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var first17 = "142301" + "19450230" + "123";
        var id = first17 + KnockDoor.Core.Targets.IdNumbers.CheckDigit(first17);

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.NingxiangVillage, idNumber: id));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        Assert.Contains("出生日期", problem.Str("detail"));
    }

    [Theory, BothEngines]
    public async Task PostTarget_DuplicateIdNumber_Returns409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var id = TestData.IdNumber();
        await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage, idNumber: id));

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", TestData.Target(TestData.JinluoVillage, idNumber: id));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "target.id_number_duplicate");
        Assert.False(string.IsNullOrEmpty(problem.Str("detail")));
        Assert.Equal(1, (await admin.SearchTargetsAsync(id)).GetProperty("total").GetInt32());
    }

    [Theory, BothEngines]
    public async Task PostTarget_MissingNameAndCategories_Returns400ListingEachField(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var input = TestData.Target(TestData.NingxiangVillage);
        input["name"] = "  ";
        input["categories"] = Array.Empty<string>();
        input["phone"] = "12345";

        using var response = await admin.PostAsJsonAsync("/api/v1/targets", input);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.validation");
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.Str("field")).ToList();
        Assert.Contains("姓名", fields);
        Assert.Contains("类别", fields);
        Assert.Contains("联系电话", fields);
    }

    [Theory, BothEngines]
    public async Task PostTarget_MalformedJson_Returns400Problem(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.PostAsync("/api/v1/targets", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem.Str("code")));
    }
}
