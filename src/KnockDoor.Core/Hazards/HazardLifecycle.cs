using KnockDoor.Core.Accounts;

namespace KnockDoor.Core.Hazards;

/// <summary>What happened to a hazard. Found and FixOnSpot only come from a visit; the rest are requested moves.</summary>
public enum HazardAction
{
    Found = 1,
    FixOnSpot = 2,
    Assign = 3,
    ReportFix = 4,
    Verify = 5,
    SendBack = 6,
    Escalate = 7,
    Resolve = 8,
    Reassign = 9,
    /// <summary>Entered by hand in the ledger (not from a checklist).</summary>
    Record = 10,
    /// <summary>A revisit (回头看) finds the fix holds: the status stays, the revisit is recorded.</summary>
    ConfirmRevisit = 11,
    /// <summary>A revisit (回头看) finds the hazard back: open again.</summary>
    Reopen = 12,
}

/// <summary>Why a move was refused. Each maps to one stable problem code.</summary>
public enum HazardRefusal
{
    /// <summary>The actor's role may not take this action at all.</summary>
    NotPermitted = 1,
    /// <summary>The action is not allowed from the hazard's status.</summary>
    IllegalTransition = 2,
    /// <summary>A field worker or institution staff reporting a fix of a hazard not assigned to them, not found by them and not of a household they visit.</summary>
    NotAssignee = 3,
    /// <summary>The one who reported the fix may not verify it.</summary>
    VerifierIsFixer = 4,
    AssigneeRequired = 5,
    DeadlineRequired = 6,
    DeadlineInPast = 7,
    NoteRequired = 8,
    PhotoRequired = 9,
    ReasonRequired = 10,
    InterimMeasuresRequired = 11,
    /// <summary>A revisit result for a hazard that is not on a revisit list, or was already revisited.</summary>
    NotOnRevisitList = 12,
}

/// <summary>What the lifecycle needs to know of a hazard.</summary>
public sealed record HazardState(HazardStatus Status, Guid FoundBy, Guid? AssigneeId, Guid? ReportedFixedBy, DateOnly? Deadline,
    bool AwaitingRevisit = false);

/// <summary>Who asks; VisitsTheTarget: the hazard's household is in the actor's visiting plan.</summary>
public sealed record HazardActor(Guid Id, Role Role, bool VisitsTheTarget = false);

/// <summary>A requested move with its inputs; PhotoCount is the number of this hazard's "after" photos named.</summary>
public sealed record HazardMove(HazardAction Action, Guid? AssigneeId = null, DateOnly? Deadline = null, string? Note = null,
    string? Reason = null, string? InterimMeasures = null, int PhotoCount = 0);

/// <summary>The lifecycle's answer: the new status, or why not.</summary>
public readonly record struct HazardDecision(HazardStatus? To, HazardRefusal? Refusal)
{
    public bool Allowed => To is not null;

    public static HazardDecision Move(HazardStatus to) => new(to, null);

    public static HazardDecision Refuse(HazardRefusal refusal) => new(null, refusal);
}

/// <summary>
/// The hazard lifecycle (see src/KnockDoor.Web/Features/Hazards/README.md), the one place that decides a move:
/// Open → Assigned → ReportedFixed → Closed (or sent back to Assigned); Open/Assigned → Escalated → Closed or
/// Assigned again. FixedOnSpot and Closed end the work; only a revisit (回头看) of a hazard on a revisit list
/// confirms them or reopens them. Checks, in order: the role's permission, the status, who the
/// actor is (assignee, not the fixer), then the inputs.
/// </summary>
public static class HazardLifecycle
{
    /// <summary>The permission an action needs.</summary>
    public static Permission PermissionFor(HazardAction action) => action switch
    {
        HazardAction.ReportFix => Permission.HazardsReportFix,
        HazardAction.Found or HazardAction.FixOnSpot => Permission.VisitsSubmit,
        HazardAction.Record => Permission.HazardsRecord,
        HazardAction.ConfirmRevisit or HazardAction.Reopen => Permission.HazardsManage,
        HazardAction.Assign or HazardAction.Verify or HazardAction.SendBack or HazardAction.Escalate
            or HazardAction.Resolve or HazardAction.Reassign => Permission.HazardsManage,
    };

