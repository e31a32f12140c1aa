using KnockDoor.Core.Checklists;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Visits;

namespace KnockDoor.Web.Features.Visits;

/// <summary>Chinese names for the pages.</summary>
public static class VisitNames
{
    public static string Outcome(VisitOutcome outcome) => outcome switch
    {
        VisitOutcome.Visited => "已入户",
        VisitOutcome.NobodyHome => "无人在家",
        VisitOutcome.Refused => "拒绝入户",
        VisitOutcome.MovedAway => "已迁出",
        VisitOutcome.Deceased => "已去世",
        VisitOutcome.Other => "其他",
        _ => outcome.ToString(),
    };

    public static string Severity(Severity severity) => Hazards.HazardNames.Severity(severity);

    public static string Status(HazardStatus status) => Hazards.HazardNames.Status(status);
}
