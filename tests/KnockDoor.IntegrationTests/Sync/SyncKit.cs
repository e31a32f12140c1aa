using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.IntegrationTests.Plans;

namespace KnockDoor.IntegrationTests.Sync;

/// <summary>
/// Helpers of the sync tests. Sync finds changes by server time and the test clock stands still, so a test moves its
/// class's clock on (<see cref="Later"/>) between what a phone already has and what changes after: only the classes
/// of this folder do, each on its own app.
/// </summary>
internal static class SyncKit
{
    /// <summary>Further than the sync's overlap window (two minutes).</summary>
    public static void Later(KdApp app) => app.Clock.Advance(TimeSpan.FromMinutes(10));

    public static async Task<JsonElement> SyncAsync(this HttpClient client, string? since = null, Guid? device = null)
    {
        var query = new List<string>();
        if (since is not null)
        {
            query.Add("since=" + Uri.EscapeDataString(since));
        }
        if (device is not null)
        {
            query.Add("device=" + device);
        }
        using var response = await client.GetAsync("/api/v1/sync" + (query.Count == 0 ? "" : "?" + string.Join("&", query)));
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static List<string> TaskIds(JsonElement sync) => [.. sync.GetProperty("tasks").EnumerateArray().Select(t => t.Str("targetId")).Order()];

    public static List<string> Removed(JsonElement sync) => [.. sync.GetProperty("removed").EnumerateArray().Select(t => t.GetString()!).Order()];

    public static JsonElement Task(JsonElement sync, string targetId) =>
        sync.GetProperty("tasks").EnumerateArray().Single(t => t.Str("targetId") == targetId);

    /// <summary>Changes a registry entry through the API (read in full, changed, written back with its version).</summary>
    public static async Task<JsonElement> UpdateTargetAsync(HttpClient by, string id, Action<Dictionary<string, object?>> change)
    {
        var current = await PlanKit.GetAsync(by, $"/api/v1/targets/{id}");
        var body = new Dictionary<string, object?>
        {
            ["name"] = current.Str("name"),
            ["categories"] = current.GetProperty("categories").EnumerateArray().Select(c => c.GetString()).ToList(),
            ["idNumber"] = current.Str("idNumber"),
            ["phone"] = current.GetProperty("phone").GetString(),
            ["orgUnitCode"] = current.Str("orgUnitCode"),
            ["address"] = current.GetProperty("address").GetString(),
            ["household"] = current.GetProperty("household").GetString(),
            ["guardianName"] = current.GetProperty("guardianName").GetString(),
            ["guardianPhone"] = current.GetProperty("guardianPhone").GetString(),
            ["status"] = current.Str("status"),
            ["version"] = current.GetProperty("version").GetInt32(),
        };
        change(body);
        using var response = await by.PutAsJsonAsync($"/api/v1/targets/{id}", body);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<(string Id, string UserName)> NewAccountAsync(HttpClient admin, string role, string orgUnitCode)
    {
        var userName = TestData.UserName(role[..1]);
        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "测试" + userName[^4..],
            role,
            orgUnitCode,
            password = TestData.AccountPassword,
            phone = TestData.Mobile(),
        });
        var account = await response.ExpectAsync(HttpStatusCode.Created);
        return (account.Str("id"), userName);
    }
}
