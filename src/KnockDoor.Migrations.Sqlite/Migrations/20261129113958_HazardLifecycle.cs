using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HazardLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AssigneeId",
                table: "Hazards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeName",
                table: "Hazards",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Deadline",
                table: "Hazards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EscalatedAt",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InterimMeasures",
                table: "Hazards",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReportedFixedAt",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ReportedFixedBy",
                table: "Hazards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReportedFixedByName",
                table: "Hazards",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolutionNote",
                table: "Hazards",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SendBackReason",
                table: "Hazards",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "Hazards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VerifiedBy",
                table: "Hazards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedByName",
                table: "Hazards",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "HazardEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    FromStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ToStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HazardEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HazardPhotos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HazardPhotos", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HazardEvents_HazardId_Version",
                table: "HazardEvents",
                columns: new[] { "HazardId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HazardPhotos_HazardId",
                table: "HazardPhotos",
                column: "HazardId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HazardEvents");

            migrationBuilder.DropTable(
                name: "HazardPhotos");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "AssigneeName",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "Deadline",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "InterimMeasures",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "ReportedFixedAt",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "ReportedFixedBy",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "ReportedFixedByName",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "ResolutionNote",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "SendBackReason",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "Hazards");

            migrationBuilder.DropColumn(
                name: "VerifiedByName",
                table: "Hazards");
        }
    }
}
