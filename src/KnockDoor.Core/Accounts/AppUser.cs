using Microsoft.AspNetCore.Identity;

namespace KnockDoor.Core.Accounts;

/// <summary>An account, bound to one org unit and one role; it sees that unit and below.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }
    public Role Role { get; set; }
    public required string OrgUnitCode { get; set; }
    public required string OrgPath { get; set; }
    /// <summary>The distribution key.</summary>
    public required string CountyCode { get; set; }
    public bool IsDisabled { get; set; }
    /// <summary>Set when an administrator resets the password: the user must choose a new one.</summary>
    public bool MustChangePassword { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}

public enum Role
{
    CountyOffice = 1,
    CountyLeader = 2,
    TownshipOfficer = 3,
    FieldWorker = 4,
    InstitutionStaff = 5,
}

/// <summary>What an account may do. Granted to roles as data, below; checked with the org-unit scope.</summary>
public enum Permission
{
    OrgManage,
    CampaignManage,
    AccountsManage,
    WorkersManage,
    TargetsRead,
    TargetsWrite,
    TargetsViewFull,
    TargetsImport,
    TargetsExport,
    TargetsExportFull,
    AuditRead,
    TemplatesManage,
    PlanManage,
    VisitsRead,
    VisitsSubmit,
    InstitutionsInspect,
    OutcomesConfirm,
    /// <summary>Read hazards (in scope) and their history.</summary>
    HazardsRead,
    /// <summary>Assign, verify, send back, escalate, resolve and reassign hazards.</summary>
    HazardsManage,
    /// <summary>Report a hazard fixed (a field worker or institution staff only when it is theirs: assigned or found) and upload "after" photos.</summary>
    HazardsReportFix,
    /// <summary>Enter a hazard by hand in the ledger (one not found through a checklist).</summary>
    HazardsRecord,
    /// <summary>Fill and submit the daily report (每日报送): a township or institution its own, the county office any.</summary>
    DailyReportsSubmit,
    /// <summary>See the county's daily reports: the units × days matrix, the missing list and the county table, and export it.</summary>
    DailyReportsView,
    /// <summary>See the records of the other duties in scope: institutions' duty, patrols, training, supplies and plans; street patrols and leads; meals; care activities.</summary>
    DutiesRead,
    /// <summary>Keep an institution's records: duty roster, patrol log, equipment checks, residents, staff and training, supplies, emergency plan.</summary>
    InstitutionRecordsWrite,
    /// <summary>Record the township's duties: street patrols and the people found, follow up and close the public's leads, care activities.</summary>
    TownshipDutiesWrite,
    /// <summary>Keep a day-care centre's list for meals brought home, switch delivery on or off, and record deliveries.</summary>
    MealsWrite,
    /// <summary>Enter and cancel weather warnings for the county's townships.</summary>
    WeatherWarningsManage,
}

public static class Roles
{
    private static readonly Dictionary<Role, HashSet<Permission>> Grants = new()
    {
        [Role.CountyOffice] =
        [
            Permission.OrgManage, Permission.CampaignManage, Permission.AccountsManage, Permission.WorkersManage,
            Permission.TargetsRead, Permission.TargetsWrite, Permission.TargetsViewFull, Permission.TargetsImport,
            Permission.TargetsExport, Permission.TargetsExportFull, Permission.AuditRead,
            Permission.TemplatesManage, Permission.PlanManage, Permission.VisitsRead, Permission.OutcomesConfirm,
            Permission.HazardsRead, Permission.HazardsManage, Permission.HazardsRecord, Permission.DailyReportsSubmit,
            Permission.DailyReportsView, Permission.DutiesRead, Permission.InstitutionRecordsWrite, Permission.TownshipDutiesWrite,
            Permission.MealsWrite, Permission.WeatherWarningsManage,
        ],
        [Role.CountyLeader] =
        [
            Permission.TargetsRead, Permission.TargetsExport, Permission.VisitsRead, Permission.HazardsRead, Permission.DailyReportsView,
            Permission.DutiesRead,
        ],
        [Role.TownshipOfficer] =
        [
            Permission.WorkersManage, Permission.TargetsRead, Permission.TargetsWrite, Permission.TargetsViewFull,
            Permission.TargetsImport, Permission.TargetsExport, Permission.TargetsExportFull,
            Permission.PlanManage, Permission.VisitsRead, Permission.VisitsSubmit, Permission.InstitutionsInspect, Permission.OutcomesConfirm,
            Permission.HazardsRead, Permission.HazardsManage, Permission.HazardsReportFix, Permission.HazardsRecord,
            Permission.DailyReportsSubmit, Permission.DutiesRead, Permission.InstitutionRecordsWrite, Permission.TownshipDutiesWrite,
            Permission.MealsWrite,
        ],
        [Role.FieldWorker] =
        [
            Permission.TargetsRead, Permission.TargetsViewFull, Permission.VisitsRead, Permission.VisitsSubmit,
            Permission.HazardsRead, Permission.HazardsReportFix, Permission.HazardsRecord,
        ],
        [Role.InstitutionStaff] =
        [
            Permission.TargetsRead, Permission.TargetsWrite, Permission.TargetsViewFull, Permission.VisitsRead, Permission.VisitsSubmit,
            Permission.InstitutionsInspect, Permission.HazardsRead, Permission.HazardsReportFix, Permission.HazardsRecord,
            Permission.DailyReportsSubmit, Permission.DutiesRead, Permission.InstitutionRecordsWrite, Permission.MealsWrite,
        ],
    };

    public static bool Has(Role role, Permission permission) => Grants.TryGetValue(role, out var set) && set.Contains(permission);

    public static IReadOnlyCollection<Permission> PermissionsOf(Role role) => Grants.TryGetValue(role, out var set) ? set : [];

    public static string Name(Role role) => role switch
    {
        Role.CountyOffice => "县民政局(管理员)",
        Role.CountyLeader => "县领导(只读)",
        Role.TownshipOfficer => "乡镇干部",
        Role.FieldWorker => "入户人员(网格员/村干部)",
        Role.InstitutionStaff => "养老机构工作人员",
    };

    /// <summary>The claim value and the API name of a role.</summary>
    public static string Key(Role role) => role switch
    {
        Role.CountyOffice => "admin",
        Role.CountyLeader => "leader",
        Role.TownshipOfficer => "township",
        Role.FieldWorker => "worker",
        Role.InstitutionStaff => "institution",
    };

    public static Role? FromKey(string? key) => key switch
    {
        "admin" => Role.CountyOffice,
        "leader" => Role.CountyLeader,
        "township" => Role.TownshipOfficer,
        "worker" => Role.FieldWorker,
        "institution" => Role.InstitutionStaff,
        _ => null,
    };
}
