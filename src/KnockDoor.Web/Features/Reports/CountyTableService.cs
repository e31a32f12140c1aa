namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// The county's view of the daily reports: the county table of a day, the units × days matrix and the missing list.
/// Not scoped to a user: the callers (endpoints, pages, jobs) check who may see the county.
/// </summary>
public sealed class CountyTableService
{
    /// <summary>The county table of a day for the county's current campaign; null when the county has no campaign.</summary>
    public Task<CountyTable?> BuildAsync(string countyCode, DateOnly day, CancellationToken ct) =>
        throw new NotImplementedException("being written");

    /// <summary>Units × days from <paramref name="from"/> (default: the campaign's start) to <paramref name="to"/> (default: today).</summary>
    public Task<ReportMatrix?> MatrixAsync(string countyCode, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        throw new NotImplementedException("being written");

    /// <summary>The townships and institutions with no report for the day.</summary>
    public Task<IReadOnlyList<MissingUnit>> MissingAsync(string countyCode, DateOnly day, CancellationToken ct) =>
        throw new NotImplementedException("being written");

    /// <summary>The total row of some rows: sums, and the coverage recomputed from the sums.</summary>
    public static IReadOnlyDictionary<string, FigureValue> Total(IEnumerable<CountyTableRow> rows, IReadOnlyList<FigureDefinition> figures) =>
        throw new NotImplementedException("being written");
}
