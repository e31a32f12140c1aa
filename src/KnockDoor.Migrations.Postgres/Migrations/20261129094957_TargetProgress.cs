using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TargetProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TargetProgress",
                columns: table => new
                {
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Categories = table.Column<int>(type: "integer", nullable: false),
                    Visited = table.Column<bool>(type: "boolean", nullable: false),
                    LastOutcome = table.Column<int>(type: "integer", nullable: false),
                    LastVisitAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    VisitCount = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetProgress", x => new { x.TargetId, x.CampaignId });
                });

            // Existing visits: per person and campaign, visited if any visit was, the outcome and time of the visit that
            // finished last (of two that finished together, the one received first), the count and the latest arrival.
            // Written out here rather than shared with the app's code, so that this migration stays what it was.
            migrationBuilder.Sql("""
                INSERT INTO "TargetProgress" ("TargetId", "CampaignId", "CountyCode", "OrgUnitCode", "OrgPath", "Status", "Categories",
                    "Visited", "LastOutcome", "LastVisitAt", "VisitCount", "UpdatedAt")
                SELECT l."TargetId", l."CampaignId", t."CountyCode", t."OrgUnitCode", t."OrgPath", t."Status", t."Categories",
                    l."Visited" = 1, l."Outcome", l."FinishedAt", l."VisitCount", l."ReceivedAt"
                FROM (
                    SELECT v."TargetId", v."CampaignId", v."Outcome", v."FinishedAt",
                        MAX(CASE WHEN v."Outcome" = 1 THEN 1 ELSE 0 END) OVER (PARTITION BY v."TargetId", v."CampaignId") AS "Visited",
                        COUNT(*) OVER (PARTITION BY v."TargetId", v."CampaignId") AS "VisitCount",
                        MAX(v."ReceivedAt") OVER (PARTITION BY v."TargetId", v."CampaignId") AS "ReceivedAt",
                        ROW_NUMBER() OVER (PARTITION BY v."TargetId", v."CampaignId"
                            ORDER BY v."FinishedAt" DESC, v."ReceivedAt", v."Id") AS "Rank"
                    FROM "Visits" AS v
                    WHERE v."TargetId" IS NOT NULL
                ) AS l
                JOIN "Targets" AS t ON t."Id" = l."TargetId"
                WHERE l."Rank" = 1;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_TargetProgress_Coverage",
                table: "TargetProgress",
                columns: new[] { "CampaignId", "OrgUnitCode", "Visited", "LastOutcome", "Status", "Categories", "OrgPath" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TargetProgress");
        }
    }
}
