using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Weather;

/// <summary>
/// Demo data of weather warnings: the registry's risk fields on the demo people (how they heat, who is bedridden, old
/// houses), and, with the demo plan, a cold-wave warning in force for 宁乡镇 and 金罗镇 issued by the county office.
/// </summary>
public static class WeatherDemo
{
    public static async Task SeedAsync(IServiceProvider services, string countyCode, bool withWarning, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var people = await db.Targets.Where(t => t.CountyCode == countyCode && db.OrgUnits.Any(o => o.Code == t.OrgUnitCode && o.Kind == OrgUnitKind.Village))
            .OrderBy(t => t.IdNumber).ToListAsync(ct);
        var random = new Random(1207);
        foreach (var person in people)
        {
            // Rural Lüliang: most heat with coal stoves, some with charcoal, fewer with electricity or gas.
            person.Heating = random.Next(100) switch
            {
                < 45 => HeatingKind.Coal,
                < 55 => HeatingKind.Charcoal,
                < 75 => HeatingKind.Electric,
                < 82 => HeatingKind.Gas,
                < 90 => HeatingKind.Central,
                _ => null,
            };
            person.Bedridden = person.Categories.HasFlag(TargetCategory.Disabled) && random.Next(2) == 0;
            person.HouseAtRisk = random.Next(100) < 8;
        }
        await db.SaveChangesAsync(ct);
        if (!withWarning)
        {
            return;
        }
        var admin = await db.Users.AsNoTracking().FirstAsync(u => u.UserName == "admin", ct);
        var townships = await db.OrgUnits.AsNoTracking()
            .Where(o => o.CountyCode == countyCode && o.Kind == OrgUnitKind.Township && (o.Name.StartsWith("宁乡") || o.Name.StartsWith("金罗")))
            .Select(o => o.Code).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var user = new CurrentUser
        {
            Id = admin.Id,
            UserName = admin.UserName!,
            DisplayName = admin.DisplayName,
            Role = admin.Role,
            OrgUnitCode = admin.OrgUnitCode,
            OrgPath = admin.OrgPath,
            CountyCode = admin.CountyCode,
        };
        var from = ChinaTime.StartOf(ChinaTime.DayOf(now)).AddHours(8);
        await services.GetRequiredService<WeatherService>().IssueAsync(user, new WarningInput(null, WeatherKind.ColdWave, WarningLevel.Blue,
            townships, false, from, from.AddDays(2), "中阳县气象台发布寒潮蓝色预警：48小时内最低气温下降8℃以上，请做好防寒保暖和取暖安全。"), ct);
    }
}
