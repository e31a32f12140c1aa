using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FieldSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssignmentRemovals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssignmentRemovals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeviceStatuses",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    AppVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Pending = table.Column<int>(type: "INTEGER", nullable: false),
                    PendingPhotos = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSyncAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OldestPendingAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SyncedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceStatuses", x => new { x.UserId, x.DeviceId });
                });

            migrationBuilder.CreateTable(
                name: "TargetConflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SeenVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RegistryVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Registry = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Submitted = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Resolution = table.Column<int>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResolvedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetConflicts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRemovals_WorkerId_RemovedAt",
                table: "AssignmentRemovals",
                columns: new[] { "WorkerId", "RemovedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetConflicts_OrgPath_ResolvedAt",
                table: "TargetConflicts",
                columns: new[] { "OrgPath", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TargetConflicts_TargetId",
                table: "TargetConflicts",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_TargetConflicts_VisitId",
                table: "TargetConflicts",
                column: "VisitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssignmentRemovals");

            migrationBuilder.DropTable(
                name: "DeviceStatuses");

            migrationBuilder.DropTable(
                name: "TargetConflicts");
        }
    }
}
