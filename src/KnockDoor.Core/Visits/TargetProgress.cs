using KnockDoor.Core.Targets;

namespace KnockDoor.Core.Visits;

/// <summary>
/// Where one person stands in one campaign (走访进度): a row for every target with at least one visit, written in
/// the visit's transaction, so that coverage counts these rows instead of searching the visits. It carries copies
/// of the target's county, village, path, status and categories, so that coverage needs no join; a change of
/// those on the target updates the copies in the same transaction.
/// </summary>
public sealed class TargetProgress
{
    public Guid TargetId { get; set; }
    public Guid CampaignId { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public TargetStatus Status { get; set; }
    public TargetCategory Categories { get; set; }

    /// <summary>Some visit of the campaign met the person (outcome Visited); it stays so whatever comes after.</summary>
    public bool Visited { get; set; }
    /// <summary>The China-time day of the first visit that met the person (the earliest <c>Day</c> of a visit with outcome
    /// Visited, whenever it arrived); null until one did. The daily report counts the people visited up to a day by it.</summary>
    public DateOnly? FirstVisitedDay { get; set; }
    /// <summary>The outcome of the visit that finished last (by the phone's FinishedAt, not by arrival: phones sync late).</summary>
    public VisitOutcome LastOutcome { get; set; }
    /// <summary>FinishedAt of that visit.</summary>
    public DateTimeOffset LastVisitAt { get; set; }
    public int VisitCount { get; set; }
    /// <summary>When the server last changed the row (the ReceivedAt of the visit, or the target's UpdatedAt).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
