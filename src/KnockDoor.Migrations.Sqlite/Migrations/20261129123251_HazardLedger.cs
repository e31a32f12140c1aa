using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HazardLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DedupeKey",
                table: "Notifications",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UserId",
                table: "Notifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "Hazards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Categories",
                table: "Hazards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedDay",
                table: "Hazards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevisitListedAt",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevisitNote",
                table: "Hazards",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RevisitResult",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevisitedAt",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevisitedByName",
                table: "Hazards",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhotoIds",
                table: "HazardEvents",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            // The ledger's new columns for hazards already stored: campaign of the visit, categories of the person,
            // and the China-time day closed (fixed on the spot: the day found).
            migrationBuilder.Sql("""
                UPDATE "Hazards" SET
                    "CampaignId" = (SELECT v."CampaignId" FROM "Visits" v WHERE v."Id" = "Hazards"."VisitId"),
                    "Categories" = COALESCE((SELECT t."Categories" FROM "Targets" t WHERE t."Id" = "Hazards"."TargetId"), 0),
                    "ClosedDay" = CASE
                        WHEN "Status" = 2 THEN "FoundDay"
                        -- ClosedAt is EF's binary DateTimeOffset: ((clock ticks / 1000) << 11) | offset minutes (11-bit signed).
                        WHEN "Status" = 5 AND "ClosedAt" IS NOT NULL THEN date(
                            ("ClosedAt" >> 11) / 10000 - 62135596800
                                - (((("ClosedAt" & 2047) + 1024) % 2048) - 1024) * 60 + 8 * 3600, 'unixepoch')
                        ELSE NULL END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DedupeKey",
                table: "Notifications",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Closed",
                table: "Hazards",
                columns: new[] { "CampaignId", "OrgPath", "ClosedDay" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Deadline_Status",
                table: "Hazards",
                columns: new[] { "Deadline", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Found",
                table: "Hazards",
                columns: new[] { "CampaignId", "OrgPath", "FoundDay" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_Ledger",
                table: "Hazards",
                columns: new[] { "CampaignId", "OrgPath", "FoundAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_DedupeKey",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Hazards_Closed",
                table: "Hazards");

            migrationBuilder.DropIndex(
                name: "IX_Hazards_Deadline_Status",
                table: "Hazards");

            migrationBuilder.DropIndex(
                name: "IX_Hazards_Found",
                table: "Hazards");

            migrationBuilder.DropIndex(
                name: "IX_Hazards_Ledger",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "DedupeKey",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "Categories",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "ClosedDay",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "RevisitListedAt",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "RevisitNote",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "RevisitResult",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "RevisitedAt",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "RevisitedByName",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "PhotoIds",
                table: "HazardEvents");
        }
    }
}
