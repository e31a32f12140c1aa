namespace KnockDoor.Web.Features.Reports;

/// <summary>Where a unit stands for a day: its latest revision came before the deadline, after it, or there is none.</summary>
public enum ReportState
{
    Missing = 0,
    OnTime = 1,
    Late = 2,
}

/// <summary>
/// A row of the county table: a township or an institution, its state for the day and its figures. The figures are
/// those of its latest revision; a unit that has not reported shows what the records say (its typed figures absent),
/// so that the office sees the work even where the statement is missing.
/// </summary>
public sealed record CountyTableRow(string OrgUnitCode, string Name, ReportUnitKind Kind, string? ParentName, string? ContactName,
    string? ContactPhone, ReportState State, int? Revision, DateTimeOffset? SubmittedAt, string? SubmittedByName,
    IReadOnlyDictionary<string, FigureValue> Figures);

/// <summary>The townships, or the institutions: their figures (columns), rows, and the total row.</summary>
public sealed record CountyTableSection(ReportUnitKind Kind, string Title, IReadOnlyList<FigureDefinition> Figures,
    IReadOnlyList<CountyTableRow> Rows, IReadOnlyDictionary<string, FigureValue> Total);

/// <summary>The county table (汇总表) of a day: every township and every institution of the county, and the county total.</summary>
public sealed record CountyTable(string CountyCode, string CountyName, Guid CampaignId, string CampaignName, string? DocumentNumber,
    DateOnly Day, DateTimeOffset Deadline, DateTimeOffset GeneratedAt, CountyTableSection Townships, CountyTableSection Institutions)
{
    public IEnumerable<CountyTableRow> Rows => Townships.Rows.Concat(Institutions.Rows);

    public int OnTime => Rows.Count(r => r.State == ReportState.OnTime);

    public int Late => Rows.Count(r => r.State == ReportState.Late);

    public int Missing => Rows.Count(r => r.State == ReportState.Missing);
}

/// <summary>A unit's states over the days of the matrix, one per day, in the order of <see cref="ReportMatrix.Days"/>.</summary>
public sealed record ReportMatrixRow(string OrgUnitCode, string Name, ReportUnitKind Kind, string? ParentName, IReadOnlyList<ReportState> States);

/// <summary>How many units were on time, late and missing on a day.</summary>
public sealed record ReportDayCount(DateOnly Day, int OnTime, int Late, int Missing);

/// <summary>Units × days of the campaign (on time, late, missing), and the count of each day.</summary>
public sealed record ReportMatrix(string CountyCode, Guid CampaignId, DateOnly Today, IReadOnlyList<DateOnly> Days, IReadOnlyList<ReportMatrixRow> Rows,
    IReadOnlyList<ReportDayCount> Counts);

/// <summary>A unit that has not reported for the day, with whom to call.</summary>
public sealed record MissingUnit(string OrgUnitCode, string Name, ReportUnitKind Kind, string? ParentName, string? ContactName, string? ContactPhone);

public static class ReportStates
{
    public static string Name(ReportState state) => state switch
    {
        ReportState.OnTime => "按时",
        ReportState.Late => "迟报",
        ReportState.Missing => "未报",
    };
}
