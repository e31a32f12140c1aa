using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KnockDoor.IntegrationTests;

/// <summary>The migrations of each provider build the whole model on an empty database.</summary>
public sealed class MigrationTests
{
    [Theory, BothEngines]
    public async Task Migrate_EmptyDatabase_AppliesAllMigrationsAndLeavesNoPendingModelChanges(Engine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var provider = engine == Engine.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        KnockDoor.Web.Infrastructure.Database.Configure(options, provider, database.ConnectionString);
        await using var db = new AppDbContext(options.Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes no migration covers: add a migration.");
        var expectedAssembly = engine == Engine.Sqlite ? "KnockDoor.Migrations.Sqlite" : "KnockDoor.Migrations.Postgres";
        Assert.Equal(expectedAssembly, db.GetService<IMigrationsAssembly>().Assembly.GetName().Name);

        // Every table exists and answers a query.
        Assert.Equal(0, await db.Targets.CountAsync());
        Assert.Equal(0, await db.OrgUnits.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Campaigns.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Theory, BothEngines]
    public async Task Migrate_Twice_IsANoOp(Engine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var provider = engine == Engine.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        KnockDoor.Web.Infrastructure.Database.Configure(options, provider, database.ConnectionString);

        await using (var first = new AppDbContext(options.Options))
        {
            await first.Database.MigrateAsync();
        }
        await using var second = new AppDbContext(options.Options);
        await second.Database.MigrateAsync();

        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }

    [Theory, BothEngines]
    public async Task Migrate_TargetProgress_FillsItFromTheVisitsAlreadyStored(Engine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var provider = engine == Engine.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        KnockDoor.Web.Infrastructure.Database.Configure(options, provider, database.ConnectionString);
        await using var db = new AppDbContext(options.Options);
        await db.GetService<IMigrator>().MigrateAsync("CoverageIndexes");

        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var (campaign, earlier) = (Guid.NewGuid(), Guid.NewGuid());
        Target Person(string village) => new()
        {
            Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = village, OrgPath = "14/1411/141129/141129100/" + village + "/",
            Name = TestData.Name(), IdNumber = TestData.IdNumber(), Categories = TargetCategory.LivingAlone, Status = TargetStatus.Active,
        };
        Visit Visit(Guid? targetId, Guid campaignId, VisitOutcome outcome, int finishedHoursAgo, int receivedMinutesAgo) => new()
        {
            Id = Guid.NewGuid(), CountyCode = TestData.County, CampaignId = campaignId, Kind = ChecklistKind.Household, TargetId = targetId,
            OrgUnitCode = TestData.NingxiangVillage, OrgPath = "14/1411/141129/141129100/141129100901/", VisitorName = "测试入户",
            Outcome = outcome, StartedAt = now.AddHours(-finishedHoursAgo).AddMinutes(-20), FinishedAt = now.AddHours(-finishedHoursAgo),
            ReceivedAt = now.AddMinutes(-receivedMinutesAgo), ContentHash = Guid.NewGuid().ToString("N"),
        };
        var (met, refused, unvisited) = (Person(TestData.NingxiangVillage), Person("141129100902"), Person(TestData.NingxiangVillage));
        foreach (var person in new[] { met, refused, unvisited })
        {
            await InsertAsOldSchemaAsync(db, engine, person);
        }
        db.Visits.AddRange(
            Visit(met.Id, campaign, VisitOutcome.Visited, 3, 170),
            Visit(met.Id, campaign, VisitOutcome.NobodyHome, 1, 50),
            Visit(met.Id, earlier, VisitOutcome.Refused, 900, 54000),
            Visit(refused.Id, campaign, VisitOutcome.Refused, 1, 50),
            Visit(refused.Id, campaign, VisitOutcome.NobodyHome, 3, 10),   // synced late
            Visit(null, campaign, VisitOutcome.Visited, 2, 100));          // an institution inspection
        await db.SaveChangesAsync();

        await db.Database.MigrateAsync();

        var rows = await db.TargetProgress.AsNoTracking().ToListAsync();
        Assert.Equal(3, rows.Count);
        var metNow = rows.Single(p => p.TargetId == met.Id && p.CampaignId == campaign);
        Assert.Equal((true, VisitOutcome.NobodyHome, now.AddHours(-1), 2, now.AddMinutes(-50)),
            (metNow.Visited, metNow.LastOutcome, metNow.LastVisitAt, metNow.VisitCount, metNow.UpdatedAt));
        Assert.Equal((TestData.NingxiangVillage, met.OrgPath, TargetStatus.Active, TargetCategory.LivingAlone, TestData.County),
            (metNow.OrgUnitCode, metNow.OrgPath, metNow.Status, metNow.Categories, metNow.CountyCode));
        var metBefore = rows.Single(p => p.TargetId == met.Id && p.CampaignId == earlier);
        Assert.Equal((false, VisitOutcome.Refused, 1), (metBefore.Visited, metBefore.LastOutcome, metBefore.VisitCount));
        var refusedNow = rows.Single(p => p.TargetId == refused.Id);
        Assert.Equal((false, VisitOutcome.Refused, now.AddHours(-1), 2, now.AddMinutes(-10), "141129100902"),
            (refusedNow.Visited, refusedNow.LastOutcome, refusedNow.LastVisitAt, refusedNow.VisitCount, refusedNow.UpdatedAt, refusedNow.OrgUnitCode));
    }

    [Theory, BothEngines]
    public async Task Migrate_HazardLedger_FillsCampaignCategoriesAndTheChinaDayClosed(Engine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var provider = engine == Engine.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        KnockDoor.Web.Infrastructure.Database.Configure(options, provider, database.ConnectionString);
        await using var db = new AppDbContext(options.Options);
        await db.GetService<IMigrator>().MigrateAsync("HazardLifecycle");

        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var campaign = Guid.NewGuid();
        var person = new Target
        {
            Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = TestData.NingxiangVillage, OrgPath = "14/1411/141129/141129100/141129100901/",
            Name = TestData.Name(), IdNumber = TestData.IdNumber(), Categories = TargetCategory.LivingAlone | TargetCategory.Disabled, Status = TargetStatus.Active,
        };
        var visit = new Visit
        {
            Id = Guid.NewGuid(), CountyCode = TestData.County, CampaignId = campaign, Kind = ChecklistKind.Household, TargetId = person.Id,
            OrgUnitCode = TestData.NingxiangVillage, OrgPath = person.OrgPath, VisitorName = "测试入户", Outcome = VisitOutcome.Visited,
            StartedAt = now.AddMinutes(-20), FinishedAt = now, ReceivedAt = now, ContentHash = Guid.NewGuid().ToString("N"),
        };
        await InsertAsOldSchemaAsync(db, engine, person);
        db.Visits.Add(visit);
        await db.SaveChangesAsync();

        // Stored as the HazardLifecycle schema had them (the model has moved on, so plain SQL): one verified and closed at
        // 17:30 UTC, which is the next day in China; one fixed on the spot; one still open.
        var closedAt = new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero);
        var (closed, fixedOnSpot, open) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var (id, status, at) in new[] { (closed, 5, (DateTimeOffset?)closedAt), (fixedOnSpot, 2, null), (open, 1, null) })
        {
            object? closedValue = at is null ? null
                : engine == Engine.Sqlite ? ((at.Value.Ticks / 1000) << 11) | ((long)at.Value.Offset.TotalMinutes & 0x07FF) : at.Value;
            object foundAt = engine == Engine.Sqlite ? ((now.Ticks / 1000) << 11) : now;
            var foundDay = new DateOnly(2026, 11, 30);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Hazards" ("Id", "CountyCode", "OrgUnitCode", "OrgPath", "VisitId", "TargetId", "ItemCode", "Description", "Severity", "Status",
                    "FoundBy", "FoundByName", "FoundAt", "FoundDay", "UpdatedAt", "Version", "ClosedAt")
                VALUES ({id}, {TestData.County}, {TestData.NingxiangVillage}, {person.OrgPath}, {visit.Id}, {person.Id}, 'H05', '燃气泄漏', 3, {status},
                    {Guid.NewGuid()}, '测试入户', {foundAt}, {foundDay}, {foundAt}, 1, {closedValue})
                """);
        }

        await db.Database.MigrateAsync();

        var rows = await db.Hazards.AsNoTracking().ToDictionaryAsync(h => h.Id);
        Assert.All(rows.Values, h => Assert.Equal((campaign, TargetCategory.LivingAlone | TargetCategory.Disabled), (h.CampaignId, h.Categories)));
        Assert.Equal(new DateOnly(2026, 12, 2), rows[closed].ClosedDay);
        Assert.Equal(new DateOnly(2026, 11, 30), rows[fixedOnSpot].ClosedDay);
        Assert.Null(rows[open].ClosedDay);
    }

    /// <summary>A registered person as the older schemas stored them (the model has moved on since: plain SQL of their columns).</summary>
    private static async Task InsertAsOldSchemaAsync(AppDbContext db, Engine engine, Target t)
    {
        object at = engine == Engine.Sqlite ? (t.CreatedAt.Ticks / 1000) << 11 : t.CreatedAt;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Targets" ("Id", "CountyCode", "OrgUnitCode", "OrgPath", "Name", "Categories", "IdNumber", "BirthDate", "Sex", "Status",
                "CreatedAt", "UpdatedAt", "Version")
            VALUES ({t.Id}, {t.CountyCode}, {t.OrgUnitCode}, {t.OrgPath}, {t.Name}, {(int)t.Categories}, {t.IdNumber}, {t.BirthDate}, {(int)t.Sex},
                {(int)t.Status}, {at}, {at}, 0)
            """);
    }
}
