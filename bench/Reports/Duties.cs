using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Bench.Reports;

/// <summary>
/// The records of the notice's other duties for the bench's prefecture, made day by day as the reports are: a
/// township's street patrols, the people they found and helped, its care activities and the meals its day-care centre
/// brought home; an institution's residents, duty roster, patrol rounds, equipment checks and trainings. Each unit-day
/// also gets the figures the app should compute from them (today and so far), so the reports stored carry them and the
/// bench's check compares them with the app's figure sources.
/// </summary>
internal sealed class Duties(DateOnly start, Guid recorder, Random random)
{
    public List<StreetPatrol> Patrols { get; } = [];
    public List<PersonFound> PersonsFound { get; } = [];
    public List<CareActivity> Care { get; } = [];
    public List<MealDelivery> Meals { get; } = [];
    public List<ResidentDay> Residents { get; } = [];
    public List<DutyRosterEntry> Roster { get; } = [];
    public List<InstitutionPatrol> Rounds { get; } = [];
    public List<EquipmentCheck> Checks { get; } = [];
    public List<InstitutionStaff> Staff { get; } = [];
    public List<TrainingSession> Trainings { get; } = [];
    public List<TrainingAttendance> Attendances { get; } = [];

    public int Count => Patrols.Count + PersonsFound.Count + Care.Count + Meals.Count + Residents.Count + Roster.Count + Rounds.Count + Checks.Count
        + Staff.Count + Trainings.Count + Attendances.Count;

    private readonly Dictionary<(string Unit, string Key), decimal> _soFar = [];
    private readonly Dictionary<string, List<InstitutionStaff>> _staffOf = [];
    private static readonly string[] Names = ["王建平", "李海燕", "张志强", "刘晓红", "陈国庆", "杨丽娟", "赵永刚", "郭秀英", "任俊峰", "白雪梅", "薛文斌", "高桂兰"];

    private FigureValue Add(string unit, string key, decimal today)
    {
        var soFar = _soFar.GetValueOrDefault((unit, key)) + today;
        _soFar[(unit, key)] = soFar;
        return new FigureValue(today, soFar);
    }

    private static DateTimeOffset At(DateOnly day, int hour, Random random) => ChinaTime.StartOf(day).AddHours(hour).AddMinutes(random.Next(60));

    /// <summary>A township's day: street patrols and the people found, care activities, meals from its day-care centre to its people.</summary>
    public Dictionary<string, FigureValue> Township(OrgUnit township, OrgUnit? centre, IReadOnlyList<Target> people, DateOnly day)
    {
        var patrols = random.Next(3);
        var helped = 0;
        for (var i = 0; i < patrols; i++)
        {
            var patrol = new StreetPatrol
            {
                Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, ClientId = Guid.NewGuid(),
                At = At(day, 19 + i, random), Day = day, Area = township.Name + "街道、车站、桥洞", Members = "民政办两人", Partners = PatrolPartners.Police,
                RecordedBy = recorder, RecordedByName = "民政办", ReceivedAt = At(day, 22, random),
            };
            Patrols.Add(patrol);
            if (random.Next(8) == 0)
            {
                var declined = random.Next(4) == 0;
                helped += declined ? 0 : 1;
                PersonsFound.Add(new PersonFound
                {
                    Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, ClientId = Guid.NewGuid(),
                    PatrolId = patrol.Id, FoundAt = patrol.At, Day = day, Description = "男，约60岁，衣着单薄", Place = "车站候车室",
                    Help = declined ? HelpGiven.Declined : HelpGiven.FoodAndClothing | HelpGiven.EscortedToStation,
                    RecordedBy = recorder, RecordedByName = "民政办", ReceivedAt = patrol.ReceivedAt,
                });
            }
        }
        var activities = random.Next(4);
        var careHelped = 0;
        for (var i = 0; i < activities; i++)
        {
            var n = 1 + random.Next(12);
            careHelped += n;
            Care.Add(new CareActivity
            {
                Id = Guid.NewGuid(), CountyCode = township.CountyCode, OrgUnitCode = township.Code, OrgPath = township.Path, ClientId = Guid.NewGuid(), Day = day,
                Organiser = "县志愿者协会", OrganiserKind = OrganiserKind.Volunteers, ForWhom = "孤寡老人", Kinds = CareKinds.Visit | CareKinds.Coal,
                PeopleHelped = n, RecordedBy = recorder, RecordedByName = "民政办", RecordedAt = At(day, 17, random),
            });
        }
        var delivered = 0;
        if (centre is not null && people.Count > 0 && random.Next(4) == 0)
        {
            // A snowy day: the centre brings meals to some of the township's people; a few are not at home.
            foreach (var person in people.OrderBy(_ => random.Next()).Take(5 + random.Next(25)))
            {
                var outcome = random.Next(10) == 0 ? MealOutcome.NotHome : MealOutcome.Delivered;
                delivered += outcome == MealOutcome.Delivered ? 1 : 0;
                Meals.Add(new MealDelivery
                {
                    Id = Guid.NewGuid(), CountyCode = centre.CountyCode, CentreCode = centre.Code, OrgPath = centre.Path, TargetId = person.Id, Day = day,
                    Outcome = outcome, At = At(day, 11, random), DeliveredBy = "照料中心送餐员", RecordedBy = recorder, ReceivedAt = At(day, 12, random),
                });
            }
        }
        return new(StringComparer.Ordinal)
        {
            [DailyFigures.StreetPatrols] = Add(township.Code, DailyFigures.StreetPatrols, patrols),
            [DailyFigures.HomelessHelped] = Add(township.Code, DailyFigures.HomelessHelped, helped),
            [DailyFigures.CareActivities] = Add(township.Code, DailyFigures.CareActivities, activities),
            [DailyFigures.CarePeopleHelped] = Add(township.Code, DailyFigures.CarePeopleHelped, careHelped),
            [DailyFigures.MealsDelivered] = Add(township.Code, DailyFigures.MealsDelivered, delivered),
        };
    }

