using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DailyReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DailyReports_Day",
                table: "DailyReports");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_Report",
                table: "Visits",
                columns: new[] { "CampaignId", "Day", "OrgPath", "Kind", "Outcome", "VisitorId", "TargetId", "LeafletsHandedOut", "PeopleReached" });

            migrationBuilder.CreateIndex(
                name: "IX_Targets_Report",
                table: "Targets",
                columns: new[] { "CountyCode", "Status", "OrgPath", "Categories" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Report",
                table: "Hazards",
                columns: new[] { "CampaignId", "FoundDay", "OrgPath", "Status", "Deadline", "ClosedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_DailyReports_Day",
                table: "DailyReports",
                columns: new[] { "CountyCode", "CampaignId", "Day", "OrgUnitCode", "OnTime", "IsLatest" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Visits_Report",
                table: "Visits");

            migrationBuilder.DropIndex(
                name: "IX_Targets_Report",
                table: "Targets");

            migrationBuilder.DropIndex(
                name: "IX_Hazards_Report",
                table: "Hazards");

            migrationBuilder.DropIndex(
                name: "IX_DailyReports_Day",
                table: "DailyReports");

            migrationBuilder.CreateIndex(
                name: "IX_DailyReports_Day",
                table: "DailyReports",
                columns: new[] { "CountyCode", "CampaignId", "Day", "IsLatest", "OrgPath" });
        }
    }
}
