using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnockDoor.IntegrationTests.Visits;

/// <summary>Building visit submissions the way the phone does.</summary>
internal static class VisitTestKit
{
    public const string Xingfu = "141129100J01";   // 城区幸福养老服务中心 (宁乡镇)
    public const string Zhiyuan = "141129104J01";  // 中阳县暖泉镇知源敬老院

    /// <summary>A 1×1 PNG.</summary>
    public const string SignaturePng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    public static async Task<(Guid Id, ChecklistDefinition Definition)> CurrentTemplateAsync(KdApp app, ChecklistKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var template = await db.ChecklistTemplates.AsNoTracking()
            .Where(t => t.CountyCode == TestData.County && t.Kind == kind && t.IsCurrent).OrderByDescending(t => t.Version).FirstAsync();
        return (template.Id, template.Parse());
    }

    /// <summary>A new township officer of 金罗镇 (another township than the demo accounts'), signed in.</summary>
    public static async Task<HttpClient> SignInAsJinluoOfficerAsync(KdApp app)
    {
        var userName = TestData.UserName("jl");
        using (var admin = await app.SignInAsync("admin"))
        using (var created = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName, displayName = "金罗镇干部", role = "township", orgUnitCode = TestData.Jinluo,
            password = TestData.AccountPassword, phone = TestData.Mobile(),
        }))
        {
            await created.ExpectAsync(HttpStatusCode.Created);
        }
        return await app.SignInAsync(userName, TestData.AccountPassword);
    }

    public static async Task<T> WithDbAsync<T>(KdApp app, Func<AppDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Every non-fact item answered the safe way (no hazard).</summary>
    public static List<Dictionary<string, object?>> SafeAnswers(ChecklistDefinition definition) =>
        [.. definition.AllItems.Where(i => i.HazardIf is not null).Select(i => Answer(i.Code, i.HazardIf == HazardAnswer.Yes ? "No" : "Yes"))];

    public static Dictionary<string, object?> Answer(string code, string answer, bool fixedOnSpot = false, string? note = null) => new()
    {
        ["code"] = code,
        ["answer"] = answer,
        ["fixedOnSpot"] = fixedOnSpot,
        ["note"] = note,
    };

    public static Dictionary<string, object?> Household(KdApp app, Guid templateId, string targetId, IEnumerable<Dictionary<string, object?>> answers,
        string outcome = "Visited", Guid? id = null, IEnumerable<Dictionary<string, object?>>? otherHazards = null)
    {
        var now = app.Clock.GetUtcNow();
        return new Dictionary<string, object?>
        {
            ["id"] = id ?? Guid.NewGuid(),
            ["kind"] = "Household",
            ["targetId"] = targetId,
            ["templateId"] = templateId,
            ["outcome"] = outcome,
            ["outcomeReason"] = null,
            ["startedAt"] = now.AddMinutes(-25).ToOffset(TimeSpan.FromHours(8)),
            ["finishedAt"] = now.AddMinutes(-5).ToOffset(TimeSpan.FromHours(8)),
            ["latitude"] = 37.35,
            ["longitude"] = 111.18,
            ["accuracyMeters"] = 12.5,
            ["header"] = new Dictionary<string, string> { ["placeName"] = "测试住户", ["address"] = "宁乡演示一村 1 号" },
            ["answers"] = answers.ToList(),
            ["otherHazards"] = (otherHazards ?? []).ToList(),
            ["tasks"] = "下周复查",
            ["signaturePng"] = SignaturePng,
            ["signerName"] = "测试签字",
            ["leafletsHandedOut"] = 2,
            ["peopleReached"] = 1,
            ["appVersion"] = "test",
        };
    }

    public static async Task<string> NewTargetAsync(KdApp app, string village = TestData.NingxiangVillage)
    {
        using var admin = await app.SignInAsync("admin");
        var target = await admin.CreateTargetAsync(TestData.Target(village));
        return target.Str("id");
    }

    public static async Task<JsonElement> PostVisitAsync(this HttpClient client, Dictionary<string, object?> body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/visits", body);
        return await response.ExpectAsync(expected);
    }
}
