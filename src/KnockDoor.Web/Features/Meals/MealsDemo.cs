using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;

namespace KnockDoor.Web.Features.Meals;

/// <summary>
/// Demo records: the demo day-care centre's list (a few elderly people of its township), delivery switched on by hand for
/// today with yesterday's deliveries recorded, and two care activities in the township.
/// </summary>
public static class MealsDemo
{
    public static async Task SeedAsync(AppDbContext db, OrgUnit centre, OrgUnit township, IReadOnlyList<OrgUnit> villages, IReadOnlyList<Target> people,
        AppUser officer, DateTimeOffset now, CancellationToken ct)
    {
        var villagesOfTownship = villages.Where(v => v.ParentCode == township.Code).Select(v => v.Code).ToHashSet();
        var today = ChinaTime.DayOf(now);
        var yesterday = today.AddDays(-1);
        var elderly = people.Where(p => villagesOfTownship.Contains(p.OrgUnitCode) && p.Status == TargetStatus.Active
            && (p.Categories & (TargetCategory.LivingAlone | TargetCategory.GuguaElderly | TargetCategory.SemiDisabled)) != 0).Take(5).ToList();
        string[] notes = ["低盐饮食", "钥匙放在隔壁邻居家", "耳背，需大声敲门", "", "只吃软食"];
        for (var i = 0; i < elderly.Count; i++)
        {
            db.MealRecipients.Add(new MealRecipient
            {
                Id = Guid.NewGuid(),
                CountyCode = centre.CountyCode,
                CentreCode = centre.Code,
                OrgPath = centre.Path,
                TargetId = elderly[i].Id,
                Note = notes[i].Length > 0 ? notes[i] : null,
                AddedBy = officer.Id,
                AddedAt = now.AddDays(-3),
            });
        }
        db.MealServicePeriods.Add(new MealServicePeriod
        {
            Id = Guid.NewGuid(),
            CountyCode = centre.CountyCode,
            CentreCode = centre.Code,
            OrgPath = centre.Path,
            FromDay = yesterday,
            ToDay = today,
            Reason = "道路结冰，老人出行不便",
            SwitchedBy = officer.Id,
            SwitchedByName = officer.DisplayName,
            CreatedAt = now.AddDays(-1),
        });
        var outcomes = new[] { MealOutcome.Delivered, MealOutcome.Delivered, MealOutcome.NotHome, MealOutcome.Delivered };
        for (var i = 0; i < Math.Min(outcomes.Length, elderly.Count); i++)
        {
            db.MealDeliveries.Add(new MealDelivery
            {
                Id = Guid.NewGuid(),
                CountyCode = centre.CountyCode,
                CentreCode = centre.Code,
                OrgPath = centre.Path,
                TargetId = elderly[i].Id,
                Day = yesterday,
                Outcome = outcomes[i],
                At = ChinaTime.StartOf(yesterday).AddHours(11).AddMinutes(10 * i),
                DeliveredBy = "日照中心送餐员（演示）",
                RecordedBy = officer.Id,
                ReceivedAt = now.AddDays(-1),
            });
        }
        db.CareActivities.AddRange(
            Activity(township, officer, now, yesterday, "县义工联合会", OrganiserKind.Volunteers, "宁乡镇独居、孤寡老人", CareKinds.Visit | CareKinds.Quilts,
                "入户探访，送棉被 12 床，检查取暖炉具", 12),
            Activity(township, officer, now, today, "中阳县爱心煤业", OrganiserKind.Enterprise, "宁乡镇分散供养特困人员", CareKinds.Coal,
                "每户送煤 1 吨", 8));
        await db.SaveChangesAsync(ct);
    }

    private static CareActivity Activity(OrgUnit township, AppUser officer, DateTimeOffset now, DateOnly day, string organiser, OrganiserKind kind,
        string forWhom, CareKinds kinds, string description, int people) => new()
        {
            Id = Guid.NewGuid(),
            CountyCode = township.CountyCode,
            OrgUnitCode = township.Code,
            OrgPath = township.Path,
            ClientId = Guid.NewGuid(),
            Day = day,
            Organiser = organiser,
            OrganiserKind = kind,
            ForWhom = forWhom,
            Kinds = kinds,
            Description = description,
            PeopleHelped = people,
            RecordedBy = officer.Id,
            RecordedByName = officer.DisplayName,
            RecordedAt = now,
        };
}
