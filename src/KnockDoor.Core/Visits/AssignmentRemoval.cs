namespace KnockDoor.Core.Visits;

/// <summary>
/// A tombstone: a target left a worker's plan (unassigned, or given to another worker). Written in the same
/// transaction as the change, so that the worker's phone learns of it at its next incremental sync.
/// </summary>
public sealed class AssignmentRemoval
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid CampaignId { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>The worker who lost the target.</summary>
    public Guid WorkerId { get; set; }
    /// <summary>The target's org path when it was removed (the scope filter needs no join).</summary>
    public required string OrgPath { get; set; }
    public DateTimeOffset RemovedAt { get; set; }
}
