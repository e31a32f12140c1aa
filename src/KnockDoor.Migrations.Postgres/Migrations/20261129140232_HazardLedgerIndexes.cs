using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class HazardLedgerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "OrgPath",
                table: "Hazards",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Due",
                table: "Hazards",
                columns: new[] { "CampaignId", "Status", "Deadline", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Recent",
                table: "Hazards",
                columns: new[] { "CampaignId", "FoundAt", "OrgPath" });

            // Changing the column's collation dropped its statistics, and autovacuum does not analyse for that.
            migrationBuilder.Sql("ANALYZE \"Hazards\";");
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

            migrationBuilder.AlterColumn<string>(
                name: "OrgPath",
                table: "Hazards",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldCollation: "C");
        }
    }
}
