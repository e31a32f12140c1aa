using KnockDoor.Core.Duties;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

// The notice's other duties (issue 7). Every index leads with the county code, the distribution key; the records a
// client submits carry a client id unique in the county, so a retry or a double tap finds the row it made.

internal static class DutyColumns
{
    public const int Name = 50;
    public const int Short = 100;
    public const int Text = 500;
    public const int LongText = 2000;

    public static void Place<T>(EntityTypeBuilder<T> b) where T : class
    {
        b.Property<string>("CountyCode").HasMaxLength(12);
        b.Property<string>("OrgPath").HasMaxLength(200);
    }
}

internal sealed class DutyRosterEntryConfiguration : IEntityTypeConfiguration<DutyRosterEntry>
{
    public void Configure(EntityTypeBuilder<DutyRosterEntry> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.StaffName).HasMaxLength(DutyColumns.Name);
        b.Property(x => x.Post).HasMaxLength(DutyColumns.Name);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.Day, x.Shift });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath });
    }
}

internal sealed class InstitutionPatrolConfiguration : IEntityTypeConfiguration<InstitutionPatrol>
{
    public void Configure(EntityTypeBuilder<InstitutionPatrol> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.PatrolledBy).HasMaxLength(DutyColumns.Short);
        b.Property(x => x.Areas).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.Findings).HasMaxLength(DutyColumns.LongText);
        b.Property(x => x.RecordedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.ClientId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.At });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath });
    }
}

internal sealed class EquipmentCheckConfiguration : IEntityTypeConfiguration<EquipmentCheck>
{
    public void Configure(EntityTypeBuilder<EquipmentCheck> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.CheckedBy).HasMaxLength(DutyColumns.Short);
        b.HasIndex(x => new { x.CountyCode, x.ClientId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.At });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath, x.Passed });
    }
}

internal sealed class ResidentDayConfiguration : IEntityTypeConfiguration<ResidentDay>
{
    public void Configure(EntityTypeBuilder<ResidentDay> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Outings).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.RecordedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.Day }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath });
    }
}

internal sealed class InstitutionStaffConfiguration : IEntityTypeConfiguration<InstitutionStaff>
{
    public void Configure(EntityTypeBuilder<InstitutionStaff> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Name).HasMaxLength(DutyColumns.Name);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.Name });
    }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Topic).HasMaxLength(DutyColumns.Short * 2);
        b.Property(x => x.Trainer).HasMaxLength(DutyColumns.Short);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.RecordedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.ClientId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.Day });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath });
    }
}

internal sealed class TrainingAttendanceConfiguration : IEntityTypeConfiguration<TrainingAttendance>
{
    public void Configure(EntityTypeBuilder<TrainingAttendance> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.HasIndex(x => new { x.CountyCode, x.TrainingId, x.StaffId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.StaffId });
    }
}

internal sealed class SupplyStockConfiguration : IEntityTypeConfiguration<SupplyStock>
{
    public void Configure(EntityTypeBuilder<SupplyStock> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Name).HasMaxLength(DutyColumns.Name);
        b.Property(x => x.Unit).HasMaxLength(20);
        b.Property(x => x.Target).HasPrecision(14, 2);
        b.Property(x => x.OnHand).HasPrecision(14, 2);
        b.Property(x => x.UpdatedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.Kind, x.Name }).IsUnique();
    }
}

internal sealed class EmergencyPlanDocumentConfiguration : IEntityTypeConfiguration<EmergencyPlanDocument>
{
    public void Configure(EntityTypeBuilder<EmergencyPlanDocument> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.Property(x => x.UploadedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.UploadedAt });
    }
}

internal sealed class EmergencyPlanTaskConfiguration : IEntityTypeConfiguration<EmergencyPlanTask>
{
    public void Configure(EntityTypeBuilder<EmergencyPlanTask> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Task).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.Responsible).HasMaxLength(DutyColumns.Short);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.HasIndex(x => new { x.CountyCode, x.OrgUnitCode, x.SortOrder });
    }
}

internal sealed class StreetPatrolConfiguration : IEntityTypeConfiguration<StreetPatrol>
{
    public void Configure(EntityTypeBuilder<StreetPatrol> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Area).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.Members).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.LongText);
        b.Property(x => x.RecordedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.ClientId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgPath, x.At });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath });
    }
}

