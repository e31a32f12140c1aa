using KnockDoor.Core.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnockDoor.Core.Data.Configurations;

internal sealed class DailyReportConfiguration : IEntityTypeConfiguration<DailyReport>
{
    public const int MaxText = 2000;

    public void Configure(EntityTypeBuilder<DailyReport> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.CountyCode).HasMaxLength(12);
        b.Property(r => r.OrgUnitCode).HasMaxLength(24);
        b.Property(r => r.OrgPath).HasMaxLength(200);
        b.Property(r => r.SubmittedByName).HasMaxLength(50);
        b.Property(r => r.WorkDone).HasMaxLength(MaxText);
        b.Property(r => r.Problems).HasMaxLength(MaxText);
        b.Property(r => r.NextSteps).HasMaxLength(MaxText);
        // The revision's number is taken once: a second submission racing for it fails here (409), never a duplicate.
        // County leads, so that the county code can be the distribution key.
        b.HasIndex(r => new { r.CountyCode, r.CampaignId, r.OrgUnitCode, r.Day, r.Revision }).IsUnique()
            .HasDatabaseName("IX_DailyReports_Revision");
        // The county's view of a day and the units × days matrix: every unit's revisions of a day, on time or not, read
        // from the index alone.
        b.HasIndex(r => new { r.CountyCode, r.CampaignId, r.Day, r.OrgUnitCode, r.OnTime, r.IsLatest }).HasDatabaseName("IX_DailyReports_Day");
    }
}
