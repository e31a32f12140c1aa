using System.Net;
using System.Net.Http.Json;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Plans;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Sync.SyncKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Sync;

/// <summary>POST /api/v1/devices/status, the sync's device parameter, and what township officers see of it.</summary>
public sealed class DeviceTests(Apps apps) : IClassFixture<Apps>
{
    private static object Status(Guid deviceId, int pending, int photos = 0, string appVersion = "0.4.0", DateTimeOffset? lastSyncAt = null,
        DateTimeOffset? oldestPendingAt = null) =>
        new { deviceId, appVersion, pending, pendingPhotos = photos, lastSyncAt, oldestPendingAt };

    private static async Task ReportAsync(HttpClient phone, object status)
    {
        using var response = await phone.PostAsJsonAsync("/api/v1/devices/status", status);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory, BothEngines]
    public async Task Status_RecordsWhatThePhoneReports_OfficersOfTheScopeSeeIt(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var village = await PlanKit.NewVillageAsync(admin, TestData.Ningxiang);
        var targets = await PlanKit.NewTargetsAsync(admin, village, 2);
        var worker = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var idle = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var jinluoOfficer = await NewAccountAsync(admin, "township", TestData.Jinluo);
        using var officer = await app.SignInAsync("ningxiang");
        await PlanKit.AssignAsync(officer, new { targetIds = targets, workerId = worker.Id });
        using var phone = await app.SignInAsync(worker.UserName, TestData.AccountPassword);
        var device = Guid.NewGuid();
        var phoneSync = app.Clock.GetUtcNow().AddMinutes(-3);
        var oldest = app.Clock.GetUtcNow().AddHours(-2);

        await phone.SyncAsync(device: device);
        await ReportAsync(phone, Status(device, pending: 1, lastSyncAt: phoneSync, oldestPendingAt: oldest));
        await ReportAsync(phone, Status(device, pending: 3, photos: 2, lastSyncAt: phoneSync, oldestPendingAt: oldest));
        var list = await PlanKit.GetAsync(officer, "/api/v1/devices");
        using var jinluo = await app.SignInAsync(jinluoOfficer.UserName, TestData.AccountPassword);
        var jinluoList = await PlanKit.GetAsync(jinluo, "/api/v1/devices");
        using var forbidden = await phone.GetAsync("/api/v1/devices");
        var html = await officer.GetStringAsync("/Devices");

        var workerId = Guid.Parse(worker.Id);
        var row = await WithDbAsync(app, db => db.DeviceStatuses.SingleAsync(d => d.UserId == workerId));
        Assert.Equal(device, row.DeviceId);
        Assert.Equal(3, row.Pending);
        Assert.Equal(2, row.PendingPhotos);
        Assert.Equal("0.4.0", row.AppVersion);
        Assert.Equal(app.Clock.GetUtcNow(), row.ReportedAt);
        Assert.Equal(app.Clock.GetUtcNow(), row.SyncedAt);
        Assert.Equal(phoneSync, row.LastSyncAt);
        Assert.Equal(TestData.County, row.CountyCode);

        var mine = list.EnumerateArray().Single(w => w.Str("userId") == worker.Id);
        Assert.Equal(3, mine.GetProperty("pending").GetInt32());
        Assert.Equal(2, mine.GetProperty("pendingPhotos").GetInt32());
        Assert.Equal(1, mine.GetProperty("deviceCount").GetInt32());
        Assert.Equal(2, mine.GetProperty("assigned").GetInt32());
        Assert.Equal("0.4.0", mine.Str("appVersion"));
        Assert.Equal("Pending", mine.Str("problem"));
        Assert.Equal(app.Clock.GetUtcNow(), mine.GetProperty("lastSyncAt").GetDateTimeOffset());
        var quiet = list.EnumerateArray().Single(w => w.Str("userId") == idle.Id);
        Assert.Equal(0, quiet.GetProperty("deviceCount").GetInt32());
        Assert.Equal("None", quiet.Str("problem"));
        var order = list.EnumerateArray().Select(w => w.Str("userId")).ToList();
        Assert.True(order.IndexOf(worker.Id) < order.IndexOf(idle.Id), "a worker with unsent records comes before one without");

        Assert.DoesNotContain(jinluoList.EnumerateArray(), w => w.Str("userId") == worker.Id);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains(worker.UserName, html, StringComparison.Ordinal);
        Assert.Contains("3 条，照片 2 张", html, StringComparison.Ordinal);
        Assert.Contains("刚刚", html, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task Status_Invalid_Returns400WithStableCodes(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var phone = await app.SignInAsync("worker");

        using var noDevice = await phone.PostAsJsonAsync("/api/v1/devices/status", new { appVersion = "1", pending = 0, pendingPhotos = 0 });
        using var emptyDevice = await phone.PostAsJsonAsync("/api/v1/devices/status", Status(Guid.Empty, 0));
        using var bad = await phone.PostAsJsonAsync("/api/v1/devices/status", new { deviceId = Guid.NewGuid(), appVersion = new string('9', 40), pending = -1 });
        using var notJson = await phone.PostAsync("/api/v1/devices/status", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        using var anonymous = app.Anonymous();
        using var signedOut = await anonymous.PostAsJsonAsync("/api/v1/devices/status", Status(Guid.NewGuid(), 0));

        await noDevice.ExpectProblemAsync(HttpStatusCode.BadRequest, "device.id_invalid");
        await emptyDevice.ExpectProblemAsync(HttpStatusCode.BadRequest, "device.id_invalid");
        var problem = await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "device.status_invalid");
        Assert.Equal(3, problem.GetProperty("errors").GetArrayLength());
        await notJson.ExpectProblemAsync(HttpStatusCode.BadRequest, "request.invalid_body");
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Theory, BothEngines]
    public async Task StaleReportWithUnsentRecords_ComesFirst_AndIsMarked(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var stale = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        var fresh = await PlanKit.NewWorkerAsync(admin, TestData.Ningxiang);
        using (var phone = await app.SignInAsync(stale.UserName, TestData.AccountPassword))
        {
            await ReportAsync(phone, Status(Guid.NewGuid(), pending: 1));
        }
        app.Clock.Advance(TimeSpan.FromHours(25));
        using (var phone = await app.SignInAsync(fresh.UserName, TestData.AccountPassword))
        {
            await ReportAsync(phone, Status(Guid.NewGuid(), pending: 5));
        }
        using var officer = await app.SignInAsync("ningxiang");

        var list = (await PlanKit.GetAsync(officer, "/api/v1/devices")).EnumerateArray().ToList();
        var html = await officer.GetStringAsync("/Devices");

        var first = list.Single(w => w.Str("userId") == stale.Id);
        var second = list.Single(w => w.Str("userId") == fresh.Id);
        Assert.Equal("PendingStale", first.Str("problem"));
        Assert.True(first.GetProperty("reportStale").GetBoolean());
        Assert.Equal("Pending", second.Str("problem"));
        Assert.True(list.IndexOf(first) < list.IndexOf(second));
        Assert.Contains("1 天前（过时）", html, StringComparison.Ordinal);
    }
}
