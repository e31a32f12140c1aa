using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KnockDoor.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Visits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Assignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WorkerId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlannedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssignedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChecklistTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Definition = table.Column<string>(type: "text", nullable: false),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ChangeNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChecklistTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Hazards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: true),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: true),
                    ItemCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Severity = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    FixNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    FoundBy = table.Column<Guid>(type: "uuid", nullable: false),
                    FoundByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FoundDay = table.Column<DateOnly>(type: "date", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Hazards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    RoleKey = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReadBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VisitConflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmittedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitConflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VisitPhotos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ContentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitPhotos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrgUnitCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TemplateId = table.Column<Guid>(type: "uuid", nullable: false),
                    TemplateVersion = table.Column<int>(type: "integer", nullable: false),
                    VisitorId = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitorName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    OutcomeReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OutcomeConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    OutcomeConfirmedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    AccuracyMeters = table.Column<double>(type: "double precision", nullable: true),
                    Header = table.Column<string>(type: "text", nullable: true),
                    Answers = table.Column<string>(type: "text", nullable: true),
                    OtherHazards = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Tasks = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: true),
                    SignerName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    LeafletsHandedOut = table.Column<int>(type: "integer", nullable: false),
                    PeopleReached = table.Column<int>(type: "integer", nullable: false),
                    IsSelfCheck = table.Column<bool>(type: "boolean", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AppVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Visits", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_CampaignId_TargetId",
                table: "Assignments",
                columns: new[] { "CampaignId", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_OrgPath",
                table: "Assignments",
                column: "OrgPath");

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_WorkerId_UpdatedAt",
                table: "Assignments",
                columns: new[] { "WorkerId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChecklistTemplates_CountyCode_Kind_Version",
                table: "ChecklistTemplates",
                columns: new[] { "CountyCode", "Kind", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_OrgPath_Status",
                table: "Hazards",
                columns: new[] { "OrgPath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_TargetId",
                table: "Hazards",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_Hazards_VisitId",
                table: "Hazards",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_OrgUnitCode_RoleKey_CreatedAt",
                table: "Notifications",
                columns: new[] { "OrgUnitCode", "RoleKey", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitConflicts_VisitId",
                table: "VisitConflicts",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitPhotos_VisitId",
                table: "VisitPhotos",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_CampaignId_TargetId",
                table: "Visits",
                columns: new[] { "CampaignId", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_OrgPath_Day",
                table: "Visits",
                columns: new[] { "OrgPath", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_VisitorId_ReceivedAt",
                table: "Visits",
                columns: new[] { "VisitorId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Assignments");

            migrationBuilder.DropTable(
                name: "ChecklistTemplates");

            migrationBuilder.DropTable(
                name: "Hazards");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "VisitConflicts");

            migrationBuilder.DropTable(
                name: "VisitPhotos");

            migrationBuilder.DropTable(
                name: "Visits");
        }
    }
}
