using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.OrgUnits;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>The demo's street patrols of 宁乡镇 in the last days, the people found on them, and two leads from the public.</summary>
public static class PatrolsDemo
{
    public static async Task SeedAsync(AppDbContext db, OrgUnit township, AppUser officer, DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DayOf(now);
        var name = officer.DisplayName;
        StreetPatrol Patrol(int daysAgo, int hour, string area, string members, PatrolPartners partners, string? note)
        {
            var at = ChinaTime.StartOf(today.AddDays(-daysAgo)).AddHours(hour);
            at = at > now ? now.AddMinutes(-30) : at;
            var patrol = new StreetPatrol
            {
                Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, ClientId = Guid.NewGuid(),
                At = at, Day = ChinaTime.DayOf(at), Area = area, Members = members, Partners = partners, Note = note,
                RecordedBy = officer.Id, RecordedByName = name, ReceivedAt = at.AddMinutes(40),
            };
            db.StreetPatrols.Add(patrol);
            return patrol;
        }
        void Person(StreetPatrol? patrol, PublicLead? lead, int minutes, string description, string place, string? condition, HelpGiven help, string? note)
        {
            var at = (patrol?.At ?? lead!.ReceivedAt).AddMinutes(minutes);
            at = at > now ? now : at;
            db.PersonsFound.Add(new PersonFound
            {
                Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, ClientId = Guid.NewGuid(),
                PatrolId = patrol?.Id, LeadId = lead?.Id, FoundAt = at, Day = ChinaTime.DayOf(at), Description = description, Place = place,
                Condition = condition, Help = help, HelpNote = note, RecordedBy = officer.Id, RecordedByName = name, ReceivedAt = at,
            });
        }

        var p1 = Patrol(2, 20, "汽车站候车厅、火车站广场", "王艳明、李建国（民政所），赵强（派出所）", PatrolPartners.Police, "寒潮前夜间巡查");
        Person(p1, null, 35, "男，约六十岁，外地口音，穿单薄夹克", "汽车站候车厅", "神志清楚，手脚冻红", HelpGiven.FoodAndClothing | HelpGiven.EscortedToStation,
            "送县救助管理站安置");
        Person(p1, null, 70, "男，约四十岁", "火车站广场东侧", "饮酒，意识清楚", HelpGiven.Declined, "劝导无效，已告知救助站电话并留下棉被");
        var p2 = Patrol(1, 21, "城区商业街、跨河桥桥洞", "王艳明（民政所），刘芳（社区），志愿者 3 人", PatrolPartners.Community | PatrolPartners.Volunteers, null);
        Person(p2, null, 50, "女，约七十岁，拄拐杖", "跨河桥桥洞", "腿部有伤，体温偏低", HelpGiven.SentToHospital, "送县人民医院救治，已联系家属");
        Patrol(0, 9, "农贸市场、城区公园", "李建国（民政所）、宁乡演示一村村委会 2 人", PatrolPartners.Village, "未发现需救助人员");

        var received = now.AddHours(-5);
        var closed = new PublicLead
        {
            Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, Reference = LeadService.NewReference(),
            ReceivedAt = received.AddDays(-1), Day = ChinaTime.DayOf(received.AddDays(-1)), Place = "宁乡镇中学北门公交站", Note = "一位老人在站台坐了很久，穿得很少",
            ContactPhone = "13934567812", Status = LeadStatus.Closed, HandledBy = officer.Id, HandledByName = name,
            HandledAt = received.AddDays(-1).AddHours(1), ClosedAt = received.AddDays(-1).AddHours(1),
            FollowUpNote = $"{ChinaTime.Text(received.AddDays(-1).AddHours(1), "MM-dd HH:mm")} {name}（办结）：已找到，系走失老人，已联系家属接回", Version = 2,
        };
        db.PublicLeads.Add(closed);
        Person(null, closed, 40, "男，约八十岁，记不清住址", "宁乡镇中学北门公交站", "轻度认知障碍", HelpGiven.ReturnedHome, "联系家属接回");
        var open = new PublicLead
        {
            Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, Reference = LeadService.NewReference(),
            ReceivedAt = received, Day = ChinaTime.DayOf(received), Place = "宁乡镇加油站旁废弃厂房", Note = "晚上看到有人在里面生火取暖", Version = 1,
        };
        db.PublicLeads.Add(open);
        db.Notifications.Add(new Notification
        {
            CountyCode = township.CountyCode, OrgUnitCode = township.Code, RoleKey = Roles.Key(Role.TownshipOfficer), DedupeKey = "lead-form:" + open.Id.ToString("N"),
            Kind = LeadService.NotificationKind, Title = $"群众线索 {open.Reference}：{open.Place}", Body = $"{township.Name}收到群众线索（{open.Reference}）：{open.Place}。{open.Note}。请及时核实处置。",
            Link = $"/Patrols/Leads/{open.Id}", CreatedAt = received,
        });
        await db.SaveChangesAsync(ct);
    }
}
