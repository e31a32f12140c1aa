using KnockDoor.Core.Checklists;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class ChecklistTemplateConfiguration : IEntityTypeConfiguration<ChecklistTemplate>
{
    public void Configure(EntityTypeBuilder<ChecklistTemplate> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.CountyCode).HasMaxLength(12);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.ChangeNote).HasMaxLength(500);
        b.HasIndex(t => new { t.CountyCode, t.Kind, t.Version }).IsUnique();
    }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.CountyCode).HasMaxLength(12);
        b.Property(a => a.OrgPath).HasMaxLength(200);
        b.Property(a => a.Version).IsConcurrencyToken();
        // One worker per target and campaign: reassigning changes the row.
        b.HasIndex(a => new { a.CampaignId, a.TargetId }).IsUnique();
        b.HasIndex(a => new { a.WorkerId, a.UpdatedAt });
        b.HasIndex(a => a.OrgPath);
    }
}

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        // The primary key is the device's id: the database, not a prior read, refuses a second insert.
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.CountyCode).HasMaxLength(12);
        b.Property(v => v.OrgUnitCode).HasMaxLength(24);
        b.Property(v => v.OrgPath).HasMaxLength(200);
        b.Property(v => v.VisitorName).HasMaxLength(50);
        b.Property(v => v.OutcomeReason).HasMaxLength(500);
        b.Property(v => v.OtherHazards).HasMaxLength(2000);
        b.Property(v => v.Tasks).HasMaxLength(2000);
        b.Property(v => v.SignerName).HasMaxLength(50);
        b.Property(v => v.ContentHash).HasMaxLength(64);
        b.Property(v => v.AppVersion).HasMaxLength(32);
        b.HasIndex(v => new { v.CampaignId, v.TargetId });
        // Coverage: visited and latest outcome per target read from the index alone (no row lookups).
        b.HasIndex(v => new { v.CampaignId, v.TargetId, v.FinishedAt, v.Outcome }).HasDatabaseName("IX_Visits_Coverage");
        b.HasIndex(v => new { v.OrgPath, v.Day });
        // The daily report's figures of a county up to a day, grouped by village, read from the index alone: visit rows
        // carry answers, photos' links and signatures, and must not be read to be counted.
        b.HasIndex(v => new { v.CampaignId, v.Day, v.OrgPath, v.Kind, v.Outcome, v.VisitorId, v.TargetId, v.LeafletsHandedOut, v.PeopleReached })
            .HasDatabaseName("IX_Visits_Report");
        b.HasIndex(v => new { v.VisitorId, v.ReceivedAt });
    }
}

internal sealed class TargetProgressConfiguration : IEntityTypeConfiguration<TargetProgress>
{
    public void Configure(EntityTypeBuilder<TargetProgress> b)
    {
        b.ToTable("TargetProgress");
        // The target leads, so that a change of the target finds its rows of every campaign by the key.
        b.HasKey(p => new { p.TargetId, p.CampaignId });
        b.Property(p => p.CountyCode).HasMaxLength(12);
        b.Property(p => p.OrgUnitCode).HasMaxLength(24);
        b.Property(p => p.OrgPath).HasMaxLength(200);
        // Coverage: per village, visited or not and the latest outcome, read from this index alone in group order.
        b.HasIndex(p => new { p.CampaignId, p.OrgUnitCode, p.Visited, p.LastOutcome, p.Status, p.Categories, p.OrgPath })
            .HasDatabaseName("IX_TargetProgress_Coverage");
        // The daily report: the people visited up to a day, by place and categories, read from the index alone.
        b.HasIndex(p => new { p.CampaignId, p.FirstVisitedDay, p.Status, p.OrgPath, p.Categories })
            .HasDatabaseName("IX_TargetProgress_Report");
    }
}

internal sealed class VisitPhotoConfiguration : IEntityTypeConfiguration<VisitPhoto>
{
    public void Configure(EntityTypeBuilder<VisitPhoto> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.CountyCode).HasMaxLength(12);
        b.Property(p => p.ItemCode).HasMaxLength(16);
        b.Property(p => p.ContentType).HasMaxLength(64);
        b.Property(p => p.ContentHash).HasMaxLength(64);
        b.HasIndex(p => p.VisitId);
    }
}

internal sealed class VisitConflictConfiguration : IEntityTypeConfiguration<VisitConflict>
{
    public void Configure(EntityTypeBuilder<VisitConflict> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.CountyCode).HasMaxLength(12);
        b.Property(c => c.ContentHash).HasMaxLength(64);
        b.HasIndex(c => c.VisitId);
    }
}