    /// <summary>The status an action leads to from a status, or null when it is not a move from there.</summary>
    public static HazardStatus? Target(HazardStatus from, HazardAction action) => (from, action) switch
    {
        (HazardStatus.Open, HazardAction.Assign) => HazardStatus.Assigned,
        (HazardStatus.Open, HazardAction.Escalate) => HazardStatus.Escalated,
        (HazardStatus.Assigned, HazardAction.ReportFix) => HazardStatus.ReportedFixed,
        (HazardStatus.Assigned, HazardAction.Escalate) => HazardStatus.Escalated,
        (HazardStatus.Assigned, HazardAction.Reassign) => HazardStatus.Assigned,
        (HazardStatus.ReportedFixed, HazardAction.Verify) => HazardStatus.Closed,
        (HazardStatus.ReportedFixed, HazardAction.SendBack) => HazardStatus.Assigned,
        (HazardStatus.Escalated, HazardAction.Resolve) => HazardStatus.Closed,
        (HazardStatus.Escalated, HazardAction.Reassign) => HazardStatus.Assigned,
        (HazardStatus.Closed, HazardAction.ConfirmRevisit) => HazardStatus.Closed,
        (HazardStatus.FixedOnSpot, HazardAction.ConfirmRevisit) => HazardStatus.FixedOnSpot,
        (HazardStatus.Closed or HazardStatus.FixedOnSpot, HazardAction.Reopen) => HazardStatus.Open,
        _ => null,
    };

    public static HazardDecision Decide(HazardState hazard, HazardActor actor, HazardMove move, DateOnly today)
    {
        if (!Enum.IsDefined(move.Action) || !Roles.Has(actor.Role, PermissionFor(move.Action)))
        {
            return HazardDecision.Refuse(HazardRefusal.NotPermitted);
        }
        // Found, FixOnSpot and Record are never moves of an existing hazard: they are how one is created.
        if (move.Action is HazardAction.Found or HazardAction.FixOnSpot or HazardAction.Record || Target(hazard.Status, move.Action) is not { } to)
        {
            return HazardDecision.Refuse(HazardRefusal.IllegalTransition);
        }
        var refusal = move.Action switch
        {
            HazardAction.Assign or HazardAction.Reassign => CheckAssignment(hazard, move, today),
            HazardAction.ReportFix => CheckReportFix(hazard, actor, move),
            HazardAction.Verify => hazard.ReportedFixedBy == actor.Id ? HazardRefusal.VerifierIsFixer : null,
            HazardAction.SendBack => Blank(move.Reason) ? HazardRefusal.ReasonRequired : null,
            HazardAction.Escalate => Blank(move.InterimMeasures) ? HazardRefusal.InterimMeasuresRequired : null,
            HazardAction.Resolve => Blank(move.Note) ? HazardRefusal.NoteRequired : null,
            HazardAction.ConfirmRevisit => !hazard.AwaitingRevisit ? HazardRefusal.NotOnRevisitList : null,
            HazardAction.Reopen => !hazard.AwaitingRevisit ? HazardRefusal.NotOnRevisitList
                : Blank(move.Reason) ? HazardRefusal.ReasonRequired : null,
            HazardAction.Found or HazardAction.FixOnSpot or HazardAction.Record => HazardRefusal.IllegalTransition,
        };
        return refusal is { } r ? HazardDecision.Refuse(r) : HazardDecision.Move(to);
    }

    private static HazardRefusal? CheckAssignment(HazardState hazard, HazardMove move, DateOnly today)
    {
        if (move.AssigneeId is null || move.AssigneeId == Guid.Empty)
        {
            return HazardRefusal.AssigneeRequired;
        }
        // A critical hazard already carries its same-day deadline; any other assignment needs one.
        if ((move.Deadline ?? hazard.Deadline) is not { } deadline)
        {
            return HazardRefusal.DeadlineRequired;
        }
        return move.Deadline is not null && deadline < today ? HazardRefusal.DeadlineInPast : null;
    }

    private static HazardRefusal? CheckReportFix(HazardState hazard, HazardActor actor, HazardMove move)
    {
        var mayFixAny = actor.Role switch
        {
            Role.TownshipOfficer or Role.CountyOffice => true,
            Role.FieldWorker or Role.InstitutionStaff or Role.CountyLeader => false,
        };
        if (!mayFixAny && hazard.AssigneeId != actor.Id && hazard.FoundBy != actor.Id && !actor.VisitsTheTarget)
        {
            return HazardRefusal.NotAssignee;
        }
        if (Blank(move.Note))
        {
            return HazardRefusal.NoteRequired;
        }
        return move.PhotoCount < 1 ? HazardRefusal.PhotoRequired : null;
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    /// <summary>The statuses in which the work is done (销号): only a revisit reopens them.</summary>
    public static bool IsClosed(HazardStatus status) => status switch
    {
        HazardStatus.FixedOnSpot or HazardStatus.Closed => true,
        HazardStatus.Open or HazardStatus.Assigned or HazardStatus.ReportedFixed or HazardStatus.Escalated => false,
    };

    /// <summary>The statuses that still need work (未销号): the ledger's "open" count.</summary>
    public static bool IsPending(HazardStatus status) => !IsClosed(status);

    /// <summary>The statuses whose deadline still bites: nobody has reported a fix and it is not under escalation.</summary>
    public static bool IsDue(HazardStatus status) => status switch
    {
        HazardStatus.Open or HazardStatus.Assigned => true,
        HazardStatus.ReportedFixed or HazardStatus.Escalated or HazardStatus.FixedOnSpot or HazardStatus.Closed => false,
    };
}
