using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.IntegrationTests.Infrastructure;

namespace KnockDoor.IntegrationTests;

/// <summary>Sign-in, lock-out, and account management; each test makes its own accounts.</summary>
public sealed class AuthAndAccountTests(Apps apps) : IClassFixture<Apps>
{
    private static async Task<JsonElement> CreateAccountAsync(HttpClient by, string role, string orgUnitCode, string? userName = null)
    {
        using var response = await by.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = userName ?? TestData.UserName("t"),
            displayName = "测试账号",
            role,
            orgUnitCode,
            password = TestData.AccountPassword,
            phone = TestData.Mobile(),
        });
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    private static async Task<HttpResponseMessage> LoginAsync(KdApp app, string userName, string password)
    {
        using var client = app.Anonymous();
        return await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
    }

    [Theory, BothEngines]
    public async Task Login_DemoAdmin_ReturnsBearerToken(Engine engine)
    {
        var app = await apps.GetAsync(engine);

        using var response = await LoginAsync(app, "admin", KdApp.DemoPassword);
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        using var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.Str("accessToken"));
        using var me = await client.GetAsync("/api/v1/auth/me");

        var user = await me.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("admin", user.Str("userName"));
        Assert.Equal("admin", user.Str("role"));
        Assert.Equal(TestData.County, user.Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task Login_WrongPassword_Returns401AndRecordsFailure(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var account = await CreateAccountAsync(admin, "worker", TestData.Ningxiang);

        using var response = await LoginAsync(app, account.Str("userName"), "Wrong#2024x");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "auth.bad_credentials");
        var failures = await admin.AuditAsync(account.Str("id"), "sign-in-failed");
        Assert.Equal(account.Str("userName"), Assert.Single(failures).Str("userName"));
        Assert.Empty(await admin.AuditAsync(account.Str("id"), "sign-in"));
    }

    [Theory, BothEngines]
    public async Task Login_UnknownUser_Returns401(Engine engine)
    {
        var app = await apps.GetAsync(engine);

        using var response = await LoginAsync(app, TestData.UserName("nobody"), "Wrong#2024x");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "auth.bad_credentials");
    }

    [Theory, BothEngines]
    public async Task Login_FiveWrongPasswordsThenRight_Returns423LockedOut(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var account = await CreateAccountAsync(admin, "worker", TestData.Ningxiang);
        var userName = account.Str("userName");
        using (var first = await LoginAsync(app, userName, TestData.AccountPassword))
        {
            await first.ExpectAsync(HttpStatusCode.OK);
        }

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await LoginAsync(app, userName, "Wrong#2024x");
            Assert.NotEqual(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var right = await LoginAsync(app, userName, TestData.AccountPassword);

        await right.ExpectProblemAsync((HttpStatusCode)423, "auth.locked_out");
        var id = account.Str("id");
        Assert.Single(await admin.AuditAsync(id, "sign-in"));
        Assert.Equal(6, (await admin.AuditAsync(id, "sign-in-failed")).Count);
        using var list = await admin.GetAsync("/api/v1/accounts");
        var accounts = (await list.ExpectAsync(HttpStatusCode.OK)).EnumerateArray();
        Assert.True(accounts.Single(a => a.Str("id") == id).GetProperty("isLockedOut").GetBoolean());
    }

    [Theory, BothEngines]
    public async Task Login_LockedOutAccount_AdminPasswordResetUnlocks(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var account = await CreateAccountAsync(admin, "worker", TestData.Ningxiang);
        var userName = account.Str("userName");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await LoginAsync(app, userName, "Wrong#2024x");
        }
        const string newPassword = "Reset#2024kd";

        using var reset = await admin.PostAsJsonAsync($"/api/v1/accounts/{account.Str("id")}/reset-password", new { newPassword });
        await reset.ExpectAsync(HttpStatusCode.NoContent);
        using var login = await LoginAsync(app, userName, newPassword);

        await login.ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, BothEngines]
    public async Task DisableAccount_TokenStopsWorking(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var account = await CreateAccountAsync(admin, "worker", TestData.Ningxiang);
        using var worker = await app.SignInAsync(account.Str("userName"), TestData.AccountPassword);
        using (var before = await worker.GetAsync("/api/v1/targets?pageSize=1"))
        {
            await before.ExpectAsync(HttpStatusCode.OK);
        }

        using var disable = await admin.PutAsJsonAsync($"/api/v1/accounts/{account.Str("id")}", new { isDisabled = true });
        Assert.True((await disable.ExpectAsync(HttpStatusCode.OK)).GetProperty("isDisabled").GetBoolean());

        // The validity check is cached for at most 5 s (the update also drops the cached entry): ask again until it is seen.
        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 40 && status != HttpStatusCode.Unauthorized; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(250);
            }
            using var after = await worker.GetAsync("/api/v1/targets?pageSize=1");
            status = after.StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        using var login = await LoginAsync(app, account.Str("userName"), TestData.AccountPassword);
        await login.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.account_disabled");
    }

    [Theory, BothEngines]
    public async Task CreateAccount_AdminCreatesWorker_WorkerCanSignIn(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");

        var account = await CreateAccountAsync(admin, "worker", TestData.Ningxiang);
        using var worker = await app.SignInAsync(account.Str("userName"), TestData.AccountPassword);
        using var me = await worker.GetAsync("/api/v1/auth/me");

        var user = await me.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("worker", user.Str("role"));
        Assert.Equal(TestData.Ningxiang, user.Str("orgUnitCode"));
        Assert.Single(await admin.AuditAsync(account.Str("id"), "create"));
    }

    [Theory, BothEngines]
    public async Task CreateAccount_TownshipOfficerCreatesAdmin_Returns403RoleNotAllowed(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");
        var userName = TestData.UserName("x");

        using var response = await officer.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "越权",
            role = "admin",
            orgUnitCode = TestData.Ningxiang,
            password = TestData.AccountPassword,
        });

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "account.role_not_allowed");
        using var login = await LoginAsync(app, userName, TestData.AccountPassword);
        await login.ExpectProblemAsync(HttpStatusCode.Unauthorized, "auth.bad_credentials");
    }

    [Theory, BothEngines]
    public async Task CreateAccount_TownshipOfficerCreatesCountyAdmin_Returns403RoleNotAllowed(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = TestData.UserName("x"),
            displayName = "越权",
            role = "admin",
            orgUnitCode = TestData.County,
            password = TestData.AccountPassword,
        });

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "account.role_not_allowed");
    }

    [Theory, BothEngines]
    public async Task CreateAccount_TownshipOfficerCreatesOwnWorker_Returns201(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        var account = await CreateAccountAsync(officer, "worker", TestData.NingxiangVillage);

        Assert.Equal("worker", account.Str("role"));
        Assert.Equal(TestData.NingxiangVillage, account.Str("orgUnitCode"));
    }

    [Theory, BothEngines]
    public async Task CreateAccount_TownshipOfficerInOtherTownship_IsRefused(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = TestData.UserName("x"),
            displayName = "越界",
            role = "worker",
            orgUnitCode = TestData.Jinluo,
            password = TestData.AccountPassword,
        });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "org_unit.unknown");
    }

    [Theory, BothEngines]
    public async Task CreateAccount_WeakPassword_Returns400(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = TestData.UserName("w"),
            displayName = "弱密码",
            role = "worker",
            orgUnitCode = TestData.Ningxiang,
            password = "short",
        });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "account.password_rejected");
    }

    [Theory, BothEngines]
    public async Task CreateAccount_TakenUserName_Returns409(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var account = await CreateAccountAsync(admin, "worker", TestData.Ningxiang);

        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName = account.Str("userName"),
            displayName = "重名",
            role = "worker",
            orgUnitCode = TestData.Ningxiang,
            password = TestData.AccountPassword,
        });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "account.user_name_taken");
    }

    [Theory, BothEngines]
    public async Task Accounts_FieldWorker_Returns403(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var worker = await app.SignInAsync("worker");

        using var response = await worker.GetAsync("/api/v1/accounts");

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }
}
