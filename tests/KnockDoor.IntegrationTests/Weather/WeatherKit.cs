using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Weather;

/// <summary>
/// Two fresh townships seeded directly: the covered one (a village of households with known risks, a day-care centre and
/// a 敬老院) and an uncovered one (a living-alone person and a day-care centre of its own), so a warning's outcome is exactly known.
/// </summary>
public static class WeatherKit
{
    public sealed record Place(string Township, string TownshipName, string Village, string DayCare, string Home,
        string OtherTownship, string OtherDayCare, IReadOnlyDictionary<string, Guid> People, Guid Worker);

    /// <summary>The households of the covered village, by what makes them at risk.</summary>
    public static readonly string[] Households =
        ["coal", "alone", "bedridden", "house", "critical", "h13", "w01", "disabled", "none", "movedAway", "revisited", "institutionResident"];

    public static async Task<Place> SeedAsync(KdApp app)
    {
        return await WithDbAsync(app, async db =>
        {
            var county = await db.OrgUnits.FirstAsync(o => o.Code == TestData.County);
            var campaign = await db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
                .ThenByDescending(c => c.MobilisationStart).Select(c => c.Id).FirstAsync();
            var worker = await db.Users.Where(u => u.UserName == "worker").Select(u => u.Id).FirstAsync();
            async Task<string> FreeCode()
            {
                string code;
                do
                {
                    code = TestData.County + Random.Shared.Next(300, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                while (await db.OrgUnits.AnyAsync(o => o.Code == code) || db.ChangeTracker.Entries<OrgUnit>().Any(e => e.Entity.Code == code));
                return code;
            }
            var now = app.Clock.GetUtcNow();
            OrgUnit Unit(string code, string name, OrgUnitKind kind, OrgUnit parent, string? type = null)
            {
                var unit = new OrgUnit
                {
                    Code = code, Name = name, Kind = kind, ParentCode = parent.Code, Path = OrgUnit.ChildPath(parent.Path, code),
                    CountyCode = TestData.County, InstitutionType = type, CreatedAt = now,
                };
                db.OrgUnits.Add(unit);
                return unit;
            }
            var tCode = await FreeCode();
            var township = Unit(tCode, "预警测试镇" + tCode[^3..], OrgUnitKind.Township, county);
            var village = Unit(tCode + "001", "预警测试村", OrgUnitKind.Village, township);
            var dayCare = Unit(tCode + "901", "预警测试日间照料中心", OrgUnitKind.Institution, township, "日间照料中心");
            var home = Unit(tCode + "902", "预警测试敬老院", OrgUnitKind.Institution, township, "敬老院");
            var oCode = await FreeCode();
            var other = Unit(oCode, "未预警测试镇" + oCode[^3..], OrgUnitKind.Township, county);
            var otherVillage = Unit(oCode + "001", "未预警测试村", OrgUnitKind.Village, other);
            var otherDayCare = Unit(oCode + "901", "未预警日间照料中心", OrgUnitKind.Institution, other, "日间照料中心");

            Target Person(OrgUnit unit, TargetCategory categories, HeatingKind? heating = null, bool bedridden = false, bool house = false,
                TargetStatus status = TargetStatus.Active)
            {
                var target = new Target
                {
                    Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = unit.Code, OrgPath = unit.Path, Name = TestData.Name(),
                    Categories = categories, IdNumber = TestData.IdNumber(), BirthDate = new DateOnly(1940, 1, 1), Status = status,
                    Heating = heating, Bedridden = bedridden, HouseAtRisk = house, CreatedAt = now, UpdatedAt = now, Version = 1,
                };
                db.Targets.Add(target);
                return target;
            }
            var people = new Dictionary<string, Target>
            {
                ["coal"] = Person(village, TargetCategory.ExtremePoorDispersed, HeatingKind.Coal),
                ["alone"] = Person(village, TargetCategory.LivingAlone, HeatingKind.Electric),
                ["bedridden"] = Person(village, TargetCategory.SickOrDisabled, bedridden: true),
                ["house"] = Person(village, TargetCategory.LeftBehindChild, house: true),
                ["critical"] = Person(village, TargetCategory.Orphan),
                ["h13"] = Person(village, TargetCategory.SemiDisabled),
                ["w01"] = Person(village, TargetCategory.ChildInDistress),
                ["disabled"] = Person(village, TargetCategory.Disabled),
                ["none"] = Person(village, TargetCategory.LeftBehindChild, HeatingKind.Central),
                ["movedAway"] = Person(village, TargetCategory.LivingAlone, HeatingKind.Charcoal, status: TargetStatus.MovedAway),
                ["revisited"] = Person(village, TargetCategory.GuguaElderly),
                // Residents of an institution are the institution's duty (reminded), not a household to revisit.
                ["institutionResident"] = Person(home, TargetCategory.GuguaElderly, bedridden: true),
                ["otherTownship"] = Person(otherVillage, TargetCategory.LivingAlone, HeatingKind.Coal, bedridden: true, house: true),
            };
            void AddHazard(Target target, string? item, Severity severity, HazardStatus status)
            {
                db.Hazards.Add(new Hazard
                {
                    Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = target.OrgUnitCode, OrgPath = target.OrgPath,
                    CampaignId = campaign, TargetId = target.Id, ItemCode = item, Description = "预警测试隐患", Severity = severity, Status = status,
                    FoundBy = worker, FoundByName = "预警测试", FoundAt = now.AddDays(-3), FoundDay = ChinaTime.DayOf(now.AddDays(-3)),
                    ClosedAt = status == HazardStatus.Closed ? now.AddDays(-2) : null, UpdatedAt = now, Version = 1,
                });
            }
            // A past critical hazard counts even when closed; H13 is both charcoal heating and critical.
            AddHazard(people["critical"], "H06", Severity.Critical, HazardStatus.Closed);
            AddHazard(people["h13"], "H13", Severity.Critical, HazardStatus.FixedOnSpot);
            AddHazard(people["w01"], "W01", Severity.High, HazardStatus.Assigned);
            // A medium hazard of another item tells nothing.
            AddHazard(people["none"], "H03", Severity.Medium, HazardStatus.Open);

            db.Assignments.Add(new Assignment
            {
                Id = Guid.NewGuid(), CountyCode = TestData.County, CampaignId = campaign, TargetId = people["alone"].Id, OrgPath = village.Path,
                WorkerId = worker, AssignedAt = now, AssignedBy = worker, UpdatedAt = now, Version = 1,
            });
            await db.SaveChangesAsync();
            return new Place(township.Code, township.Name, village.Code, dayCare.Code, home.Code, other.Code, otherDayCare.Code,
                people.ToDictionary(p => p.Key, p => p.Value.Id), worker);
        });
    }

    /// <summary>A visit of a person that started at the given time.</summary>
    public static Task AddVisitAsync(KdApp app, Guid targetId, DateTimeOffset startedAt) =>
        WithDbAsync(app, async db =>
        {
            var target = await db.Targets.FirstAsync(t => t.Id == targetId);
            var campaign = await db.Campaigns.Where(c => c.CountyCode == TestData.County).OrderByDescending(c => c.IsActive)
                .ThenByDescending(c => c.MobilisationStart).Select(c => c.Id).FirstAsync();
            db.Visits.Add(new Visit
            {
                Id = Guid.NewGuid(), CountyCode = TestData.County, CampaignId = campaign, Kind = ChecklistKind.Household, TargetId = targetId,
                OrgUnitCode = target.OrgUnitCode, OrgPath = target.OrgPath, TemplateId = Guid.NewGuid(), TemplateVersion = 1,
                VisitorId = Guid.NewGuid(), VisitorName = "预警回访", Outcome = VisitOutcome.Visited, StartedAt = startedAt,
                FinishedAt = startedAt.AddMinutes(20), ReceivedAt = startedAt.AddMinutes(20), Day = ChinaTime.DayOf(startedAt),
                ContentHash = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
            return 0;
        });

    /// <summary>A China local date-time as the API takes it.</summary>
    public static string Local(DateTimeOffset at) => ChinaTime.Text(at, "yyyy-MM-dd'T'HH:mm");

    public static Dictionary<string, object?> Warning(string kind, IEnumerable<string> townships, DateTimeOffset from, DateTimeOffset to,
        string level = "Orange", Guid? id = null, bool wholeCounty = false) => new()
        {
            ["id"] = id ?? Guid.NewGuid(),
            ["kind"] = kind,
            ["level"] = level,
            ["townships"] = townships.ToArray(),
            ["wholeCounty"] = wholeCounty,
            ["from"] = Local(from),
            ["to"] = Local(to),
            ["note"] = "气象台发布预警",
        };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> IssueAsync(HttpClient client, Dictionary<string, object?> warning)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/weather-warnings", warning);
        var body = await response.JsonAsync();
        return (response.StatusCode, body);
    }
}
