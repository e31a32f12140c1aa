using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HazardLedgerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Due",
                table: "Hazards",
                columns: new[] { "CampaignId", "Status", "Deadline", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Recent",
                table: "Hazards",
                columns: new[] { "CampaignId", "FoundAt", "OrgPath" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Hazards_Due",
                table: "Hazards");

            migrationBuilder.DropIndex(
                name: "IX_Hazards_Recent",
                table: "Hazards");
        }
    }
}
