using KnockDoor.Core.Checklists;
using KnockDoor.Core.Targets;

namespace KnockDoor.Core.Hazards;

public enum HazardStatus
{
    /// <summary>Found and not yet fixed.</summary>
    Open = 1,
    /// <summary>Fixed at the door (立行立改): closed at once.</summary>
    FixedOnSpot = 2,
    /// <summary>Given to someone to rectify (整改) by a deadline; a fix sent back returns here.</summary>
    Assigned = 3,
    /// <summary>The assignee reports it fixed, with a note and an "after" photo; waits for the township to verify.</summary>
    ReportedFixed = 4,
    /// <summary>Verified and closed (销号), or resolved after escalation.</summary>
    Closed = 5,
    /// <summary>Cannot be solved locally: reported to the township government (上报协调) with interim control measures.</summary>
    Escalated = 6,
}

/// <summary>What a revisit (回头看) of a closed hazard found.</summary>
public enum HazardRevisitResult
{
    /// <summary>The fix holds.</summary>
    Confirmed = 1,
    /// <summary>The hazard is back: it is open again.</summary>
    Reopened = 2,
}

/// <summary>One row of the hazard ledger (隐患排查清单): from a checklist answer, an "other hazard" line, or by hand.</summary>
public sealed class Hazard
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>The campaign it was found in (null only for rows older than the ledger).</summary>
    public Guid? CampaignId { get; set; }
    public Guid? VisitId { get; set; }
    public Guid? TargetId { get; set; }
    /// <summary>The person's categories when it was found, for the ledger's category filter (none for institutions).</summary>
    public TargetCategory Categories { get; set; }
    /// <summary>The checklist item (H05, W03…) or null for free text.</summary>
    public string? ItemCode { get; set; }
    public required string Description { get; set; }
    public Severity Severity { get; set; }
    public HazardStatus Status { get; set; }
    /// <summary>The note of the fix: at the door, or when reported fixed.</summary>
    public string? FixNote { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    /// <summary>The China-time day by which it must be fixed. Critical hazards found open get the day they were found.</summary>
    public DateOnly? Deadline { get; set; }
    public Guid? ReportedFixedBy { get; set; }
    public string? ReportedFixedByName { get; set; }
    public DateTimeOffset? ReportedFixedAt { get; set; }
    /// <summary>Why the last reported fix was sent back.</summary>
    public string? SendBackReason { get; set; }
    public Guid? VerifiedBy { get; set; }
    public string? VerifiedByName { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    /// <summary>What is done meanwhile so that nobody is hurt, while escalated.</summary>
    public string? InterimMeasures { get; set; }
    /// <summary>The note with which an escalated hazard was resolved.</summary>
    public string? ResolutionNote { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The China-time day it was closed (fixed on the spot: the day found); null while open. The down-to-zero chart counts by it.</summary>
    public DateOnly? ClosedDay { get; set; }
    /// <summary>When it was put on a revisit list (回头看); null when not on one.</summary>
    public DateTimeOffset? RevisitListedAt { get; set; }
    public DateTimeOffset? RevisitedAt { get; set; }
    public string? RevisitedByName { get; set; }
    public HazardRevisitResult? RevisitResult { get; set; }
    public string? RevisitNote { get; set; }
    public Guid FoundBy { get; set; }
    public required string FoundByName { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    public DateOnly FoundDay { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One move of a hazard, kept for ever: who, when, from which status to which, and why.</summary>
public sealed class HazardEvent
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid HazardId { get; set; }
    /// <summary>The hazard's version this event made (creation: 1). Unique per hazard: the history's order, and no two moves from one version.</summary>
    public int Version { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ActorId { get; set; }
    public required string ActorName { get; set; }
    public HazardAction Action { get; set; }
    /// <summary>Null for the event that created the hazard.</summary>
    public HazardStatus? FromStatus { get; set; }
    public HazardStatus ToStatus { get; set; }
    /// <summary>The note, the reason or the interim measures, as the action asks.</summary>
    public string? Note { get; set; }
    public DateOnly? Deadline { get; set; }
    public Guid? AssigneeId { get; set; }
    /// <summary>The "after" photos named by a reported fix, comma-separated.</summary>
    public string? PhotoIds { get; set; }
}

/// <summary>An "after" photo of a hazard's rectification.</summary>
public sealed class HazardPhoto
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid HazardId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public int Size { get; set; }
    public required string ContentHash { get; set; }
    public Guid UploadedBy { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
