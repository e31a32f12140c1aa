namespace KnockDoor.Core.Visits;

/// <summary>A target of the visit plan (入户计划) given to a field worker for a campaign, with a planned date.</summary>
public sealed class Assignment
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid CampaignId { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>The target's org path, copied so that the scope filter needs no join.</summary>
    public required string OrgPath { get; set; }
    public Guid WorkerId { get; set; }
    public DateOnly? PlannedDate { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public Guid AssignedBy { get; set; }
    /// <summary>Changes whenever the row changes; the field app syncs by it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}
