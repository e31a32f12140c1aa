using KnockDoor.Core.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.CountyCode).HasMaxLength(12);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.DocumentNumber).HasMaxLength(100);
        b.Property(c => c.IssuedBy).HasMaxLength(100);
        b.Property(c => c.TimeZoneId).HasMaxLength(64);
        b.Property(c => c.ReportMailbox).HasMaxLength(200);
        b.Property(c => c.ContactName).HasMaxLength(50);
        b.Property(c => c.ContactPhone).HasMaxLength(30);
        b.HasIndex(c => new { c.CountyCode, c.IsActive });
        b.HasMany(c => c.WorkGroup).WithOne().HasForeignKey(m => m.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkGroupMemberConfiguration : IEntityTypeConfiguration<WorkGroupMember>
{
    public void Configure(EntityTypeBuilder<WorkGroupMember> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.CountyCode).HasMaxLength(12);
        b.Property(m => m.Name).HasMaxLength(50);
        b.Property(m => m.GroupRole).HasMaxLength(20);
        b.Property(m => m.Position).HasMaxLength(100);
        b.Property(m => m.Phone).HasMaxLength(30);
        b.Property(m => m.OrgUnitCode).HasMaxLength(24);
    }
}
