using KnockDoor.Core.Checklists;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Visits;

namespace KnockDoor.Web.Features.Visits;

/// <summary>A visit as the phone submits it (the contract of POST /api/v1/visits).</summary>
public sealed record VisitInput(
    Guid Id,
    ChecklistKind? Kind,
    Guid? TargetId,
    string? InstitutionCode,
    Guid TemplateId,
    VisitOutcome? Outcome,
    string? OutcomeReason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? Latitude,
    double? Longitude,
    double? AccuracyMeters,
    Dictionary<string, string?>? Header,
    List<AnswerInput>? Answers,
    List<OtherHazardInput>? OtherHazards,
    string? Tasks,
    string? SignaturePng,
    string? SignerName,
    int? LeafletsHandedOut,
    int? PeopleReached,
    bool? IsSelfCheck,
    string? AppVersion,
    // The registry version the form was pre-filled from (the task's targetVersion). Not part of the content hash:
    // left out of the canonical form, so a retry is the same content whatever it says, and old clients hash as before.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? TargetVersion = null);

public sealed record VisitHazardDto(Guid Id, string? ItemCode, string Description, Severity Severity, HazardStatus Status);

public sealed record VisitPhotoDto(Guid Id, string? ItemCode, string ContentType, int Size);

public sealed record VisitDto(
    Guid Id,
    ChecklistKind Kind,
    Guid? TargetId,
    string? TargetName,
    string? InstitutionCode,
    string OrgUnitCode,
    Guid CampaignId,
    Guid TemplateId,
    int TemplateVersion,
    VisitOutcome Outcome,
    string? OutcomeReason,
    bool OutcomeConfirmed,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    DateTimeOffset ReceivedAt,
    DateOnly Day,
    double? Latitude,
    double? Longitude,
    double? AccuracyMeters,
    Dictionary<string, string?> Header,
    List<AnswerInput> Answers,
    List<OtherHazardInput> OtherHazards,
    string? Tasks,
    bool HasSignature,
    string? SignerName,
    int LeafletsHandedOut,
    int PeopleReached,
    bool IsSelfCheck,
    Guid VisitorId,
    string VisitorName,
    string? AppVersion,
    List<VisitHazardDto> Hazards,
    List<VisitPhotoDto> Photos);

/// <summary>One row of a visit list: no personal data beyond the target's name.</summary>
public sealed record VisitListItem(
    Guid Id, ChecklistKind Kind, Guid? TargetId, string? TargetName, string OrgUnitCode, VisitOutcome Outcome, bool OutcomeConfirmed,
    DateTimeOffset FinishedAt, DateOnly Day, string VisitorName, int HazardCount);

public sealed record VisitPage(int Total, int Page, int PageSize, List<VisitListItem> Items);
