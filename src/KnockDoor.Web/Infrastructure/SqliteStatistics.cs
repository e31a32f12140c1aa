using KnockDoor.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Infrastructure;

/// <summary>
/// SQLite keeps no planner statistics by itself: without them, or with those of a table that has since grown
/// a hundredfold, it may pick an index badly (a county's overdue hazards took 1.5 s instead of 0.5 s on 500,000
/// rows). So the file is analysed at start-up and then every few hours. A full ANALYZE of 500,000 hazards takes
/// about half a second; a sampled one (analysis_limit) gave estimates poor enough to keep the bad plans.
/// PostgreSQL's autovacuum does this by itself.
/// </summary>
public sealed class SqliteStatistics(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SqliteStatistics> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (!db.Database.IsSqlite())
                {
                    return;
                }
                await db.Database.ExecuteSqlRawAsync("ANALYZE;", stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Statistics only help the planner: a failure is logged and tried again next time.
                logger.LogWarning(e, "SQLite ANALYZE failed");
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
