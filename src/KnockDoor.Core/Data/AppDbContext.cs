using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Devices;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KnockDoor.Core.Data;

/// <summary>
/// The one database of the system. Every table carries a county code (<c>CountyCode</c>) so that it can
/// become the distribution key when a province runs on a sharded PostgreSQL.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityUserContext<AppUser, Guid>(options)
{
    public const string SqliteProviderName = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string NpgsqlProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<WorkGroupMember> WorkGroupMembers => Set<WorkGroupMember>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ChecklistTemplate> ChecklistTemplates => Set<ChecklistTemplate>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<VisitPhoto> VisitPhotos => Set<VisitPhoto>();
    public DbSet<VisitConflict> VisitConflicts => Set<VisitConflict>();
    public DbSet<TargetProgress> TargetProgress => Set<TargetProgress>();
    public DbSet<Hazard> Hazards => Set<Hazard>();
    public DbSet<HazardEvent> HazardEvents => Set<HazardEvent>();
    public DbSet<HazardPhoto> HazardPhotos => Set<HazardPhoto>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AssignmentRemoval> AssignmentRemovals => Set<AssignmentRemoval>();
    public DbSet<DeviceStatus> DeviceStatuses => Set<DeviceStatus>();
    public DbSet<TargetConflict> TargetConflicts => Set<TargetConflict>();
    public DbSet<Reports.DailyReport> DailyReports => Set<Reports.DailyReport>();
    public DbSet<Deliveries.Delivery> Deliveries => Set<Deliveries.Delivery>();
    public DbSet<Deliveries.JobLease> JobLeases => Set<Deliveries.JobLease>();
    public DbSet<DutyRosterEntry> DutyRoster => Set<DutyRosterEntry>();
    public DbSet<InstitutionPatrol> InstitutionPatrols => Set<InstitutionPatrol>();
    public DbSet<EquipmentCheck> EquipmentChecks => Set<EquipmentCheck>();
    public DbSet<ResidentDay> ResidentDays => Set<ResidentDay>();
    public DbSet<InstitutionStaff> InstitutionStaff => Set<InstitutionStaff>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<TrainingAttendance> TrainingAttendances => Set<TrainingAttendance>();
    public DbSet<SupplyStock> SupplyStocks => Set<SupplyStock>();
    public DbSet<EmergencyPlanDocument> EmergencyPlanDocuments => Set<EmergencyPlanDocument>();
    public DbSet<EmergencyPlanTask> EmergencyPlanTasks => Set<EmergencyPlanTask>();
    public DbSet<StreetPatrol> StreetPatrols => Set<StreetPatrol>();
    public DbSet<PersonFound> PersonsFound => Set<PersonFound>();
    public DbSet<PublicLead> PublicLeads => Set<PublicLead>();
    public DbSet<MealRecipient> MealRecipients => Set<MealRecipient>();
    public DbSet<MealServicePeriod> MealServicePeriods => Set<MealServicePeriod>();
    public DbSet<MealDelivery> MealDeliveries => Set<MealDelivery>();
    public DbSet<CareActivity> CareActivities => Set<CareActivity>();
    public DbSet<WeatherWarning> WeatherWarnings => Set<WeatherWarning>();
    public DbSet<WeatherWarningArea> WeatherWarningAreas => Set<WeatherWarningArea>();
    public DbSet<WarningRevisit> WarningRevisits => Set<WarningRevisit>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.ProviderName == SqliteProviderName)
        {
            // SQLite has no date-time-with-offset type; store UTC ticks so that ordering and ranges run in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.ProviderName == NpgsqlProviderName)
        {
            // The ledger and the chart narrow by "path starts with": PostgreSQL turns LIKE 'prefix%' into a btree range
            // only under the C collation (org paths are ASCII, so byte order is their order anyway).
            builder.Entity<Hazard>().Property(h => h.OrgPath).UseCollation("C");
            // The other duties' records are narrowed the same way, by path prefix.
            foreach (var type in new[]
                     {
                         typeof(DutyRosterEntry), typeof(InstitutionPatrol), typeof(EquipmentCheck), typeof(ResidentDay), typeof(TrainingSession),
                         typeof(StreetPatrol), typeof(PersonFound), typeof(PublicLead), typeof(MealDelivery), typeof(CareActivity),
                         typeof(WeatherWarningArea), typeof(WarningRevisit),
                     })
            {
                builder.Entity(type).Property<string>("OrgPath").UseCollation("C");
            }
        }
    }
}
