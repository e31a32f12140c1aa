namespace KnockDoor.Core.Reports;

/// <summary>
/// One submission of a unit's daily report (每日报送): a township or an institution, for one China-time day of a
/// campaign. A correction is a new revision; every revision is kept and the latest counts.
/// </summary>
public sealed class DailyReport
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid CampaignId { get; set; }
    /// <summary>The township or institution reporting.</summary>
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>The China-time day reported on.</summary>
    public DateOnly Day { get; set; }
    /// <summary>1, 2, … per unit and day; unique, so that two submissions at once cannot take the same number.</summary>
    public int Revision { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public Guid SubmittedBy { get; set; }
    public required string SubmittedByName { get; set; }
    /// <summary>Submitted before the campaign's deadline (15:00 in its time zone) on <see cref="Day"/>.</summary>
    public bool OnTime { get; set; }
    /// <summary>The statistics table: a JSON array of cells {key, today, cumulative, computedToday, computedCumulative, reason}.</summary>
    public required string Figures { get; set; }
    public string? WorkDone { get; set; }
    public string? Problems { get; set; }
    public string? NextSteps { get; set; }
    /// <summary>This is the unit's latest revision for the day.</summary>
    public bool IsLatest { get; set; }
}
