using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnockDoor.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OtherDuties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Bedridden",
                table: "Targets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Heating",
                table: "Targets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HouseAtRisk",
                table: "Targets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CareActivities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Organiser = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganiserKind = table.Column<int>(type: "INTEGER", nullable: false),
                    ForWhom = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kinds = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PeopleHelped = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareActivities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DutyRoster",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Shift = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Post = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyRoster", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EmergencyPlanDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyPlanDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EmergencyPlanTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Task = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Responsible = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyPlanTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EquipmentChecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    System = table.Column<int>(type: "INTEGER", nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CheckedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EquipmentChecks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InstitutionPatrols",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PatrolledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Areas = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AllClear = table.Column<bool>(type: "INTEGER", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstitutionPatrols", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InstitutionStaff",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstitutionStaff", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MealDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CentreCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MealDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MealRecipients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CentreCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MealRecipients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MealServicePeriods",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CentreCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FromDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ToDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WarningId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SwitchedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    SwitchedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MealServicePeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PersonsFound",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatrolId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeadId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Condition = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Help = table.Column<int>(type: "INTEGER", nullable: false),
                    HelpNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PhotoContentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Photo = table.Column<byte[]>(type: "BLOB", nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonsFound", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PublicLeads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    FollowUpNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    HandledBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    HandledByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicLeads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResidentDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Present = table.Column<int>(type: "INTEGER", nullable: false),
                    WentOut = table.Column<int>(type: "INTEGER", nullable: false),
                    Outings = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    BadWeather = table.Column<bool>(type: "INTEGER", nullable: false),
                    DiscouragedOutings = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResidentDays", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StreetPatrols",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Members = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Partners = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StreetPatrols", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SupplyStocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Target = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    OnHand = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupplyStocks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingAttendances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TrainingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingAttendances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrgUnitCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Trainer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AttendeeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WarningRevisits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    WarningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reasons = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ListedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    VisitId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RevisitedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarningRevisits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WeatherWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<long>(type: "INTEGER", nullable: false),
                    To = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    IssuedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssuedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeatherWarnings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WeatherWarningAreas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    WarningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TownshipCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeatherWarningAreas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeatherWarningAreas_WeatherWarnings_WarningId",
                        column: x => x.WarningId,
                        principalTable: "WeatherWarnings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CareActivities_CountyCode_ClientId",
                table: "CareActivities",
                columns: new[] { "CountyCode", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CareActivities_CountyCode_Day_OrgPath",
                table: "CareActivities",
                columns: new[] { "CountyCode", "Day", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_CareActivities_CountyCode_OrgPath_Day",
                table: "CareActivities",
                columns: new[] { "CountyCode", "OrgPath", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyRoster_CountyCode_Day_OrgPath",
                table: "DutyRoster",
                columns: new[] { "CountyCode", "Day", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyRoster_CountyCode_OrgUnitCode_Day_Shift",
                table: "DutyRoster",
                columns: new[] { "CountyCode", "OrgUnitCode", "Day", "Shift" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyPlanDocuments_CountyCode_OrgUnitCode_UploadedAt",
                table: "EmergencyPlanDocuments",
                columns: new[] { "CountyCode", "OrgUnitCode", "UploadedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyPlanTasks_CountyCode_OrgUnitCode_SortOrder",
                table: "EmergencyPlanTasks",
                columns: new[] { "CountyCode", "OrgUnitCode", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_EquipmentChecks_CountyCode_ClientId",
                table: "EquipmentChecks",
                columns: new[] { "CountyCode", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EquipmentChecks_CountyCode_Day_OrgPath_Passed",
                table: "EquipmentChecks",
                columns: new[] { "CountyCode", "Day", "OrgPath", "Passed" });

            migrationBuilder.CreateIndex(
                name: "IX_EquipmentChecks_CountyCode_OrgUnitCode_At",
                table: "EquipmentChecks",
                columns: new[] { "CountyCode", "OrgUnitCode", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_InstitutionPatrols_CountyCode_ClientId",
                table: "InstitutionPatrols",
                columns: new[] { "CountyCode", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstitutionPatrols_CountyCode_Day_OrgPath",
                table: "InstitutionPatrols",
                columns: new[] { "CountyCode", "Day", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_InstitutionPatrols_CountyCode_OrgUnitCode_At",
                table: "InstitutionPatrols",
                columns: new[] { "CountyCode", "OrgUnitCode", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_InstitutionStaff_CountyCode_OrgUnitCode_Name",
                table: "InstitutionStaff",
                columns: new[] { "CountyCode", "OrgUnitCode", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_MealDeliveries_CountyCode_CentreCode_TargetId_Day",
                table: "MealDeliveries",
                columns: new[] { "CountyCode", "CentreCode", "TargetId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MealDeliveries_CountyCode_Day_OrgPath_Outcome",
                table: "MealDeliveries",
                columns: new[] { "CountyCode", "Day", "OrgPath", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_MealRecipients_CountyCode_CentreCode_TargetId",
                table: "MealRecipients",
                columns: new[] { "CountyCode", "CentreCode", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MealRecipients_CountyCode_TargetId",
                table: "MealRecipients",
                columns: new[] { "CountyCode", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_MealServicePeriods_CountyCode_CentreCode_FromDay",
                table: "MealServicePeriods",
                columns: new[] { "CountyCode", "CentreCode", "FromDay" });

            migrationBuilder.CreateIndex(
                name: "IX_MealServicePeriods_CountyCode_WarningId",
                table: "MealServicePeriods",
                columns: new[] { "CountyCode", "WarningId" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonsFound_CountyCode_ClientId",
                table: "PersonsFound",
                columns: new[] { "CountyCode", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonsFound_CountyCode_Day_OrgPath_Help",
                table: "PersonsFound",
                columns: new[] { "CountyCode", "Day", "OrgPath", "Help" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonsFound_CountyCode_LeadId",
                table: "PersonsFound",
                columns: new[] { "CountyCode", "LeadId" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonsFound_CountyCode_PatrolId",
                table: "PersonsFound",
                columns: new[] { "CountyCode", "PatrolId" });

            migrationBuilder.CreateIndex(
                name: "IX_PublicLeads_CountyCode_OrgPath_Status_ReceivedAt",
                table: "PublicLeads",
                columns: new[] { "CountyCode", "OrgPath", "Status", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PublicLeads_CountyCode_Reference",
                table: "PublicLeads",
                columns: new[] { "CountyCode", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResidentDays_CountyCode_Day_OrgPath",
                table: "ResidentDays",
                columns: new[] { "CountyCode", "Day", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_ResidentDays_CountyCode_OrgUnitCode_Day",
                table: "ResidentDays",
                columns: new[] { "CountyCode", "OrgUnitCode", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StreetPatrols_CountyCode_ClientId",
                table: "StreetPatrols",
                columns: new[] { "CountyCode", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StreetPatrols_CountyCode_Day_OrgPath",
                table: "StreetPatrols",
                columns: new[] { "CountyCode", "Day", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_StreetPatrols_CountyCode_OrgPath_At",
                table: "StreetPatrols",
                columns: new[] { "CountyCode", "OrgPath", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SupplyStocks_CountyCode_OrgUnitCode_Kind_Name",
                table: "SupplyStocks",
                columns: new[] { "CountyCode", "OrgUnitCode", "Kind", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAttendances_CountyCode_StaffId",
                table: "TrainingAttendances",
                columns: new[] { "CountyCode", "StaffId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAttendances_CountyCode_TrainingId_StaffId",
                table: "TrainingAttendances",
                columns: new[] { "CountyCode", "TrainingId", "StaffId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_CountyCode_ClientId",
                table: "TrainingSessions",
                columns: new[] { "CountyCode", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_CountyCode_Day_OrgPath",
                table: "TrainingSessions",
                columns: new[] { "CountyCode", "Day", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_CountyCode_OrgUnitCode_Day",
                table: "TrainingSessions",
                columns: new[] { "CountyCode", "OrgUnitCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_WarningRevisits_CountyCode_OrgPath",
                table: "WarningRevisits",
                columns: new[] { "CountyCode", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_WarningRevisits_CountyCode_TargetId",
                table: "WarningRevisits",
                columns: new[] { "CountyCode", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_WarningRevisits_CountyCode_WarningId_TargetId",
                table: "WarningRevisits",
                columns: new[] { "CountyCode", "WarningId", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WarningRevisits_CountyCode_WorkerId",
                table: "WarningRevisits",
                columns: new[] { "CountyCode", "WorkerId" });

            migrationBuilder.CreateIndex(
                name: "IX_WeatherWarningAreas_CountyCode_OrgPath",
                table: "WeatherWarningAreas",
                columns: new[] { "CountyCode", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_WeatherWarningAreas_CountyCode_WarningId_TownshipCode",
                table: "WeatherWarningAreas",
                columns: new[] { "CountyCode", "WarningId", "TownshipCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeatherWarningAreas_WarningId",
                table: "WeatherWarningAreas",
                column: "WarningId");

            migrationBuilder.CreateIndex(
                name: "IX_WeatherWarnings_CountyCode_To",
                table: "WeatherWarnings",
                columns: new[] { "CountyCode", "To" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareActivities");

            migrationBuilder.DropTable(
                name: "DutyRoster");

            migrationBuilder.DropTable(
                name: "EmergencyPlanDocuments");

            migrationBuilder.DropTable(
                name: "EmergencyPlanTasks");

            migrationBuilder.DropTable(
                name: "EquipmentChecks");

            migrationBuilder.DropTable(
                name: "InstitutionPatrols");

            migrationBuilder.DropTable(
                name: "InstitutionStaff");

            migrationBuilder.DropTable(
                name: "MealDeliveries");

            migrationBuilder.DropTable(
                name: "MealRecipients");

            migrationBuilder.DropTable(
                name: "MealServicePeriods");

            migrationBuilder.DropTable(
                name: "PersonsFound");

            migrationBuilder.DropTable(
                name: "PublicLeads");

            migrationBuilder.DropTable(
                name: "ResidentDays");

            migrationBuilder.DropTable(
                name: "StreetPatrols");

            migrationBuilder.DropTable(
                name: "SupplyStocks");

            migrationBuilder.DropTable(
                name: "TrainingAttendances");

            migrationBuilder.DropTable(
                name: "TrainingSessions");

            migrationBuilder.DropTable(
                name: "WarningRevisits");

            migrationBuilder.DropTable(
                name: "WeatherWarningAreas");

            migrationBuilder.DropTable(
                name: "WeatherWarnings");

            migrationBuilder.DropColumn(
                name: "Bedridden",
                table: "Targets");

            migrationBuilder.DropColumn(
                name: "Heating",
                table: "Targets");

            migrationBuilder.DropColumn(
                name: "HouseAtRisk",
                table: "Targets");
        }
    }
}
