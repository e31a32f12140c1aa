using KnockDoor.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(50);
        b.Property(u => u.OrgUnitCode).HasMaxLength(24);
        b.Property(u => u.OrgPath).HasMaxLength(200);
        b.Property(u => u.CountyCode).HasMaxLength(12);
        b.HasIndex(u => u.OrgPath);
    }
}
