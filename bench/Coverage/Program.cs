// Coverage benchmark: a county with 100,000 people and 300,000 visits, bulk-inserted into a fresh database of
// the real app (demo county, no demo people) with the people's campaign progress computed from them, then the
// coverage report timed through the same service the endpoint uses, and over HTTP. See bench/README.md.
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Coverage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnockDoor.Bench.Coverage;

internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        var targets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var visits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var ct = deadline.Token;
        var work = Path.Combine(Path.GetTempPath(), "knockdoor-bench-coverage-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        Console.WriteLine($"KnockDoor coverage benchmark: {targets:N0} targets, {visits:N0} visits, {runs} timed runs, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        try
        {
            await Bench.RunAsync("SQLite", "sqlite", $"Data Source={Path.Combine(work, "coverage.db")}", targets, visits, runs, ct);
            var pgBase = Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_PG");
            if (!string.IsNullOrEmpty(pgBase))
            {
                var name = "kd_bench_cov_" + Guid.NewGuid().ToString("N")[..10];
                await using (var admin = new NpgsqlConnection(pgBase))
                {
                    await admin.OpenAsync(ct);
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                    await create.ExecuteNonQueryAsync(ct);
                }
                try
                {
                    var cs = new NpgsqlConnectionStringBuilder(pgBase) { Database = name }.ConnectionString;
                    await Bench.RunAsync("PostgreSQL", "postgres", cs, targets, visits, runs, ct);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    if (Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_KEEP") is null)
                    {
                        await using var admin = new NpgsqlConnection(pgBase);
                        await admin.OpenAsync(CancellationToken.None);
                        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                        await drop.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                    else
                    {
                        Console.WriteLine("Kept database " + name);
                    }
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_KEEP") is null)
            {
                Directory.Delete(work, recursive: true);
            }
            else
            {
                Console.WriteLine("Kept " + work);
            }
        }
        return 0;
    }
}

internal static class Bench
{
    private const string County = "141129";

    public static async Task RunAsync(string engine, string provider, string connectionString, int targetCount, int visitCount, int runs, CancellationToken ct)
    {
        KnockDoor.Bench.BenchHost.UseWebContentRoot();
        await using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", provider);
            b.UseSetting("ConnectionStrings:Default", connectionString);
            b.UseSetting("Demo:Enabled", "true");
            b.UseSetting("Demo:Targets", "0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_SQL") is null ? "Warning" : "Information");
        });
        _ = factory.Server;

        var load = Stopwatch.StartNew();
        CurrentUser countyUser;
        string township;
        double rebuildSeconds;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var campaign = await CampaignEndpoints.CurrentAsync(db, County, ct) ?? throw new InvalidOperationException("No campaign.");
            var villages = await db.OrgUnits.AsNoTracking().Where(o => o.CountyCode == County && o.Kind == OrgUnitKind.Village).OrderBy(o => o.Code).ToListAsync(ct);
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin", ct);
            var county = await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Code == County, ct);
            countyUser = new CurrentUser
            {
                Id = admin.Id, UserName = "admin", DisplayName = admin.DisplayName, Role = Role.CountyOffice,
                OrgUnitCode = County, OrgPath = county.Path, CountyCode = County,
            };
            township = villages[0].ParentCode!;
            var (targetRows, visitRows) = Generate(villages, campaign.Id, admin.Id, targetCount, visitCount);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await BulkInsert.InsertAsync(db, targetRows, ct);
            await BulkInsert.InsertAsync(db, visitRows, ct);
            // The visits bypass the API, so their campaign progress is computed here, as the app would have kept it.
            var rebuild = Stopwatch.StartNew();
            await TargetProgressWriter.RebuildAsync(db, campaign.Id, ct);
            rebuildSeconds = rebuild.Elapsed.TotalSeconds;
            await tx.CommitAsync(ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
        Console.WriteLine($"{engine}: {targetCount:N0} targets and {visitCount:N0} visits over the demo villages loaded in {load.Elapsed.TotalSeconds:F1} s " +
            $"(of which {rebuildSeconds:F1} s to compute the campaign progress of every person from the visits)");

        async Task<object> Report(CurrentUser user, string? unit)
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CoverageService>().ReportAsync(user, unit, null, ct);
        }
        async Task<object> ReportCategory(CurrentUser user)
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CoverageService>().ReportAsync(user, null, TargetCategory.LivingAlone, ct);
        }
        async Task<object> Unvisited(CurrentUser user)
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CoverageService>().UnvisitedAsync(user, null, null, 1, 50, ct);
        }

        var report = (CoverageReport)await Report(countyUser, null);
        Console.WriteLine($"  county total: {report.Total.Targets:N0} targets, {report.Total.Visited:N0} visited ({report.Total.Coverage} %), " +
            $"non-contact {report.Total.NonContact.Total:N0}; {report.Units.Count} township rows");
        await TimeAsync(engine, "coverage, county (service)", runs, () => Report(countyUser, null));
        await TimeAsync(engine, "coverage, county, category 独居老人 (service)", runs, () => ReportCategory(countyUser));
        await TimeAsync(engine, "coverage, one township (service)", runs, () => Report(countyUser, township));
        await TimeAsync(engine, "unvisited, county, page 1 (service)", runs, () => Unvisited(countyUser));

        using var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = "Demo#2024" }, ct);
        using (var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync(ct)))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        }
        await TimeAsync(engine, "GET /api/v1/coverage, county (HTTP, in-process)", runs, async () =>
        {
            using var response = await client.GetAsync("/api/v1/coverage", ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(ct);
        });
    }

    private static async Task TimeAsync(string engine, string what, int runs, Func<Task<object>> action)
    {
        for (var i = 0; i < 3; i++)
        {
            await action();
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {engine} | {what} | median {times[times.Count / 2]:F1} ms | best {times[0]:F1} ms | p90 {times[(int)(times.Count * 0.9)]:F1} ms"));
    }

    private static (List<Target>, List<Visit>) Generate(List<OrgUnit> villages, Guid campaignId, Guid visitorId, int targetCount, int visitCount)
    {
        var random = new Random(20241201);
        var now = DateTimeOffset.UtcNow;
        var categories = new[] { TargetCategory.GuguaElderly, TargetCategory.LivingAlone, TargetCategory.Disabled, TargetCategory.LeftBehindChild,
            TargetCategory.ExtremePoorDispersed, TargetCategory.SickOrDisabled };
        var targets = new List<Target>(targetCount);
        for (var i = 0; i < targetCount; i++)
        {
            var village = villages[i % villages.Count];
            targets.Add(new Target
            {
                Id = Guid.NewGuid(),
                CountyCode = County,
                OrgUnitCode = village.Code,
                OrgPath = village.Path,
                Name = "测试" + i.ToString(CultureInfo.InvariantCulture),
                Categories = categories[random.Next(categories.Length)] | (random.Next(4) == 0 ? TargetCategory.LivingAlone : TargetCategory.None),
                IdNumber = "9" + i.ToString("D17", CultureInfo.InvariantCulture),
                BirthDate = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 70)),
                Sex = random.Next(2) == 0 ? Sex.Male : Sex.Female,
                Phone = "187" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                Address = "测试地址",
                Status = random.Next(50) == 0 ? TargetStatus.MovedAway : TargetStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            });
        }
        var outcomes = new[] { VisitOutcome.Visited, VisitOutcome.Visited, VisitOutcome.Visited, VisitOutcome.NobodyHome, VisitOutcome.NobodyHome,
            VisitOutcome.Refused, VisitOutcome.MovedAway, VisitOutcome.Deceased, VisitOutcome.Other };
        var visits = new List<Visit>(visitCount);
        for (var i = 0; i < visitCount; i++)
        {
            // 85 % of the people get visits (about 3.5 each); the rest none.
            var target = targets[random.Next(targetCount * 85 / 100)];
            var finished = now.AddMinutes(-random.Next(60 * 24 * 40));
            visits.Add(new Visit
            {
                Id = Guid.NewGuid(),
                CountyCode = County,
                CampaignId = campaignId,
                Kind = ChecklistKind.Household,
                TargetId = target.Id,
                OrgUnitCode = target.OrgUnitCode,
                OrgPath = target.OrgPath,
                TemplateId = Guid.Empty,
                TemplateVersion = 1,
                VisitorId = visitorId,
                VisitorName = "测试入户",
                Outcome = outcomes[random.Next(outcomes.Length)],
                StartedAt = finished.AddMinutes(-20),
                FinishedAt = finished,
                ReceivedAt = finished,
                Day = DateOnly.FromDateTime(finished.UtcDateTime),
                Answers = "[]",
                ContentHash = "bench",
            });
        }
        return (targets, visits);
    }
}
