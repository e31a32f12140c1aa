using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests;

/// <summary>The SQLite file gets planner statistics without anyone running ANALYZE by hand.</summary>
public sealed class SqliteStatisticsTests
{
    [Fact]
    public async Task Start_OnSqlite_AnalysesTheFile()
    {
        await using var app = new KdApp(await TestDatabase.CreateAsync(Engine.Sqlite));
        app.Start();

        // The job runs at start-up, beside the requests: wait for it, a while at most.
        var analysed = false;
        for (var i = 0; i < 100 && !analysed; i++)
        {
            analysed = await WithDbAsync(app, async db =>
                await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync() == 1
                && await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'Targets'").SingleAsync() > 0);
            if (!analysed)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(analysed, "no statistics of the Targets table in sqlite_stat1");
    }
}
