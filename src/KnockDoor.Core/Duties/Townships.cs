namespace KnockDoor.Core.Duties;

// The township's other duties (brief §9): street patrols and help for homeless people (流浪乞讨人员救助) with the leads
// the public sends, meals brought home in heavy snow (送餐上门) and care activities (关爱帮扶).

/// <summary>Who patrolled with the township (联合巡查).</summary>
[Flags]
public enum PatrolPartners
{
    None = 0,
    Police = 1,
    Community = 2,
    Village = 4,
    Volunteers = 8,
    Other = 16,
}

/// <summary>A street patrol (街面巡查).</summary>
public sealed class StreetPatrol
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>The township (or the county) that patrolled.</summary>
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid ClientId { get; set; }
    public DateTimeOffset At { get; set; }
    public DateOnly Day { get; set; }
    /// <summary>Streets, the station, the bridge …</summary>
    public required string Area { get; set; }
    public required string Members { get; set; }
    public PatrolPartners Partners { get; set; }
    public string? Note { get; set; }
    public Guid RecordedBy { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The help given to a person found (救助措施).</summary>
[Flags]
public enum HelpGiven
{
    None = 0,
    /// <summary>护送至救助站</summary>
    EscortedToStation = 1,
    /// <summary>发放食物、衣被</summary>
    FoodAndClothing = 2,
    /// <summary>送医救治</summary>
    SentToHospital = 4,
    /// <summary>联系家属、护送返乡</summary>
    ReturnedHome = 8,
    /// <summary>拒绝救助 (the person declined; counted as found, not as helped)</summary>
    Declined = 16,
    Other = 32,
}

/// <summary>A person in need found on a patrol or through a lead, and the help given.</summary>
public sealed class PersonFound
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid ClientId { get; set; }
    public Guid? PatrolId { get; set; }
    public Guid? LeadId { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    public DateOnly Day { get; set; }
    /// <summary>Sex, apparent age, clothing … (no name is needed).</summary>
    public required string Description { get; set; }
    public required string Place { get; set; }
    /// <summary>Health and state: 神志清楚, 衣着单薄, 受伤 …</summary>
    public string? Condition { get; set; }
    public HelpGiven Help { get; set; }
    public string? HelpNote { get; set; }
    public string? PhotoContentType { get; set; }
    public byte[]? Photo { get; set; }
    public Guid RecordedBy { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

public enum LeadStatus
{
    /// <summary>待处理</summary>
    New = 1,
    /// <summary>跟进中</summary>
    FollowingUp = 2,
    /// <summary>已办结</summary>
    Closed = 3,
}

/// <summary>A lead from the public (群众线索) about a person in need, sent without signing in; it lands with a township.</summary>
public sealed class PublicLead
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>The short number the sender is shown (线索编号), so they can quote it when they call.</summary>
    public required string Reference { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateOnly Day { get; set; }
    public required string Place { get; set; }
    public string? Note { get; set; }
    /// <summary>Optional, for a call back; masked in lists.</summary>
    public string? ContactPhone { get; set; }
    public LeadStatus Status { get; set; } = LeadStatus.New;
    public string? FollowUpNote { get; set; }
    public Guid? HandledBy { get; set; }
    public string? HandledByName { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>An elderly person on a day-care centre's list for meals brought home in bad weather (from the registry).</summary>
public sealed class MealRecipient
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>The day-care centre (日间照料中心).</summary>
    public required string CentreCode { get; set; }
    /// <summary>The centre's path: the scope of the list.</summary>
    public required string OrgPath { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>Diet, the way in, a neighbour with a key …</summary>
    public string? Note { get; set; }
    public bool Active { get; set; } = true;
    public Guid AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>Days on which a centre brings meals home (送餐上门开启): switched on by a weather warning or by hand.</summary>
public sealed class MealServicePeriod
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string CentreCode { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly FromDay { get; set; }
    public DateOnly ToDay { get; set; }
    /// <summary>The warning that switched it on; null when switched on by hand.</summary>
    public Guid? WarningId { get; set; }
    public string? Reason { get; set; }
    public Guid SwitchedBy { get; set; }
    public required string SwitchedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

public enum MealOutcome
{
    Delivered = 1,
    NotHome = 2,
    Declined = 3,
}

/// <summary>A meal brought (or not) to one person on one day; one row per centre, person and day, corrected in place.</summary>
public sealed class MealDelivery
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string CentreCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid TargetId { get; set; }
    public DateOnly Day { get; set; }
    public MealOutcome Outcome { get; set; }
    public DateTimeOffset At { get; set; }
    public required string DeliveredBy { get; set; }
    public string? Note { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

public enum OrganiserKind
{
    SocialOrganisation = 1,
    Volunteers = 2,
    Enterprise = 3,
    Township = 4,
    Other = 5,
}

/// <summary>What a care activity brought (探访慰问、送煤、送棉被、维修 …).</summary>
[Flags]
public enum CareKinds
{
    None = 0,
    Visit = 1,
    Coal = 2,
    Quilts = 4,
    Repairs = 8,
    Goods = 16,
    Other = 32,
}

/// <summary>A care activity (关爱帮扶活动) by a social organisation or volunteers.</summary>
public sealed class CareActivity
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid ClientId { get; set; }
    public DateOnly Day { get; set; }
    public required string Organiser { get; set; }
    public OrganiserKind OrganiserKind { get; set; }
    /// <summary>For whom: 某村孤寡老人, 留守儿童 …</summary>
    public required string ForWhom { get; set; }
    public CareKinds Kinds { get; set; }
    public string? Description { get; set; }
    public int PeopleHelped { get; set; }
    public Guid RecordedBy { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
