using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Coverage;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Reports;

/// <summary>A township of the daily-report tests, seeded directly with a known day of records.</summary>
public static class DailyReportKit
{
    /// <summary>A fresh township (with a village and an institution) seeded directly, so that its figures are exactly what this test recorded.</summary>
    public sealed record Place(string Township, string Village, string Institution);

    public static async Task<Place> SeedAsync(KdApp app, DateOnly day)
    {
        return await WithDbAsync(app, async db =>
        {
            var county = await db.OrgUnits.FirstAsync(o => o.Code == TestData.County);
            var campaign = await db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
                .ThenByDescending(c => c.MobilisationStart).Select(c => c.Id).FirstAsync();
            string township;
            do
            {
                township = TestData.County + Random.Shared.Next(500, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (await db.OrgUnits.AnyAsync(o => o.Code == township));
            var tPath = OrgUnit.ChildPath(county.Path, township);
            var village = township + "001";
            var vPath = OrgUnit.ChildPath(tPath, village);
            var institution = township + "901";
            var iPath = OrgUnit.ChildPath(tPath, institution);
            db.OrgUnits.AddRange(
                new OrgUnit { Code = township, Name = "日报测试镇" + township[^3..], Kind = OrgUnitKind.Township, ParentCode = county.Code, Path = tPath, CountyCode = TestData.County },
                new OrgUnit { Code = village, Name = "日报测试村", Kind = OrgUnitKind.Village, ParentCode = township, Path = vPath, CountyCode = TestData.County },
                new OrgUnit { Code = institution, Name = "日报测试敬老院", Kind = OrgUnitKind.Institution, ParentCode = township, Path = iPath, CountyCode = TestData.County });

            var now = app.Clock.GetUtcNow();
            Target NewTarget(TargetCategory categories, TargetStatus status = TargetStatus.Active) => new()
            {
                Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = village, OrgPath = vPath, Name = TestData.Name(),
                Categories = categories, IdNumber = TestData.IdNumber(), BirthDate = new DateOnly(1940, 1, 1), Status = status,
                CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            var t1 = NewTarget(TargetCategory.GuguaElderly | TargetCategory.LivingAlone);
            var t2 = NewTarget(TargetCategory.LivingAlone);
            var t3 = NewTarget(TargetCategory.Disabled);
            var t4 = NewTarget(TargetCategory.LeftBehindChild);
            var t5 = NewTarget(TargetCategory.Orphan, TargetStatus.MovedAway);
            db.Targets.AddRange(t1, t2, t3, t4, t5);

            var previous = day.AddDays(-1);
            Guid w1 = Guid.NewGuid(), w2 = Guid.NewGuid(), w3 = Guid.NewGuid(), w4 = Guid.NewGuid();
            void AddVisit(DateOnly on, Target? target, Guid visitor, VisitOutcome outcome, int leaflets, int people)
            {
                var at = ChinaTime.StartOf(on).AddHours(10);
                db.Visits.Add(new Visit
                {
                    Id = Guid.NewGuid(), CountyCode = TestData.County, CampaignId = campaign,
                    Kind = target is null ? ChecklistKind.Institution : ChecklistKind.Household, TargetId = target?.Id,
                    OrgUnitCode = target is null ? institution : village, OrgPath = target is null ? iPath : vPath,
                    TemplateId = Guid.NewGuid(), TemplateVersion = 1, VisitorId = visitor, VisitorName = "日报测试入户人员", Outcome = outcome,
                    StartedAt = at, FinishedAt = at, ReceivedAt = at, Day = on, LeafletsHandedOut = leaflets, PeopleReached = people,
                    ContentHash = Guid.NewGuid().ToString("N"),
                });
            }
            AddVisit(previous, t1, w1, VisitOutcome.Visited, 2, 3);
            AddVisit(previous, t3, w1, VisitOutcome.NobodyHome, 1, 0);
            AddVisit(previous, null, w4, VisitOutcome.Visited, 0, 0);
            AddVisit(day, t1, w2, VisitOutcome.Visited, 1, 1);
            AddVisit(day, t2, w2, VisitOutcome.Visited, 3, 2);
            AddVisit(day, t3, w3, VisitOutcome.Refused, 0, 0);
            AddVisit(day, t4, w3, VisitOutcome.NobodyHome, 0, 0);
            AddVisit(day, null, w1, VisitOutcome.Visited, 0, 5);

            void AddHazard(DateOnly found, HazardStatus status, DateOnly? deadline = null, DateOnly? closed = null, bool atInstitution = false)
            {
                var at = ChinaTime.StartOf(found).AddHours(11);
                db.Hazards.Add(new Hazard
                {
                    Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = atInstitution ? institution : village,
                    OrgPath = atInstitution ? iPath : vPath, CampaignId = campaign, Description = "日报测试隐患", Severity = Severity.Medium,
                    Status = status, Deadline = deadline, FoundBy = w1, FoundByName = "日报测试", FoundAt = at, FoundDay = found,
                    ClosedAt = closed is { } c ? ChinaTime.StartOf(c).AddHours(12) : null, ClosedDay = closed, UpdatedAt = now, Version = 1,
                });
            }
            AddHazard(day, HazardStatus.Open, deadline: day);                                  // h1
            AddHazard(day, HazardStatus.FixedOnSpot, closed: day);                             // h2
            AddHazard(previous, HazardStatus.Assigned, deadline: previous);                    // h3: overdue on the day
            AddHazard(previous, HazardStatus.ReportedFixed, deadline: day.AddDays(3));         // h4
            AddHazard(previous, HazardStatus.Closed, deadline: day, closed: day);              // h5
            AddHazard(day.AddDays(-2), HazardStatus.Closed, closed: previous);                 // h6
            AddHazard(day, HazardStatus.Escalated, deadline: previous);                        // h7: overdue, escalated
            AddHazard(day, HazardStatus.FixedOnSpot, closed: day, atInstitution: true);        // h8
            await db.SaveChangesAsync();
            // Visits stored directly bypass the writer that keeps TargetProgress: rebuild the campaign's rows from them.
            await TargetProgressWriter.RebuildAsync(db, campaign, CancellationToken.None);
            return new Place(township, village, institution);
        });
    }

}
