using KnockDoor.Core.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> b)
    {
        b.HasKey(o => o.Code);
        b.Property(o => o.Code).HasMaxLength(24);
        b.Property(o => o.Name).HasMaxLength(100);
        b.Property(o => o.ParentCode).HasMaxLength(24);
        b.Property(o => o.Path).HasMaxLength(200);
        b.Property(o => o.CountyCode).HasMaxLength(12);
        b.Property(o => o.InstitutionType).HasMaxLength(50);
        b.Property(o => o.Address).HasMaxLength(200);
        b.Property(o => o.ContactName).HasMaxLength(50);
        b.Property(o => o.ContactPhone).HasMaxLength(30);
        b.HasIndex(o => o.Path);
        b.HasIndex(o => o.ParentCode);
        b.HasIndex(o => new { o.CountyCode, o.Kind });
    }
}
