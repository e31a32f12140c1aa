using KnockDoor.Core.Checklists;
using KnockDoor.Core.Hazards;

namespace KnockDoor.Web.Features.Hazards;

/// <summary>The one place for the Chinese names of hazard statuses, actions and severities (pages, export, PDFs).</summary>
public static class HazardNames
{
    public static string Severity(Severity severity) => severity switch
    {
        Core.Checklists.Severity.Medium => "一般",
        Core.Checklists.Severity.High => "较大",
        Core.Checklists.Severity.Critical => "重大",
    };

    public static string Status(HazardStatus status) => status switch
    {
        HazardStatus.Open => "待整改",
        HazardStatus.FixedOnSpot => "现场已整改",
        HazardStatus.Assigned => "整改中",
        HazardStatus.ReportedFixed => "待验收",
        HazardStatus.Closed => "已销号",
        HazardStatus.Escalated => "已上报协调",
    };

    public static string Action(HazardAction action) => action switch
    {
        HazardAction.Found => "发现",
        HazardAction.FixOnSpot => "立行立改",
        HazardAction.Assign => "交办整改",
        HazardAction.ReportFix => "报告整改完成",
        HazardAction.Verify => "验收销号",
        HazardAction.SendBack => "退回整改",
        HazardAction.Escalate => "上报协调",
        HazardAction.Resolve => "协调解决",
        HazardAction.Reassign => "重新交办",
        HazardAction.Record => "登记",
        HazardAction.ConfirmRevisit => "回头看：整改有效",
        HazardAction.Reopen => "回头看：重新打开",
    };

    /// <summary>The statuses in the ledger's filter, in the order of the work.</summary>
    public static readonly IReadOnlyList<HazardStatus> Statuses =
        [HazardStatus.Open, HazardStatus.Assigned, HazardStatus.ReportedFixed, HazardStatus.Escalated, HazardStatus.Closed, HazardStatus.FixedOnSpot];

    public static readonly IReadOnlyList<Severity> Severities = [Core.Checklists.Severity.Critical, Core.Checklists.Severity.High, Core.Checklists.Severity.Medium];
}
