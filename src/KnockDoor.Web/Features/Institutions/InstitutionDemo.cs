using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Institutions;

/// <summary>
/// The demo's records of 城区幸福养老服务中心: today's roster, a few rounds and checks, staff with one training, supplies
/// (one below target) and the plan's task list, so the pages have something to show. Only with the demo's work
/// (<c>Demo:Plan</c>), so that the tests' demo county starts without them. No hazards: the ledger stays the tests'.
/// </summary>
public static class InstitutionDemo
{
    public static async Task AddAsync(AppDbContext db, OrgUnit institution, DemoOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (!options.Plan)
        {
            return;
        }
        var staffUser = await db.Users.Where(u => u.OrgUnitCode == institution.Code).Select(u => new { u.Id, u.DisplayName }).FirstAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var (county, code, path) = (institution.CountyCode, institution.Code, institution.Path);

        foreach (var (shift, name, post, phone) in new[]
        {
            (DutyShift.Day, "张杰荣", "带班领导", "13835800101"), (DutyShift.Day, "刘桂英", "护理员", "13835800102"),
            (DutyShift.Night, "王建国", "值班员", "13835800103"), (DutyShift.Night, "李秀兰", "护理员", "13835800104"),
        })
        {
            db.DutyRoster.Add(new DutyRosterEntry
            {
                Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, Day = today, Shift = shift,
                StaffName = name, Post = post, Phone = phone, RecordedBy = staffUser.Id, RecordedAt = now,
            });
        }
        foreach (var (hoursAgo, by, areas, findings) in new[]
        {
            (1.5, "王建国", "居室、走廊楼梯、锅炉房", (string?)null),
            (6.0, "刘桂英", "居室、洗浴间、厨房", null),
            (26.0, "李秀兰", "院落、消防通道", "东侧消防通道堆放杂物，已通知后勤清理"),
        })
        {
            var at = now.AddHours(-hoursAgo);
            db.InstitutionPatrols.Add(new InstitutionPatrol
            {
                Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, ClientId = Guid.NewGuid(), At = at,
                Day = ChinaTime.DayOf(at), PatrolledBy = by, Areas = areas, AllClear = findings is null, Findings = findings,
                RecordedBy = staffUser.Id, RecordedByName = staffUser.DisplayName, ReceivedAt = at,
            });
        }
        var checkedAt = now.AddHours(-20);
        foreach (var system in InstitutionNames.Systems)
        {
            db.EquipmentChecks.Add(new EquipmentCheck
            {
                Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, ClientId = Guid.NewGuid(), At = checkedAt,
                Day = ChinaTime.DayOf(checkedAt), System = system, Passed = true, CheckedBy = "张杰荣", RecordedBy = staffUser.Id, ReceivedAt = checkedAt,
            });
        }
        db.ResidentDays.Add(new ResidentDay
        {
            Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, Day = today.AddDays(-1), Present = 46, WentOut = 2,
            Outings = "2 位老人由子女接回家吃饭，当晚返回", RecordedBy = staffUser.Id, RecordedByName = staffUser.DisplayName, UpdatedAt = checkedAt,
        });
        var staff = new[]
        {
            ("张杰荣", StaffRole.LegalRepresentative, "13835800101"), ("刘桂英", StaffRole.Carer, "13835800102"),
            ("李秀兰", StaffRole.Carer, "13835800104"), ("赵丽萍", StaffRole.Carer, null), ("王建国", StaffRole.FireControl, "13835800103"),
        }.Select(s => new InstitutionStaff
        {
            Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, Name = s.Item1, Role = s.Item2, Phone = s.Item3, CreatedAt = now,
        }).ToList();
        db.InstitutionStaff.AddRange(staff);
        var trained = staff.Where(s => s.Name is "张杰荣" or "刘桂英" or "王建国").ToList();
        var session = new TrainingSession
        {
            Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, ClientId = Guid.NewGuid(), Day = today.AddDays(-2),
            Topic = "冬季消防安全和一氧化碳中毒预防", Trainer = "县消防救援大队 郭明", AttendeeCount = trained.Count,
            RecordedBy = staffUser.Id, RecordedByName = staffUser.DisplayName, RecordedAt = checkedAt,
        };
        db.TrainingSessions.Add(session);
        db.TrainingAttendances.AddRange(trained.Select(s => new TrainingAttendance
        {
            Id = Guid.NewGuid(), CountyCode = county, OrgPath = path, TrainingId = session.Id, StaffId = s.Id, Role = s.Role,
        }));
        foreach (var (kind, name, unit, target, onHand) in new[]
        {
            (SupplyKind.Food, "大米", "公斤", 500m, 620m), (SupplyKind.Water, "桶装水", "桶", 100m, 60m),
            (SupplyKind.Fuel, "燃煤", "吨", 10m, 12m), (SupplyKind.Medicine, "常用药品", "箱", 5m, 5m), (SupplyKind.Generator, "柴油发电机", "台", 1m, 1m),
        })
        {
            db.SupplyStocks.Add(new SupplyStock
            {
                Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, Kind = kind, Name = name, Unit = unit,
                Target = target, OnHand = onHand, UpdatedAt = checkedAt, UpdatedByName = staffUser.DisplayName,
            });
        }
        var order = 0;
        foreach (var (task, who, phone) in new[]
        {
            ("总指挥：启动预案、向宁乡镇和县民政局报告", "张杰荣", "13835800101"),
            ("停电时启动发电机，检查供暖", "王建国", "13835800103"),
            ("清点在院老人，组织转移到一楼活动室", "刘桂英", "13835800102"),
        })
        {
            db.EmergencyPlanTasks.Add(new EmergencyPlanTask
            {
                Id = Guid.NewGuid(), CountyCode = county, OrgUnitCode = code, OrgPath = path, SortOrder = ++order, Task = task, Responsible = who,
                Phone = phone, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
