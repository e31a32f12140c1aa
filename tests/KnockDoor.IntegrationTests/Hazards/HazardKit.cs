using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Hazards;

/// <summary>Hazards stored straight in the database, in any status, for the lifecycle, reminder and revisit tests.</summary>
public static class HazardKit
{
    public static Task<string> PathOfAsync(KdApp app, string code) =>
        WithDbAsync(app, db => db.OrgUnits.AsNoTracking().Where(o => o.Code == code).Select(o => o.Path).FirstAsync());

    public static Task<Guid> UserIdAsync(KdApp app, string userName) =>
        WithDbAsync(app, db => db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync());

    public static async Task<Guid> SeedAsync(KdApp app, HazardStatus status, string orgUnitCode, Guid foundBy, Guid? assignee = null,
        DateOnly? deadline = null, Guid? campaignId = null, Guid? targetId = null, string description = "燃气软管老化",
        Guid? reportedFixedBy = null, bool onRevisitList = false)
    {
        var now = app.Clock.GetUtcNow();
        var closed = status is HazardStatus.Closed or HazardStatus.FixedOnSpot;
        var hazard = new Hazard
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            OrgUnitCode = orgUnitCode,
            OrgPath = await PathOfAsync(app, orgUnitCode),
            CampaignId = campaignId,
            TargetId = targetId,
            ItemCode = "H07",
            Description = description,
            Severity = Severity.High,
            Status = status,
            FoundBy = foundBy,
            FoundByName = "测试发现人",
            FoundAt = now,
            FoundDay = ChinaTime.DayOf(now),
            AssigneeId = assignee,
            AssigneeName = assignee is null ? null : "测试责任人",
            Deadline = deadline,
            ClosedAt = closed ? now : null,
            ClosedDay = closed ? ChinaTime.DayOf(now) : null,
            ReportedFixedBy = status is HazardStatus.ReportedFixed ? reportedFixedBy : null,
            RevisitListedAt = onRevisitList && closed ? now : null,
            UpdatedAt = now,
            Version = 1,
        };
        await WithDbAsync(app, async db =>
        {
            db.Hazards.Add(hazard);
            return await db.SaveChangesAsync();
        });
        return hazard.Id;
    }
}
