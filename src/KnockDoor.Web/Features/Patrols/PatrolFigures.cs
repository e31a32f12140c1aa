using KnockDoor.Core.Data;
using KnockDoor.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>
/// The township's daily-report figures of street patrols: patrols (patrols.street) and people found who were given help, any
/// help other than only declining it (patrols.homelessHelped), by the record's path and day.
/// </summary>
public sealed class PatrolFigures(AppDbContext db) : IDailyFigureSource
{
    public async Task AddAsync(FigureScope scope, IReadOnlyDictionary<ReportUnit, Dictionary<string, FigureValue>> figures, CancellationToken ct)
    {
        var patrols = await db.StreetPatrols.AsNoTracking()
            .Where(p => p.CountyCode == scope.CountyCode && p.OrgPath.StartsWith(scope.ScopePath) && p.Day >= scope.CampaignStart && p.Day <= scope.Day)
            .GroupBy(p => new { p.OrgPath, p.Day })
            .Select(g => new { g.Key.OrgPath, g.Key.Day, Count = g.Count() })
            .ToListAsync(ct);
        scope.Add(figures, ReportUnitKind.Township, DailyFigures.StreetPatrols, [.. patrols.Select(p => new PathDayValue(p.OrgPath, p.Day, p.Count))]);

        var persons = await db.PersonsFound.AsNoTracking()
            .Where(p => p.CountyCode == scope.CountyCode && p.OrgPath.StartsWith(scope.ScopePath) && p.Day >= scope.CampaignStart && p.Day <= scope.Day)
            .GroupBy(p => new { p.OrgPath, p.Day, p.Help })
            .Select(g => new { g.Key.OrgPath, g.Key.Day, g.Key.Help, Count = g.Count() })
            .ToListAsync(ct);
        scope.Add(figures, ReportUnitKind.Township, DailyFigures.HomelessHelped,
            [.. persons.Where(p => PatrolService.Helped(p.Help)).Select(p => new PathDayValue(p.OrgPath, p.Day, p.Count))]);
    }
}