internal sealed class HazardConfiguration : IEntityTypeConfiguration<Hazard>
{
    public void Configure(EntityTypeBuilder<Hazard> b)
    {
        b.HasKey(h => h.Id);
        b.Property(h => h.CountyCode).HasMaxLength(12);
        b.Property(h => h.OrgUnitCode).HasMaxLength(24);
        b.Property(h => h.OrgPath).HasMaxLength(200);
        b.Property(h => h.ItemCode).HasMaxLength(16);
        b.Property(h => h.Description).HasMaxLength(2000);
        b.Property(h => h.FixNote).HasMaxLength(1000);
        b.Property(h => h.FoundByName).HasMaxLength(50);
        b.Property(h => h.AssigneeName).HasMaxLength(50);
        b.Property(h => h.ReportedFixedByName).HasMaxLength(50);
        b.Property(h => h.VerifiedByName).HasMaxLength(50);
        b.Property(h => h.SendBackReason).HasMaxLength(1000);
        b.Property(h => h.InterimMeasures).HasMaxLength(1000);
        b.Property(h => h.ResolutionNote).HasMaxLength(1000);
        b.Property(h => h.RevisitedByName).HasMaxLength(50);
        b.Property(h => h.RevisitNote).HasMaxLength(1000);
        b.Property(h => h.Version).IsConcurrencyToken();
        b.HasIndex(h => new { h.OrgPath, h.Status });
        // The ledger of a campaign and a unit, newest first; the down-to-zero chart counts by day found and day closed.
        b.HasIndex(h => new { h.CampaignId, h.OrgPath, h.FoundAt }).HasDatabaseName("IX_Hazards_Ledger");
        b.HasIndex(h => new { h.CampaignId, h.OrgPath, h.FoundDay }).HasDatabaseName("IX_Hazards_Found");
        b.HasIndex(h => new { h.CampaignId, h.OrgPath, h.ClosedDay }).HasDatabaseName("IX_Hazards_Closed");
        // The ledger's pages of a whole county or township, newest first: read in that order, without sorting the unit.
        b.HasIndex(h => new { h.CampaignId, h.FoundAt, h.OrgPath }).HasDatabaseName("IX_Hazards_Recent");
        // Pending, overdue and due soon (the ledger's filters, the chart's overdue count and oldest pending).
        b.HasIndex(h => new { h.CampaignId, h.Status, h.Deadline, h.OrgPath }).HasDatabaseName("IX_Hazards_Due");
        // The daily report's hazard figures of a county up to a day, read from the index alone.
        b.HasIndex(h => new { h.CampaignId, h.FoundDay, h.OrgPath, h.Status, h.Deadline, h.ClosedDay }).HasDatabaseName("IX_Hazards_Report");
        // Reminders: the hazards whose deadline is today or tomorrow.
        b.HasIndex(h => new { h.Deadline, h.Status });
        b.HasIndex(h => h.VisitId);
        b.HasIndex(h => h.TargetId);
    }
}

internal sealed class HazardEventConfiguration : IEntityTypeConfiguration<HazardEvent>
{
    public void Configure(EntityTypeBuilder<HazardEvent> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.CountyCode).HasMaxLength(12);
        b.Property(e => e.ActorName).HasMaxLength(50);
        b.Property(e => e.Note).HasMaxLength(1000);
        b.Property(e => e.PhotoIds).HasMaxLength(400);
        b.HasIndex(e => new { e.HazardId, e.Version }).IsUnique();
    }
}

internal sealed class HazardPhotoConfiguration : IEntityTypeConfiguration<HazardPhoto>
{
    public void Configure(EntityTypeBuilder<HazardPhoto> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.CountyCode).HasMaxLength(12);
        b.Property(p => p.ContentType).HasMaxLength(64);
        b.Property(p => p.ContentHash).HasMaxLength(64);
        b.HasIndex(p => p.HazardId);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasKey(n => n.Id);
        b.Property(n => n.CountyCode).HasMaxLength(12);
        b.Property(n => n.OrgUnitCode).HasMaxLength(24);
        b.Property(n => n.RoleKey).HasMaxLength(16);
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(300);
        b.Property(n => n.DedupeKey).HasMaxLength(120);
        b.HasIndex(n => new { n.OrgUnitCode, n.RoleKey, n.CreatedAt });
        b.HasIndex(n => n.DedupeKey).IsUnique();
    }
}
