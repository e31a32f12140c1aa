using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Features.OrgUnits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Demo;

public sealed class DemoOptions
{
    public bool Enabled { get; set; }
    public int Targets { get; set; } = 2000;
    /// <summary>Give the demo field worker the people of 宁乡演示一村, so that the phone app has work to show.</summary>
    public bool Plan { get; set; }
    public const string Password = "Demo#2024";
}

/// <summary>
/// The demo county: the real 中阳县 and its six real townships, made-up villages (named 演示…), the two
/// institutions of the notice, the 2024–25 campaign, synthetic people and one account per role.
/// Runs only when Demo:Enabled is true (Development) and the database has no county yet.
/// </summary>
public static class DemoSeeder
{
    public const string County = "141129";
    public const string Ningxiang = "141129100";
    public const string Jinluo = "141129101";
    public const string Nuanquan = "141129104";

    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection("Demo"));
        return services;
    }

    public static bool IsEnabled(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.Enabled;

    public static async Task SeedIfEnabledAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.OrgUnits.AnyAsync(o => o.Kind == OrgUnitKind.County, ct))
        {
            return;
        }
        var tree = scope.ServiceProvider.GetRequiredService<OrgTree>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await tree.LoadDivisionAsync(County, null, ct);
        var now = clock.GetUtcNow();
        var units = await db.OrgUnits.ToDictionaryAsync(o => o.Code, ct);

        string[] villageNames = ["演示一村", "演示二村", "演示三村", "演示社区"];
        var villages = new List<OrgUnit>();
        foreach (var township in units.Values.Where(o => o.Kind == OrgUnitKind.Township).OrderBy(o => o.Code))
        {
            var prefix = township.Name[..2];
            for (var i = 0; i < villageNames.Length; i++)
            {
                var code = township.Code + (901 + i).ToString(CultureInfo.InvariantCulture);
                var village = new OrgUnit
                {
                    Code = code,
                    Name = prefix + villageNames[i],
                    Kind = OrgUnitKind.Village,
                    ParentCode = township.Code,
                    Path = OrgUnit.ChildPath(township.Path, code),
                    CountyCode = County,
                    IsDemo = true,
                    CreatedAt = now,
                };
                villages.Add(village);
                db.OrgUnits.Add(village);
            }
        }
        var xingfu = OrgTree.NewInstitution(units[Ningxiang], "城区幸福养老服务中心",
            new OrgTree.InstitutionInput(Ningxiang, "城区幸福养老服务中心", "养老机构", "中阳县城区", "张杰荣", null), [], now);
        var zhiyuan = OrgTree.NewInstitution(units[Nuanquan], "中阳县暖泉镇知源敬老院",
            new OrgTree.InstitutionInput(Nuanquan, "中阳县暖泉镇知源敬老院", "敬老院", "暖泉镇", "李四应", null), [], now);
        var dayCare = OrgTree.NewInstitution(units[Ningxiang], "宁乡镇日间照料中心（演示）",
            new OrgTree.InstitutionInput(Ningxiang, "宁乡镇日间照料中心（演示）", "日间照料中心", null, null, null), [xingfu.Code], now);
        db.OrgUnits.AddRange(xingfu, zhiyuan, dayCare);

        var campaign = DemoCampaign(now);
        db.Campaigns.Add(campaign);
        var people = SyntheticTargets(options.Targets, villages, [xingfu, zhiyuan], now).ToList();
        db.Targets.AddRange(people);
        await db.SaveChangesAsync(ct);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await CreateUser(users, "admin", "刘瑞军（演示）", Role.CountyOffice, units[County], now);
        await CreateUser(users, "leader", "刘勇（演示）", Role.CountyLeader, units[County], now);
        var officer = await CreateUser(users, "ningxiang", "王艳明（演示）", Role.TownshipOfficer, units[Ningxiang], now);
        var worker = await CreateUser(users, "worker", "宁乡网格员（演示）", Role.FieldWorker, units[Ningxiang], now);
        await CreateUser(users, "xingfu", "幸福中心值班员（演示）", Role.InstitutionStaff, xingfu, now);
        await Meals.MealsDemo.SeedAsync(db, dayCare, units[Ningxiang], villages, people, officer, now, ct);
        await Patrols.PatrolsDemo.SeedAsync(db, units[Ningxiang], officer, now, ct);

        if (options.Plan)
        {
            // The visit plan a township officer would make: the first demo village to the demo worker, for tomorrow.
            var village = villages.First(v => v.ParentCode == Ningxiang);
            var tomorrow = Core.Common.ChinaTime.Today(clock).AddDays(1);
            db.Assignments.AddRange(people.Where(p => p.OrgUnitCode == village.Code).Select(p => new Core.Visits.Assignment
            {
                Id = Guid.NewGuid(),
                CountyCode = County,
                CampaignId = campaign.Id,
                TargetId = p.Id,
                OrgPath = p.OrgPath,
                WorkerId = worker.Id,
                PlannedDate = tomorrow,
                AssignedAt = now,
                AssignedBy = officer.Id,
                UpdatedAt = now,
                Version = 1,
            }));
            await db.SaveChangesAsync(ct);
        }
        await Institutions.InstitutionDemo.AddAsync(db, xingfu, options, clock, ct);
        await Weather.WeatherDemo.SeedAsync(scope.ServiceProvider, County, withWarning: options.Plan, ct);
    }

    public static readonly (string User, string Role)[] Accounts =
    [
        ("admin", "县民政局(管理员)"),
        ("leader", "县领导(只读)"),
        ("ningxiang", "宁乡镇干部"),
        ("worker", "宁乡镇入户人员"),
        ("xingfu", "城区幸福养老服务中心"),
    ];

    private static async Task<AppUser> CreateUser(UserManager<AppUser> users, string name, string display, Role role, OrgUnit unit, DateTimeOffset now)
    {
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = name,
            DisplayName = display,
            Role = role,
            OrgUnitCode = unit.Code,
            OrgPath = unit.Path,
            CountyCode = unit.CountyCode,
            CreatedAt = now,
        };
        var result = await users.CreateAsync(user, DemoOptions.Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo account " + name + ": " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        return user;
    }

    /// <summary>
    /// The notice's campaign (中民发〔2024〕36号: 20 November to 31 March), in the winter that began last: this winter from
    /// 20 November on, else the one before, so that the demo is a campaign under way (or just ended), never one to come.
    /// </summary>
    public static Campaign DemoCampaign(DateTimeOffset now)
    {
        var today = ChinaTime.DayOf(now);
        var year = today >= new DateOnly(today.Year, 11, 20) ? today.Year : today.Year - 1;
        var campaign = new Campaign
        {
            Id = Guid.NewGuid(),
            CountyCode = County,
            Name = $"{year}—{year + 1}年度民政系统冬季安全“敲门行动”",
            DocumentNumber = $"中民发〔{year}〕36号",
            IssuedBy = "中阳县民政局",
            MobilisationStart = new DateOnly(year, 11, 20),
            MobilisationEnd = new DateOnly(year, 11, 22),
            InspectionStart = new DateOnly(year, 11, 22),
            InspectionEnd = new DateOnly(year + 1, 3, 1).AddDays(-1),
            SummaryStart = new DateOnly(year + 1, 3, 1),
            SummaryEnd = new DateOnly(year + 1, 3, 31),
            DailyReportDeadline = new TimeOnly(15, 0),
            TimeZoneId = "Asia/Shanghai",
            ReportMailbox = "zyxmzjbgs@163.com",
            ContactName = "刘瑞军",
            ContactPhone = "18703587081",
            IsActive = true,
            UpdatedAt = now,
        };
        (string Name, string Role, string Position, string? Org, bool Director)[] roster =
        [
            ("刘勇", "组长", "县民政局党组书记、局长", County, false),
            ("张力丹", "副组长", "县民政局党组成员、副局长", County, false),
            ("刘瑞军", "成员", "县民政局社会事务股股长（专班办公室主任）", County, true),
            ("王艳明", "成员", "宁乡镇分管副镇长", "141129100", false),
            ("曹海中", "成员", "金罗镇分管副镇长", "141129101", false),
            ("王霞霞", "成员", "枝柯镇分管副镇长", "141129102", false),
            ("刘永平", "成员", "武家庄镇分管副镇长", "141129103", false),
            ("朱国兵", "成员", "暖泉镇分管副镇长", "141129104", false),
            ("刘琴", "成员", "下枣林乡分管副镇长", "141129201", false),
            ("张杰荣", "成员", "城区幸福养老服务中心负责人", null, false),
            ("李四应", "成员", "中阳县暖泉镇知源敬老院负责人", null, false),
        ];
        var order = 0;
        foreach (var m in roster)
        {
            campaign.WorkGroup.Add(new WorkGroupMember
            {
                Id = Guid.NewGuid(),
                CampaignId = campaign.Id,
                CountyCode = County,
                SortOrder = order++,
                Name = m.Name,
                GroupRole = m.Role,
                Position = m.Position,
                Phone = m.Director ? "18703587081" : null,
                OrgUnitCode = m.Org,
                IsOfficeDirector = m.Director,
            });
        }
        return campaign;
    }

    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
    private const string GivenChars = "秀英桂兰玉珍凤华建国志强明文军平德福春梅海燕丽红霞金花保林永生忠贵宝成荣翠莲巧云小宇浩然子涵梓萱欣怡一诺俊杰晨曦佳怡";

    /// <summary>Made-up people with valid (synthetic) ID numbers of the county's region code.</summary>
    public static IEnumerable<Target> SyntheticTargets(int count, IReadOnlyList<OrgUnit> villages, IReadOnlyList<OrgUnit> institutions, DateTimeOffset now)
    {
        var random = new Random(2024);
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var inInstitution = institutions.Count > 0 && i % 20 == 19;
            var unit = inInstitution ? institutions[i / 20 % institutions.Count] : villages[random.Next(villages.Count)];
            var child = !inInstitution && random.Next(100) < 22;
            var birth = child
                ? new DateOnly(2009 + random.Next(14), 1 + random.Next(12), 1 + random.Next(28))
                : new DateOnly(1928 + random.Next(37), 1 + random.Next(12), 1 + random.Next(28));
            var categories = inInstitution
                ? TargetCategory.ExtremePoorCentral | (random.Next(3) == 0 ? TargetCategory.Disabled : TargetCategory.None)
                : child
                    ? random.Next(4) switch { 0 => TargetCategory.Orphan, 1 => TargetCategory.ChildInDistress, _ => TargetCategory.LeftBehindChild }
                    : random.Next(6) switch
                    {
                        0 => TargetCategory.GuguaElderly | TargetCategory.LivingAlone,
                        1 => TargetCategory.LivingAlone,
                        2 => TargetCategory.SemiDisabled | TargetCategory.LivingAlone,
                        3 => TargetCategory.Disabled,
                        4 => TargetCategory.ExtremePoorDispersed,
                        _ => TargetCategory.SickOrDisabled | TargetCategory.GuguaElderly,
                    };
            string id;
            do
            {
                var first17 = string.Create(CultureInfo.InvariantCulture, $"{County}{birth:yyyyMMdd}{random.Next(1000):000}");
                id = first17 + IdNumbers.CheckDigit(first17);
            }
            while (!used.Add(id));
            var surname = Surnames[random.Next(Surnames.Length)].ToString();
            var name = surname + GivenChars[random.Next(GivenChars.Length)].ToString() + (random.Next(3) == 0 ? "" : GivenChars[random.Next(GivenChars.Length)].ToString());
            var sex = (id[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;
            yield return new Target
            {
                Id = Guid.NewGuid(),
                CountyCode = unit.CountyCode,
                OrgUnitCode = unit.Code,
                OrgPath = unit.Path,
                Name = name,
                Categories = categories,
                IdNumber = id,
                BirthDate = birth,
                Sex = sex,
                Phone = random.Next(5) == 0 ? null : "1" + (35 + random.Next(55)).ToString(CultureInfo.InvariantCulture) + random.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture),
                Address = inInstitution ? unit.Name : $"{unit.Name}{1 + random.Next(8)}组{1 + random.Next(60)}号",
                Household = child ? surname + "某（祖父母）" : name,
                GuardianName = child ? surname + "某" : (random.Next(2) == 0 ? surname + "某某" : null),
                GuardianPhone = child || random.Next(2) == 0 ? "13" + random.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture) : null,
                Status = TargetStatus.Active,
                Notes = "演示数据",
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            };
        }
    }
}