    /// <summary>An institution's day: residents, the roster (day and night), patrol rounds, equipment checks, now and then a training.</summary>
    public Dictionary<string, FigureValue> Institution(OrgUnit institution, int residents, DateOnly day)
    {
        if (!_staffOf.TryGetValue(institution.Code, out var staff))
        {
            staff = [.. Enumerable.Range(0, 12).Select(i => new InstitutionStaff
            {
                Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgUnitCode = institution.Code, OrgPath = institution.Path,
                Name = Names[i], Role = i == 0 ? StaffRole.LegalRepresentative : i < 3 ? StaffRole.FireControl : StaffRole.Carer,
                CreatedAt = ChinaTime.StartOf(start),
            })];
            _staffOf[institution.Code] = staff;
            Staff.AddRange(staff);
        }
        Residents.Add(new ResidentDay
        {
            Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgUnitCode = institution.Code, OrgPath = institution.Path, Day = day,
            Present = residents, WentOut = random.Next(3), BadWeather = random.Next(5) == 0, DiscouragedOutings = true,
            RecordedBy = recorder, RecordedByName = "值班员", UpdatedAt = At(day, 9, random),
        });
        var onDuty = staff.OrderBy(_ => random.Next()).Take(3 + random.Next(5)).ToList();
        foreach (var (person, i) in onDuty.Select((p, i) => (p, i)))
        {
            Roster.Add(new DutyRosterEntry
            {
                Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgUnitCode = institution.Code, OrgPath = institution.Path, Day = day,
                Shift = i % 2 == 0 ? DutyShift.Day : DutyShift.Night, StaffName = person.Name, Post = i == 0 ? "带班领导" : "值班员",
                RecordedBy = recorder, RecordedAt = At(day, 8, random),
            });
        }
        var rounds = 2 + random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            Rounds.Add(new InstitutionPatrol
            {
                Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgUnitCode = institution.Code, OrgPath = institution.Path, ClientId = Guid.NewGuid(),
                At = At(day, 6 + 4 * i, random), Day = day, PatrolledBy = onDuty[i % onDuty.Count].Name, Areas = "宿舍楼、厨房、锅炉房", AllClear = true,
                RecordedBy = recorder, RecordedByName = "值班员", ReceivedAt = At(day, 6 + 4 * i, random),
            });
        }
        int passed = 0, failed = 0;
        if (day.DayNumber % 7 == institution.Code[^1] % 7)
        {
            // The weekly check of every installation.
            foreach (var system in Enum.GetValues<EquipmentSystem>())
            {
                var ok = random.Next(12) != 0;
                passed += ok ? 1 : 0;
                failed += ok ? 0 : 1;
                Checks.Add(new EquipmentCheck
                {
                    Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgUnitCode = institution.Code, OrgPath = institution.Path, ClientId = Guid.NewGuid(),
                    At = At(day, 10, random), Day = day, System = system, Passed = ok, Note = ok ? null : "需维修", CheckedBy = onDuty[0].Name,
                    RecordedBy = recorder, ReceivedAt = At(day, 11, random),
                });
            }
        }
        int sessions = 0, attendees = 0;
        if (random.Next(10) == 0)
        {
            var who = staff.OrderBy(_ => random.Next()).Take(4 + random.Next(8)).ToList();
            var training = new TrainingSession
            {
                Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgUnitCode = institution.Code, OrgPath = institution.Path, ClientId = Guid.NewGuid(),
                Day = day, Topic = "消防安全与冬季防寒", Trainer = "县消防救援大队", AttendeeCount = who.Count, RecordedBy = recorder, RecordedByName = "值班员",
                RecordedAt = At(day, 16, random),
            };
            Trainings.Add(training);
            Attendances.AddRange(who.Select(p => new TrainingAttendance
            {
                Id = Guid.NewGuid(), CountyCode = institution.CountyCode, OrgPath = institution.Path, TrainingId = training.Id, StaffId = p.Id, Role = p.Role,
            }));
            sessions = 1;
            attendees = who.Count;
        }
        return new(StringComparer.Ordinal)
        {
            [DailyFigures.Residents] = new(residents, null),
            [DailyFigures.StaffOnDuty] = new(onDuty.Count, null),
            [DailyFigures.PatrolRounds] = Add(institution.Code, DailyFigures.PatrolRounds, rounds),
            [DailyFigures.EquipmentPassed] = Add(institution.Code, DailyFigures.EquipmentPassed, passed),
            [DailyFigures.EquipmentFailed] = Add(institution.Code, DailyFigures.EquipmentFailed, failed),
            [DailyFigures.TrainingSessions] = Add(institution.Code, DailyFigures.TrainingSessions, sessions),
            [DailyFigures.TrainingAttendees] = Add(institution.Code, DailyFigures.TrainingAttendees, attendees),
        };
    }
}
