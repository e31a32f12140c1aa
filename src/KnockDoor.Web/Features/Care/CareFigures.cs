using KnockDoor.Core.Data;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Care;

/// <summary>关爱活动（次） and 帮扶人数 of the township's daily report, from the care activities recorded at the township or its villages.</summary>
public sealed class CareFigureSource(AppDbContext db) : IDailyFigureSource
{
    public async Task AddAsync(FigureScope scope, IReadOnlyDictionary<ReportUnit, Dictionary<string, FigureValue>> figures, CancellationToken ct)
    {
        var rows = await db.CareActivities.AsNoTracking()
            .Where(a => a.CountyCode == scope.CountyCode && a.OrgPath.StartsWith(scope.ScopePath) && a.Day >= scope.CampaignStart && a.Day <= scope.Day)
            .GroupBy(a => new { a.OrgPath, a.Day })
            .Select(g => new { g.Key.OrgPath, g.Key.Day, Count = g.Count(), People = g.Sum(a => a.PeopleHelped) })
            .ToListAsync(ct);
        scope.Add(figures, ReportUnitKind.Township, DailyFigures.CareActivities, [.. rows.Select(r => new PathDayValue(r.OrgPath, r.Day, r.Count))]);
        scope.Add(figures, ReportUnitKind.Township, DailyFigures.CarePeopleHelped, [.. rows.Select(r => new PathDayValue(r.OrgPath, r.Day, r.People))]);
    }
}