internal sealed class PersonFoundConfiguration : IEntityTypeConfiguration<PersonFound>
{
    public void Configure(EntityTypeBuilder<PersonFound> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Description).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.Place).HasMaxLength(DutyColumns.Short * 2);
        b.Property(x => x.Condition).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.HelpNote).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.PhotoContentType).HasMaxLength(50);
        b.Property(x => x.RecordedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.ClientId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.PatrolId });
        b.HasIndex(x => new { x.CountyCode, x.LeadId });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath, x.Help });
    }
}

internal sealed class PublicLeadConfiguration : IEntityTypeConfiguration<PublicLead>
{
    public void Configure(EntityTypeBuilder<PublicLead> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Reference).HasMaxLength(16);
        b.Property(x => x.Place).HasMaxLength(DutyColumns.Short * 2);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.ContactPhone).HasMaxLength(30);
        b.Property(x => x.FollowUpNote).HasMaxLength(DutyColumns.LongText);
        b.Property(x => x.HandledByName).HasMaxLength(DutyColumns.Name);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.CountyCode, x.Reference }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgPath, x.Status, x.ReceivedAt });
    }
}

internal sealed class MealRecipientConfiguration : IEntityTypeConfiguration<MealRecipient>
{
    public void Configure(EntityTypeBuilder<MealRecipient> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.CentreCode).HasMaxLength(24);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.HasIndex(x => new { x.CountyCode, x.CentreCode, x.TargetId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.TargetId });
    }
}

internal sealed class MealServicePeriodConfiguration : IEntityTypeConfiguration<MealServicePeriod>
{
    public void Configure(EntityTypeBuilder<MealServicePeriod> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.CentreCode).HasMaxLength(24);
        b.Property(x => x.Reason).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.SwitchedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.CentreCode, x.FromDay });
        b.HasIndex(x => new { x.CountyCode, x.WarningId });
    }
}

internal sealed class MealDeliveryConfiguration : IEntityTypeConfiguration<MealDelivery>
{
    public void Configure(EntityTypeBuilder<MealDelivery> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.CentreCode).HasMaxLength(24);
        b.Property(x => x.DeliveredBy).HasMaxLength(DutyColumns.Short);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.HasIndex(x => new { x.CountyCode, x.CentreCode, x.TargetId, x.Day }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath, x.Outcome });
    }
}

internal sealed class CareActivityConfiguration : IEntityTypeConfiguration<CareActivity>
{
    public void Configure(EntityTypeBuilder<CareActivity> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.OrgUnitCode).HasMaxLength(24);
        b.Property(x => x.Organiser).HasMaxLength(DutyColumns.Short);
        b.Property(x => x.ForWhom).HasMaxLength(DutyColumns.Short * 2);
        b.Property(x => x.Description).HasMaxLength(DutyColumns.LongText);
        b.Property(x => x.RecordedByName).HasMaxLength(DutyColumns.Name);
        b.HasIndex(x => new { x.CountyCode, x.ClientId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgPath, x.Day });
        b.HasIndex(x => new { x.CountyCode, x.Day, x.OrgPath });
    }
}

internal sealed class WeatherWarningConfiguration : IEntityTypeConfiguration<WeatherWarning>
{
    public void Configure(EntityTypeBuilder<WeatherWarning> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CountyCode).HasMaxLength(12);
        b.Property(x => x.Note).HasMaxLength(DutyColumns.Text);
        b.Property(x => x.IssuedByName).HasMaxLength(DutyColumns.Name);
        b.HasMany(x => x.Areas).WithOne().HasForeignKey(a => a.WarningId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CountyCode, x.To });
    }
}

internal sealed class WeatherWarningAreaConfiguration : IEntityTypeConfiguration<WeatherWarningArea>
{
    public void Configure(EntityTypeBuilder<WeatherWarningArea> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.Property(x => x.TownshipCode).HasMaxLength(24);
        b.HasIndex(x => new { x.CountyCode, x.WarningId, x.TownshipCode }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgPath });
    }
}

internal sealed class WarningRevisitConfiguration : IEntityTypeConfiguration<WarningRevisit>
{
    public void Configure(EntityTypeBuilder<WarningRevisit> b)
    {
        b.HasKey(x => x.Id);
        DutyColumns.Place(b);
        b.HasIndex(x => new { x.CountyCode, x.WarningId, x.TargetId }).IsUnique();
        b.HasIndex(x => new { x.CountyCode, x.OrgPath });
        b.HasIndex(x => new { x.CountyCode, x.TargetId });
        b.HasIndex(x => new { x.CountyCode, x.WorkerId });
    }
}
