using KnockDoor.Core.Devices;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class AssignmentRemovalConfiguration : IEntityTypeConfiguration<AssignmentRemoval>
{
    public void Configure(EntityTypeBuilder<AssignmentRemoval> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.CountyCode).HasMaxLength(12);
        b.Property(r => r.OrgPath).HasMaxLength(200);
        // An incremental sync reads one worker's removals since a time.
        b.HasIndex(r => new { r.WorkerId, r.RemovedAt });
    }
}

internal sealed class DeviceStatusConfiguration : IEntityTypeConfiguration<DeviceStatus>
{
    public void Configure(EntityTypeBuilder<DeviceStatus> b)
    {
        b.HasKey(d => new { d.UserId, d.DeviceId });
        b.Property(d => d.CountyCode).HasMaxLength(12);
        b.Property(d => d.AppVersion).HasMaxLength(32);
        b.Property(d => d.UserAgent).HasMaxLength(200);
    }
}

internal sealed class TargetConflictConfiguration : IEntityTypeConfiguration<TargetConflict>
{
    public void Configure(EntityTypeBuilder<TargetConflict> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.CountyCode).HasMaxLength(12);
        b.Property(c => c.OrgUnitCode).HasMaxLength(24);
        b.Property(c => c.OrgPath).HasMaxLength(200);
        b.Property(c => c.Registry).HasMaxLength(2000);
        b.Property(c => c.Submitted).HasMaxLength(2000);
        b.Property(c => c.ResolvedByName).HasMaxLength(50);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.OrgPath, c.ResolvedAt });
        b.HasIndex(c => c.VisitId);
        b.HasIndex(c => c.TargetId);
    }
}
