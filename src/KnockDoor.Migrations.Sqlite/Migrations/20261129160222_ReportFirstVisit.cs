using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReportFirstVisit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstVisitedDay",
                table: "TargetProgress",
                type: "TEXT",
                nullable: true);

            // The day of the first visit that met each person (outcome 1 = Visited), from the visits already stored.
            migrationBuilder.Sql("""
                UPDATE "TargetProgress" SET "FirstVisitedDay" = (
                    SELECT MIN(v."Day") FROM "Visits" AS v
                    WHERE v."TargetId" = "TargetProgress"."TargetId" AND v."CampaignId" = "TargetProgress"."CampaignId" AND v."Outcome" = 1)
                WHERE "Visited"
                """);

            migrationBuilder.CreateIndex(
                name: "IX_TargetProgress_Report",
                table: "TargetProgress",
                columns: new[] { "CampaignId", "FirstVisitedDay", "Status", "OrgPath", "Categories" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TargetProgress_Report",
                table: "TargetProgress");

            migrationBuilder.DropColumn(
                name: "FirstVisitedDay",
                table: "TargetProgress");
        }
    }
}
