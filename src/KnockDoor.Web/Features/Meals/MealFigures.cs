using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Meals;

/// <summary>
/// 送餐上门（份） of the township's daily report: the meals delivered (outcome 送达), counted by the centre's path, which lies
/// under its township. Not at home and declined are not meals brought.
/// </summary>
public sealed class MealFigureSource(AppDbContext db) : IDailyFigureSource
{
    public async Task AddAsync(FigureScope scope, IReadOnlyDictionary<ReportUnit, Dictionary<string, FigureValue>> figures, CancellationToken ct)
    {
        var rows = await db.MealDeliveries.AsNoTracking()
            .Where(m => m.CountyCode == scope.CountyCode && m.OrgPath.StartsWith(scope.ScopePath) && m.Day >= scope.CampaignStart && m.Day <= scope.Day
                && m.Outcome == MealOutcome.Delivered)
            .GroupBy(m => new { m.OrgPath, m.Day })
            .Select(g => new { g.Key.OrgPath, g.Key.Day, Count = g.Count() })
            .ToListAsync(ct);
        scope.Add(figures, ReportUnitKind.Township, DailyFigures.MealsDelivered, [.. rows.Select(r => new PathDayValue(r.OrgPath, r.Day, r.Count))]);
    }
}
