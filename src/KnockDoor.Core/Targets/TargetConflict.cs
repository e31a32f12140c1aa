namespace KnockDoor.Core.Targets;

public enum ConflictResolution
{
    /// <summary>The registry stays as it is; the visit keeps its own values.</summary>
    KeepRegistry = 1,
    /// <summary>The registry took the visit's values (an audited update of the target).</summary>
    UpdateRegistry = 2,
}

/// <summary>
/// A registry conflict: a visit's header (address, contact, phone) differs from the registry, and the registry
/// changed after the phone pre-filled the form. Both versions are kept here until a township officer decides;
/// the visit itself is stored as submitted.
/// </summary>
public sealed class TargetConflict
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid VisitId { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>The target's village and path (the scope filter needs no join).</summary>
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>The registry version the phone pre-filled the form from.</summary>
    public int SeenVersion { get; set; }
    /// <summary>The registry version when the visit arrived.</summary>
    public int RegistryVersion { get; set; }
    /// <summary>The registry's values when the visit arrived (JSON object: address, contactName, contactPhone).</summary>
    public required string Registry { get; set; }
    /// <summary>The visit's values of the same fields (JSON object).</summary>
    public required string Submitted { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public ConflictResolution? Resolution { get; set; }
    public Guid? ResolvedBy { get; set; }
    public string? ResolvedByName { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>Optimistic concurrency: two officers cannot both resolve it.</summary>
    public int Version { get; set; }
}
