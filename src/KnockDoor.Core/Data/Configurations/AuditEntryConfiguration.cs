using KnockDoor.Core.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.CountyCode).HasMaxLength(12);
        b.Property(a => a.UserName).HasMaxLength(64);
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.EntityType).HasMaxLength(32);
        b.Property(a => a.EntityId).HasMaxLength(64);
        b.Property(a => a.OrgUnitCode).HasMaxLength(24);
        b.Property(a => a.IpAddress).HasMaxLength(64);
        b.HasIndex(a => new { a.CountyCode, a.At });
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.UserId);
    }
}
