using KnockDoor.Core.Targets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.CountyCode).HasMaxLength(12);
        b.Property(t => t.OrgUnitCode).HasMaxLength(24);
        b.Property(t => t.OrgPath).HasMaxLength(200);
        b.Property(t => t.Name).HasMaxLength(50);
        b.Property(t => t.IdNumber).HasMaxLength(18);
        b.Property(t => t.Phone).HasMaxLength(30);
        b.Property(t => t.Address).HasMaxLength(200);
        b.Property(t => t.Household).HasMaxLength(100);
        b.Property(t => t.GuardianName).HasMaxLength(50);
        b.Property(t => t.GuardianPhone).HasMaxLength(30);
        b.Property(t => t.Notes).HasMaxLength(1000);
        b.Property(t => t.Version).IsConcurrencyToken();
        // One person once per county; the county code leads so the index can live on the county's shard.
        b.HasIndex(t => new { t.CountyCode, t.IdNumber }).IsUnique();
        b.HasIndex(t => t.OrgPath);
        b.HasIndex(t => new { t.OrgUnitCode, t.Name });
        // Coverage and plan counts per village read from the index alone (no row lookups).
        b.HasIndex(t => new { t.OrgUnitCode, t.Status, t.OrgPath, t.Categories, t.Id }).HasDatabaseName("IX_Targets_Coverage");
        // The daily report's registered people of a county by village and categories, from the index alone.
        b.HasIndex(t => new { t.CountyCode, t.Status, t.OrgPath, t.Categories }).HasDatabaseName("IX_Targets_Report");
    }
}
