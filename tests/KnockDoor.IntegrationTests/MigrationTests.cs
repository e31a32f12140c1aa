using KnockDoor.Core.Data;
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
}
