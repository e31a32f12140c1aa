using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Coverage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnockDoor.IntegrationTests.Plans;

/// <summary>Fresh villages, workers and visits for the plan and coverage tests (each test counts only its own).</summary>
public static class PlanKit
{
    /// <summary>A new village of a township, so that its counts are the test's alone. Returns its code.</summary>
    public static async Task<string> NewVillageAsync(HttpClient admin, string townshipCode)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/org-units/villages", new { townshipCode, name = TestData.Name() + "村" });
        var village = await response.ExpectAsync(HttpStatusCode.Created);
        return village.Str("code");
    }

    public static async Task<(string Id, string UserName)> NewWorkerAsync(HttpClient admin, string orgUnitCode)
    {
        var userName = TestData.UserName("w");
        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "测试入户" + userName[^4..],
            role = "worker",
            orgUnitCode,
            password = TestData.AccountPassword,
            phone = TestData.Mobile(),
        });
        var account = await response.ExpectAsync(HttpStatusCode.Created);
        return (account.Str("id"), userName);
    }

    public static async Task<List<string>> NewTargetsAsync(HttpClient admin, string village, int count, string[]? categories = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var target = TestData.Target(village);
            if (categories is not null)
            {
                target["categories"] = categories;
            }
            ids.Add((await admin.CreateTargetAsync(target)).Str("id"));
        }
        return ids;
    }

    public static async Task<JsonElement> AssignAsync(HttpClient by, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await by.PostAsJsonAsync("/api/v1/plan/assign", body);
        return await response.ExpectAsync(expected);
    }

    public static async Task<JsonElement> GetAsync(HttpClient by, string url)
    {
        using var response = await by.GetAsync(url);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// Stores a household visit straight through the DbContext (the visits API is not what these tests look at), with
    /// the target's campaign progress as the API keeps it.
    /// </summary>
    public static async Task AddVisitAsync(KdApp app, string targetId, VisitOutcome outcome, DateTimeOffset finishedAt)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var target = await db.Targets.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(targetId));
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.CountyCode == target.CountyCode)
            .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart).FirstAsync();
        db.Visits.Add(new Visit
        {
            Id = Guid.NewGuid(),
            CountyCode = target.CountyCode,
            CampaignId = campaign.Id,
            Kind = ChecklistKind.Household,
            TargetId = target.Id,
            OrgUnitCode = target.OrgUnitCode,
            OrgPath = target.OrgPath,
            TemplateId = Guid.NewGuid(),
            TemplateVersion = 1,
            VisitorId = Guid.NewGuid(),
            VisitorName = "测试入户",
            Outcome = outcome,
            StartedAt = finishedAt.AddMinutes(-20),
            FinishedAt = finishedAt,
            ReceivedAt = finishedAt,
            Day = DateOnly.FromDateTime(finishedAt.UtcDateTime),
            ContentHash = Guid.NewGuid().ToString("N"),
        });
        await TargetProgressWriter.SaveChangesAsync(db, CancellationToken.None);
    }
}
