using KnockDoor.Core.Checklists;

namespace KnockDoor.Core.Visits;

public enum VisitOutcome
{
    Visited = 1,
    NobodyHome = 2,
    Refused = 3,
    MovedAway = 4,
    Deceased = 5,
    Other = 6,
}

/// <summary>
/// One visit to a household (or one inspection of an institution), filled on a phone. Its id is made by
/// the device; the same id with the same content is the same visit (idempotent submission).
/// </summary>
public sealed class Visit
{
    /// <summary>Made by the device (a UUID).</summary>
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid CampaignId { get; set; }
    public ChecklistKind Kind { get; set; }
    /// <summary>The person visited (household checklist); null for an institution inspection.</summary>
    public Guid? TargetId { get; set; }
    /// <summary>The village of the target, or the institution inspected.</summary>
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid TemplateId { get; set; }
    public int TemplateVersion { get; set; }

    public Guid VisitorId { get; set; }
    public required string VisitorName { get; set; }
    public VisitOutcome Outcome { get; set; }
    public string? OutcomeReason { get; set; }
    /// <summary>For moved away / deceased: a township officer confirmed, and the registry status changed.</summary>
    public bool OutcomeConfirmed { get; set; }
    public Guid? OutcomeConfirmedBy { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The China-time day of <see cref="FinishedAt"/>, for daily figures.</summary>
    public DateOnly Day { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public double? AccuracyMeters { get; set; }

    /// <summary>Header fields as filled (JSON object key → value).</summary>
    public string? Header { get; set; }
    /// <summary>Answers (JSON array of {code, answer, fixedOnSpot, note}).</summary>
    public string? Answers { get; set; }
    public string? OtherHazards { get; set; }
    public string? Tasks { get; set; }
    /// <summary>The visited person's signature, a PNG.</summary>
    public byte[]? Signature { get; set; }
    public string? SignerName { get; set; }
    public int LeafletsHandedOut { get; set; }
    public int PeopleReached { get; set; }
    /// <summary>Institution inspections: supervision by the township, or the institution's self-check.</summary>
    public bool IsSelfCheck { get; set; }

    /// <summary>SHA-256 of the submitted content, to tell a retry from a different submission under the same id.</summary>
    public required string ContentHash { get; set; }
    public string? AppVersion { get; set; }
}

/// <summary>A photo of a visit, uploaded apart from it (so a big photo neither blocks nor duplicates the visit).</summary>
public sealed class VisitPhoto
{
    /// <summary>Made by the device.</summary>
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid VisitId { get; set; }
    /// <summary>The checklist item the photo shows, if any.</summary>
    public string? ItemCode { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public int Size { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A submission under an existing id with other content: kept, never applied, never lost.</summary>
public sealed class VisitConflict
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid VisitId { get; set; }
    public Guid SubmittedBy { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string Body { get; set; }
    public required string ContentHash { get; set; }
}
