using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CoverageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Visits_Coverage",
                table: "Visits",
                columns: new[] { "CampaignId", "TargetId", "FinishedAt", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Targets_Coverage",
                table: "Targets",
                columns: new[] { "OrgUnitCode", "Status", "OrgPath", "Categories", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Visits_Coverage",
                table: "Visits");

            migrationBuilder.DropIndex(
                name: "IX_Targets_Coverage",
                table: "Targets");
        }
    }
}
