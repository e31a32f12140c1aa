namespace KnockDoor.Core.Campaigns;

/// <summary>
/// One winter's campaign as the notice fixes it. Next winter is a new row, not a code change.
/// </summary>
public sealed class Campaign
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string Name { get; set; }
    public required string DocumentNumber { get; set; }
    public string? IssuedBy { get; set; }

    public DateOnly MobilisationStart { get; set; }
    public DateOnly MobilisationEnd { get; set; }
    public DateOnly InspectionStart { get; set; }
    public DateOnly InspectionEnd { get; set; }
    public DateOnly SummaryStart { get; set; }
    public DateOnly SummaryEnd { get; set; }

    /// <summary>Local time of day, in <see cref="TimeZoneId"/>, by which units send the daily report.</summary>
    public TimeOnly DailyReportDeadline { get; set; } = new(15, 0);
    public string TimeZoneId { get; set; } = "Asia/Shanghai";
    public required string ReportMailbox { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public bool IsActive { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<WorkGroupMember> WorkGroup { get; set; } = [];

    public CampaignPhase PhaseOn(DateOnly day) =>
        day < MobilisationStart ? CampaignPhase.NotStarted
        : day <= MobilisationEnd ? CampaignPhase.Mobilisation
        : day <= InspectionEnd ? CampaignPhase.Inspection
        : day <= SummaryEnd ? CampaignPhase.Summary
        : CampaignPhase.Finished;

    public static string PhaseName(CampaignPhase phase) => phase switch
    {
        CampaignPhase.NotStarted => "未开始",
        CampaignPhase.Mobilisation => "动员部署阶段",
        CampaignPhase.Inspection => "排查整治阶段",
        CampaignPhase.Summary => "总结巩固阶段",
        CampaignPhase.Finished => "已结束",
    };
}

public enum CampaignPhase
{
    NotStarted = 0,
    Mobilisation = 1,
    Inspection = 2,
    Summary = 3,
    Finished = 4,
}

/// <summary>A member of the work group (工作专班): 组长, 副组长, 成员, with the office director marked.</summary>
public sealed class WorkGroupMember
{
    public Guid Id { get; set; }
    public Guid CampaignId { get; set; }
    public required string CountyCode { get; set; }
    public int SortOrder { get; set; }
    public required string Name { get; set; }
    /// <summary>组长 / 副组长 / 成员.</summary>
    public required string GroupRole { get; set; }
    /// <summary>Their post, e.g. 县民政局党组书记、局长.</summary>
    public required string Position { get; set; }
    public string? Phone { get; set; }
    public string? OrgUnitCode { get; set; }
    public bool IsOfficeDirector { get; set; }
}
