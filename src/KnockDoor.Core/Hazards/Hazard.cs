using KnockDoor.Core.Checklists;

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

/// <summary>One row of the hazard ledger (隐患排查清单): from a checklist answer, an "other hazard" line, or by hand.</summary>
public sealed class Hazard
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid? VisitId { get; set; }
    public Guid? TargetId { get; set; }
    /// <summary>The checklist item (H05, W03…) or null for free text.</summary>
    public string? ItemCode { get; set; }
    public required string Description { get; set; }
    public Severity Severity { get; set; }
    public HazardStatus Status { get; set; }
    public string? FixNote { get; set; }
    public Guid FoundBy { get; set; }
    public required string FoundByName { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    public DateOnly FoundDay { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}
