namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// What a figure source is asked for: the units of a scope (a county, or one unit) on a day, and the campaign's first
/// day, from which the cumulative column counts.
/// </summary>
public sealed record FigureScope(Guid CampaignId, string CountyCode, string ScopePath, DateOnly CampaignStart, DateOnly Day,
    IReadOnlyCollection<ReportUnit> Units);

/// <summary>
/// A kind of record (patrols, meals, trainings …) that fills figures of the daily report. Each source reads its records
/// of the whole scope with one or two grouped queries and adds them to every unit whose path holds them, so the county
/// table and one unit's draft are computed by the same code. Registered in DI; the calculator runs them all.
/// </summary>
public interface IDailyFigureSource
{
    Task AddAsync(FigureScope scope, IReadOnlyDictionary<ReportUnit, Dictionary<string, FigureValue>> figures, CancellationToken ct);
}

/// <summary>A grouped count of records: where (the finest path the records carry), which day, how many (or how much).</summary>
public readonly record struct PathDayValue(string Path, DateOnly Day, decimal Value);

public static class FigureScopeExtensions
{
    /// <summary>
    /// Adds grouped values to the figure <paramref name="key"/> of every unit of <paramref name="kind"/>: the day's under
    /// its path, and (when the figure cumulates) those from the campaign's start to the day. Rows outside those days are
    /// ignored, so a source may read a little more than it needs.
    /// </summary>
    public static void Add(this FigureScope scope, IReadOnlyDictionary<ReportUnit, Dictionary<string, FigureValue>> figures, ReportUnitKind kind,
        string key, IReadOnlyCollection<PathDayValue> rows)
    {
        var cumulates = DailyFigures.Find(key)?.Cumulates ?? true;
        foreach (var (unit, values) in figures)
        {
            if (unit.Kind != kind)
            {
                continue;
            }
            decimal today = 0, soFar = 0;
            foreach (var row in rows)
            {
                if (!row.Path.StartsWith(unit.Path, StringComparison.Ordinal) || row.Day > scope.Day || row.Day < scope.CampaignStart)
                {
                    continue;
                }
                soFar += row.Value;
                if (row.Day == scope.Day)
                {
                    today += row.Value;
                }
            }
            values[key] = new FigureValue(today, cumulates ? soFar : null);
        }
    }
}
