namespace KnockDoor.Core.Duties;

// The records an elderly-care institution keeps under the notice's duties for institutions (brief §6, §9): the 24-hour
// duty roster, the patrol log, equipment checks, residents and outings, training, supplies and the emergency plan.
// Every row carries the county code (the distribution key), the institution's code and its org path (the scope filter).

public enum DutyShift
{
    /// <summary>白班</summary>
    Day = 1,
    /// <summary>夜班</summary>
    Night = 2,
}

/// <summary>One person on duty at an institution for a shift of a China-time day (24小时值班).</summary>
public sealed class DutyRosterEntry
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly Day { get; set; }
    public DutyShift Shift { get; set; }
    public required string StaffName { get; set; }
    /// <summary>带班领导, 值班员, 护理员 …</summary>
    public string? Post { get; set; }
    public string? Phone { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>One round of the institution's patrol log (巡查记录). A finding can become a hazard of the ledger.</summary>
public sealed class InstitutionPatrol
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>Made by the client once per form: a second submission of the same round is the same record.</summary>
    public Guid ClientId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The China-time day of <see cref="At"/>.</summary>
    public DateOnly Day { get; set; }
    public required string PatrolledBy { get; set; }
    /// <summary>The areas walked: 宿舍楼, 厨房, 锅炉房 …, joined by "、".</summary>
    public required string Areas { get; set; }
    public bool AllClear { get; set; }
    public string? Findings { get; set; }
    /// <summary>The hazard the finding became, if it did.</summary>
    public Guid? HazardId { get; set; }
    public Guid RecordedBy { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The installations the notice names (供水、供电、供气、供暖、消防) and the non-slip paths and stairs.</summary>
public enum EquipmentSystem
{
    Water = 1,
    Power = 2,
    Gas = 3,
    Heating = 4,
    FireFighting = 5,
    NonSlip = 6,
}

/// <summary>A check of one installation: passed or failed; a failure becomes a hazard of the ledger.</summary>
public sealed class EquipmentCheck
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid ClientId { get; set; }
    public DateTimeOffset At { get; set; }
    public DateOnly Day { get; set; }
    public EquipmentSystem System { get; set; }
    public bool Passed { get; set; }
    public string? Note { get; set; }
    public required string CheckedBy { get; set; }
    public Guid? HazardId { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// The residents of a day (one row per institution and day, corrected in place): present, gone out, and whether the
/// weather was bad and the institution discouraged going out alone (劝导不要独自外出).
/// </summary>
public sealed class ResidentDay
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly Day { get; set; }
    public int Present { get; set; }
    public int WentOut { get; set; }
    /// <summary>Who went out, where and with whom (free text).</summary>
    public string? Outings { get; set; }
    public bool BadWeather { get; set; }
    public bool DiscouragedOutings { get; set; }
    public string? Note { get; set; }
    public Guid RecordedBy { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The roles the notice wants retrained (法定代表人、护理人员、消控人员).</summary>
public enum StaffRole
{
    LegalRepresentative = 1,
    Carer = 2,
    FireControl = 3,
    Other = 4,
}

/// <summary>A member of an institution's staff, so that the untrained can be listed.</summary>
public sealed class InstitutionStaff
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public required string Name { get; set; }
    public StaffRole Role { get; set; }
    public string? Phone { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A training session (再学习、再培训、再教育) or drill.</summary>
public sealed class TrainingSession
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid ClientId { get; set; }
    public DateOnly Day { get; set; }
    public required string Topic { get; set; }
    public required string Trainer { get; set; }
    public string? Note { get; set; }
    /// <summary>The number of attendees (the rows of <see cref="TrainingAttendance"/>), kept for the report's sums.</summary>
    public int AttendeeCount { get; set; }
    public Guid RecordedBy { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>One staff member at one session.</summary>
public sealed class TrainingAttendance
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgPath { get; set; }
    public Guid TrainingId { get; set; }
    public Guid StaffId { get; set; }
    /// <summary>The staff member's role at the time, so the session's attendees by role need no join.</summary>
    public StaffRole Role { get; set; }
}

public enum SupplyKind
{
    Food = 1,
    Water = 2,
    Fuel = 3,
    Medicine = 4,
    Generator = 5,
    Other = 6,
}

/// <summary>A reserve (物资储备) against its target: on hand now, corrected in place.</summary>
public sealed class SupplyStock
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public SupplyKind Kind { get; set; }
    /// <summary>大米, 桶装水, 燃煤, 常用药品, 发电机 …</summary>
    public required string Name { get; set; }
    /// <summary>公斤, 桶, 吨, 台 …</summary>
    public required string Unit { get; set; }
    public decimal Target { get; set; }
    public decimal OnHand { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedByName { get; set; }
}

/// <summary>An uploaded version of the emergency plan for disaster weather (灾害天气应急预案); the latest is the plan.</summary>
public sealed class EmergencyPlanDocument
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public int Size { get; set; }
    public required string ContentHash { get; set; }
    public Guid UploadedBy { get; set; }
    public required string UploadedByName { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>One line of the plan's task list (任务分工): who does what.</summary>
public sealed class EmergencyPlanTask
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    public int SortOrder { get; set; }
    public required string Task { get; set; }
    public required string Responsible { get; set; }
    public string? Phone { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
