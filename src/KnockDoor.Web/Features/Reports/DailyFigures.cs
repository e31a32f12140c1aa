using KnockDoor.Core.Targets;

namespace KnockDoor.Web.Features.Reports;

/// <summary>Which units fill a figure.</summary>
public enum ReportUnitKind
{
    Township = 1,
    Institution = 2,
}

/// <summary>
/// One row of the statistics table (统计表). Computed figures come from the records; typed ones are entered by the unit.
/// A figure that is a state on the day (residents, staff on duty) has no cumulative column.
/// </summary>
public sealed record FigureDefinition(string Key, string Label, string Group, ReportUnitKind Unit, bool Computed, bool Cumulates = true);

/// <summary>The figures of the daily report, as brief §8 lists them, in the table's order.</summary>
public static class DailyFigures
{
    public static readonly (TargetCategory Flag, string Key, string Label)[] Categories =
    [
        (TargetCategory.GuguaElderly, "guguaElderly", "孤寡老人"),
        (TargetCategory.LivingAlone, "livingAlone", "独居老人"),
        (TargetCategory.Disabled, "disabled", "失能"),
        (TargetCategory.SemiDisabled, "semiDisabled", "半失能"),
        (TargetCategory.LeftBehindChild, "leftBehindChild", "留守儿童"),
        (TargetCategory.ChildInDistress, "childInDistress", "困境儿童"),
        (TargetCategory.Orphan, "orphan", "孤儿"),
        (TargetCategory.ExtremePoorCentral, "extremePoorCentral", "特困人员（集中供养）"),
        (TargetCategory.ExtremePoorDispersed, "extremePoorDispersed", "特困人员（分散供养）"),
        (TargetCategory.SickOrDisabled, "sickOrDisabled", "病残人员"),
    ];

    public const string TargetsTotal = "targets.total";
    public const string VisitedTotal = "visited.total";
    public const string Coverage = "coverage";
    public const string NobodyHome = "visits.nobodyHome";
    public const string Refused = "visits.refused";
    public const string HazardsFound = "hazards.found";
    public const string HazardsFixedOnSpot = "hazards.fixedOnSpot";
    public const string HazardsUnderRectification = "hazards.underRectification";
    public const string HazardsClosed = "hazards.closed";
    public const string HazardsOverdue = "hazards.overdue";
    public const string HazardsEscalated = "hazards.escalated";
    public const string Leaflets = "publicity.leaflets";
    public const string PeopleReached = "publicity.peopleReached";
    public const string InstitutionInspections = "institutions.inspections";
    public const string StaffDeployed = "staff.deployed";
    public const string InstitutionHazardsFound = "inst.hazards.found";
    public const string InstitutionHazardsFixed = "inst.hazards.fixed";
    public const string CareActivities = "care.activities";
    public const string CarePeopleHelped = "care.peopleHelped";
    public const string MealsDelivered = "meals.delivered";
    public const string StreetPatrols = "patrols.street";
    public const string HomelessHelped = "patrols.homelessHelped";
    public const string Residents = "inst.residents";
    public const string StaffOnDuty = "inst.staffOnDuty";
    public const string PatrolRounds = "inst.patrolRounds";
    public const string EquipmentPassed = "inst.equipmentPassed";
    public const string EquipmentFailed = "inst.equipmentFailed";
    public const string TrainingSessions = "inst.trainingSessions";
    public const string TrainingAttendees = "inst.trainingAttendees";

    public static string TargetsKey(string category) => "targets." + category;

    public static string VisitedKey(string category) => "visited." + category;

    private static IEnumerable<FigureDefinition> Township()
    {
        const ReportUnitKind t = ReportUnitKind.Township;
        yield return new(TargetsTotal, "应走访对象（合计）", "走访对象", t, Computed: true);
        foreach (var (_, key, label) in Categories)
        {
            yield return new(TargetsKey(key), $"应走访对象：{label}", "走访对象", t, Computed: true);
        }
        yield return new(VisitedTotal, "已走访对象（合计）", "走访对象", t, Computed: true);
        foreach (var (_, key, label) in Categories)
        {
            yield return new(VisitedKey(key), $"已走访对象：{label}", "走访对象", t, Computed: true);
        }
        yield return new(Coverage, "走访覆盖率（%）", "走访对象", t, Computed: true);
        yield return new(NobodyHome, "无人在家（次）", "未见面", t, Computed: true);
        yield return new(Refused, "拒绝入户（次）", "未见面", t, Computed: true);
        yield return new(HazardsFound, "发现隐患", "隐患", t, Computed: true);
        yield return new(HazardsFixedOnSpot, "立行立改", "隐患", t, Computed: true);
        yield return new(HazardsUnderRectification, "整改中", "隐患", t, Computed: true);
        yield return new(HazardsClosed, "已销号", "隐患", t, Computed: true);
        yield return new(HazardsOverdue, "逾期未整改", "隐患", t, Computed: true);
        yield return new(HazardsEscalated, "已上报协调", "隐患", t, Computed: true);
        yield return new(Leaflets, "发放宣传资料（份）", "政策宣传", t, Computed: true);
        yield return new(PeopleReached, "宣传覆盖人数", "政策宣传", t, Computed: true);
        yield return new(CareActivities, "关爱活动（次）", "关爱服务", t, Computed: true);
        yield return new(CarePeopleHelped, "帮扶人数", "关爱服务", t, Computed: true);
        yield return new(MealsDelivered, "送餐上门（份）", "关爱服务", t, Computed: true);
        yield return new(StreetPatrols, "街面巡查（次）", "巡查救助", t, Computed: true);
        yield return new(HomelessHelped, "救助流浪乞讨人员（人）", "巡查救助", t, Computed: true);
        yield return new(InstitutionInspections, "检查机构（次）", "机构检查", t, Computed: true);
        yield return new(StaffDeployed, "出动人员（人）", "工作力量", t, Computed: true);
    }

    private static IEnumerable<FigureDefinition> Institution()
    {
        const ReportUnitKind i = ReportUnitKind.Institution;
        yield return new(Residents, "在院人数", "机构情况", i, Computed: true, Cumulates: false);
        yield return new(StaffOnDuty, "在岗工作人员", "机构情况", i, Computed: true, Cumulates: false);
        yield return new(PatrolRounds, "巡查（次）", "安全检查", i, Computed: true);
        yield return new(EquipmentPassed, "设施设备检查合格（项）", "安全检查", i, Computed: true);
        yield return new(EquipmentFailed, "设施设备检查不合格（项）", "安全检查", i, Computed: true);
        yield return new(InstitutionHazardsFound, "发现隐患", "隐患", i, Computed: true);
        yield return new(InstitutionHazardsFixed, "已整改隐患", "隐患", i, Computed: true);
        yield return new(TrainingSessions, "培训演练（次）", "培训", i, Computed: true);
        yield return new(TrainingAttendees, "参训人数", "培训", i, Computed: true);
        yield return new("inst.incidents", "安全事件（起）", "安全事件", i, Computed: false);
    }

    public static readonly IReadOnlyList<FigureDefinition> All = [.. Township(), .. Institution()];

    private static readonly Dictionary<string, FigureDefinition> ByKey = All.ToDictionary(f => f.Key, StringComparer.Ordinal);

    public static IReadOnlyList<FigureDefinition> Of(ReportUnitKind unit) => [.. All.Where(f => f.Unit == unit)];

    public static FigureDefinition? Find(string key) => ByKey.GetValueOrDefault(key);
}
