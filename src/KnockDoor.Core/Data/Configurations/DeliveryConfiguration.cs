using KnockDoor.Core.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.CountyCode).HasMaxLength(12);
        b.Property(d => d.DedupeKey).HasMaxLength(200);
        b.Property(d => d.Recipient).HasMaxLength(254);
        b.Property(d => d.Subject).HasMaxLength(200);
        b.Property(d => d.Body).HasMaxLength(20000);
        b.Property(d => d.AttachmentName).HasMaxLength(200);
        b.Property(d => d.AttachmentContentType).HasMaxLength(100);
        b.Property(d => d.LastError).HasMaxLength(1000);
        // Two runs at once (two servers) store each delivery once: the second insert is a unique violation.
        b.HasIndex(d => d.DedupeKey).IsUnique();
        // The dispatcher: pending rows whose time has come.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt }).HasDatabaseName("IX_Deliveries_Due");
        // The page: a county's deliveries of a day.
        b.HasIndex(d => new { d.CountyCode, d.Day }).HasDatabaseName("IX_Deliveries_Day");
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.Holder).HasMaxLength(100);
    }
}
