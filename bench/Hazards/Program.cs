// Hazard benchmark: a province-sized hazard ledger (500,000 hazards over 100 days in 100 counties) generated into
// the real schema of SQLite and PostgreSQL, then the hazard views timed on it. `seed` and `measure` are separate
// commands, so the data is made once and measured many times; new measurements (the ledger page, the export) are one
// entry in Measurements.All. See bench/README.md.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Bench;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Hazards;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnockDoor.Bench.Hazards;

internal static class Entry
{
    private const string PgDatabase = "kd_bench_hazards";
    private const string PgExportDatabase = "kd_bench_hazards_export";

    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "all";
        // The export set is another database: one county (the demo county) with 500,000 hazards, so the province stays.
        var exportSet = command.StartsWith("export", StringComparison.Ordinal);
        var options = Options.Parse(args.Skip(1).ToArray(), exportSet);
        var pgDatabase = exportSet ? PgExportDatabase : PgDatabase;
        command = command switch { "export-seed" => "seed", "export-drop" => "drop", "export-all" => "all", _ => command };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(40));
        var ct = deadline.Token;
        Console.WriteLine($"KnockDoor hazard benchmark: {command}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var targets = new List<(string Engine, string Provider, string ConnectionString)>
        {
            ("SQLite", "sqlite", $"Data Source={options.SqliteFile}"),
        };
        var pgBase = Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_PG");
        if (!string.IsNullOrEmpty(pgBase))
        {
            targets.Add(("PostgreSQL", "postgres", new NpgsqlConnectionStringBuilder(pgBase) { Database = pgDatabase }.ConnectionString));
        }
        foreach (var (engine, provider, cs) in targets)
        {
            if (options.Engine is { } only && !string.Equals(only, provider, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (command is "seed" or "all")
            {
                await DropAsync(provider, options.SqliteFile, pgBase, pgDatabase, ct);
                await CreateAsync(provider, pgBase, pgDatabase, ct);
                await Seeder.SeedAsync(engine, provider, cs, options, ct);
            }
            if (command is "measure" or "all")
            {
                if (exportSet)
                {
                    await ExportMeasurement.RunAsync(engine, provider, cs, options, ct);
                }
                else
                {
                    await Measurements.RunAsync(engine, provider, cs, options, ct);
                }
            }
            if (command is "export")
            {
                await ExportMeasurement.RunAsync(engine, provider, cs, options, ct);
            }
            if (command is "drop")
            {
                await DropAsync(provider, options.SqliteFile, pgBase, pgDatabase, ct);
                Console.WriteLine($"{engine}: dropped");
            }
        }
        return 0;
    }

    private static async Task CreateAsync(string provider, string? pgBase, string pgDatabase, CancellationToken ct)
    {
        if (provider != "postgres")
        {
            return;
        }
        await using var admin = new NpgsqlConnection(pgBase);
        await admin.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {pgDatabase}", admin);
        await create.ExecuteNonQueryAsync(ct);
    }

    private static async Task DropAsync(string provider, string sqliteFile, string? pgBase, string pgDatabase, CancellationToken ct)
    {
        if (provider == "sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqliteFile + suffix);
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(pgBase);
        await admin.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {pgDatabase} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Sizes and where the data lives; the same options for seed and measure.</summary>
internal sealed record Options(int Hazards, int Days, int Counties, int Townships, int Villages, int Runs, string SqliteFile, string? Engine, string[] Only)
{
    /// <summary>The options; for the export set (`export-seed`, `export`) other defaults: one county, 500,000 hazards, another file.</summary>
    public static Options Parse(string[] args, bool exportSet = false)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }
        int Int(string name, int fallback) => map.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(Int("hazards", 500_000), Int("days", 100), Int("counties", exportSet ? 1 : 100), Int("townships", 10), Int("villages", 10),
            Int("runs", exportSet ? 3 : 20),
            map.GetValueOrDefault("sqlite") ?? Path.Combine(Path.GetTempPath(), exportSet ? "knockdoor-bench-hazards-export.db" : "knockdoor-bench-hazards.db"),
            map.GetValueOrDefault("engine"),
            map.TryGetValue("only", out var only) ? only.Split(',') : []);
    }
}

/// <summary>The hazard benchmark's statistics refresh on the app it starts.</summary>
internal static class BenchStatistics
{
    /// <summary>
    /// Statistics as after `seed`, also for indexes that a migration added since (SQLite keeps none of its own, and
    /// PostgreSQL's autovacuum would take its time): otherwise a new index has none while the old ones have some.
    /// </summary>
    public static async Task AnalyzeAsync(WebApplicationFactory<global::Program> factory, string provider, CancellationToken ct)
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("ANALYZE", ct);
    }
}

/// <summary>
/// The province: the demo county (its real townships and demo villages) and counties 990001… (synthetic codes that
/// no real county has), each with townships × villages; one active campaign per county that began Days−1 days ago.
/// Hazards are spread evenly over the counties and at random over their villages and the days, with a fixed seed.
/// </summary>
internal static class Seeder
{
    public const string DemoCounty = "141129";

    public static string CountyCode(int i) => i == 0 ? DemoCounty : "99" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static async Task SeedAsync(string engine, string provider, string cs, Options o, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var factory = BenchApp.Start(provider, cs);
        Console.WriteLine($"{engine}: migrated and demo county seeded in {clock.Elapsed.TotalSeconds:F1} s");
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var today = ChinaTime.Today(TimeProvider.System);
        var start = today.AddDays(-(o.Days - 1));
        var now = DateTimeOffset.UtcNow;

        var units = new List<OrgUnit>();
        var campaigns = new List<Campaign>();
        var demoCampaign = await CampaignEndpoints.CurrentAsync(db, DemoCounty, ct) ?? throw new InvalidOperationException("No demo campaign.");
        for (var c = 1; c < o.Counties; c++)
        {
            var county = CountyCode(c);
            var countyPath = "/" + county + "/";
            units.Add(new OrgUnit { Code = county, Name = $"测试{c}县", Kind = OrgUnitKind.County, Path = countyPath, CountyCode = county, CreatedAt = now });
            for (var t = 1; t <= o.Townships; t++)
            {
                var township = county + t.ToString("D3", CultureInfo.InvariantCulture);
                var townshipPath = OrgUnit.ChildPath(countyPath, township);
                units.Add(new OrgUnit { Code = township, Name = $"测试{c}县{t}镇", Kind = OrgUnitKind.Township, ParentCode = county, Path = townshipPath, CountyCode = county, CreatedAt = now });
                for (var v = 1; v <= o.Villages; v++)
                {
                    var village = township + v.ToString("D3", CultureInfo.InvariantCulture);
                    units.Add(new OrgUnit
                    {
                        Code = village, Name = $"测试{t}镇{v}村", Kind = OrgUnitKind.Village, ParentCode = township,
                        Path = OrgUnit.ChildPath(townshipPath, village), CountyCode = county, CreatedAt = now,
                    });
                }
            }
            campaigns.Add(new Campaign
            {
                Id = Guid.NewGuid(), CountyCode = county, Name = "测试敲门行动", DocumentNumber = $"测〔{c}〕1号", ReportMailbox = "bench@example.org",
                MobilisationStart = start, MobilisationEnd = start.AddDays(2), InspectionStart = start.AddDays(2), InspectionEnd = start.AddDays(100),
                SummaryStart = start.AddDays(101), SummaryEnd = start.AddDays(110), IsActive = true, UpdatedAt = now,
            });
        }
        // The demo county's campaign is moved to the same start, so that every county has the same days.
        await db.Campaigns.Where(c => c.Id == demoCampaign.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MobilisationStart, start), ct);
        var demoVillages = await db.OrgUnits.AsNoTracking().Where(u => u.CountyCode == DemoCounty && u.Kind == OrgUnitKind.Village).ToListAsync(ct);
        var villagesByCounty = new List<(string County, Guid Campaign, List<OrgUnit> Villages)> { (DemoCounty, demoCampaign.Id, demoVillages) };
        for (var c = 1; c < o.Counties; c++)
        {
            var county = CountyCode(c);
            villagesByCounty.Add((county, campaigns[c - 1].Id, units.Where(u => u.CountyCode == county && u.Kind == OrgUnitKind.Village).ToList()));
        }
        var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin", ct);

        clock.Restart();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await BulkInsert.InsertAsync(db, units, ct);
            await BulkInsert.InsertAsync(db, campaigns, ct);
            await BulkInsert.InsertAsync(db, Generate(villagesByCounty, o, start, today, admin.Id), ct);
            await tx.CommitAsync(ct);
        }
        var insert = clock.Elapsed.TotalSeconds;
        clock.Restart();
        // A production database is vacuumed and analysed by autovacuum; a freshly loaded one is not yet.
        await db.Database.ExecuteSqlRawAsync(provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE", ct);
        var counts = await db.Hazards.GroupBy(h => h.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Console.WriteLine($"{engine}: {units.Count:N0} org units, {campaigns.Count + 1} campaigns, {counts.Sum(c => c.Count):N0} hazards inserted in {insert:F1} s, " +
            $"{(provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE")} {clock.Elapsed.TotalSeconds:F1} s; by status: " +
            string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Count:N0}")));
    }

    /// <summary>
    /// Statuses as a campaign's ledger looks: about half fixed on the spot, a third verified and closed within ten
    /// days, the rest pending (assigned with a deadline ahead or passed, reported fixed, escalated, open, reopened).
    /// </summary>
    private static IEnumerable<Hazard> Generate(List<(string County, Guid Campaign, List<OrgUnit> Villages)> counties, Options o, DateOnly start,
        DateOnly today, Guid finder)
    {
        var random = new Random(20241122);
        // Severity and the household's categories from a random of their own, so that the statuses stay as they were.
        var other = new Random(20241123);
        var categories = new[]
        {
            TargetCategory.None, TargetCategory.LivingAlone, TargetCategory.LivingAlone, TargetCategory.GuguaElderly | TargetCategory.LivingAlone,
            TargetCategory.Disabled, TargetCategory.LeftBehindChild, TargetCategory.ExtremePoorDispersed, TargetCategory.SickOrDisabled,
        };
        var items = new[] { ("H05", "燃气软管老化"), ("H02", "使用木炭取暖，通风不良"), ("E03", "私拉乱接电线"), ("F01", "无烟雾报警器"), ((string?)null, "屋顶积雪过厚") };
        for (var i = 0; i < o.Hazards; i++)
        {
            var (county, campaign, villages) = counties[i % counties.Count];
            var village = villages[random.Next(villages.Count)];
            var found = start.AddDays(random.Next(o.Days));
            var foundAt = ChinaTime.StartOf(found).AddMinutes(8 * 60 + random.Next(10 * 60));
            var age = today.DayNumber - found.DayNumber;
            var roll = random.Next(1000);
            HazardStatus status;
            DateOnly? closed = null;
            DateOnly? deadline = null;
            var reopened = false;
            if (roll < 500)
            {
                status = HazardStatus.FixedOnSpot;
                closed = found;
            }
            else if (roll < 850)
            {
                var after = random.Next(11);
                if (after <= age)
                {
                    status = HazardStatus.Closed;
                    closed = found.AddDays(after);
                }
                else
                {
                    status = HazardStatus.Assigned;
                    deadline = found.AddDays(after);
                }
                deadline ??= found.AddDays(Math.Max(after, 3));
            }
            else if (roll < 920)
            {
                status = HazardStatus.Assigned;
                deadline = found.AddDays(random.Next(3, 15));
            }
            else if (roll < 950)
            {
                status = HazardStatus.ReportedFixed;
                deadline = found.AddDays(random.Next(3, 15));
            }
            else if (roll < 970)
            {
                status = HazardStatus.Escalated;
                deadline = found.AddDays(7);
            }
            else
            {
                status = HazardStatus.Open;
                reopened = roll >= 990;
            }
            var (item, description) = items[random.Next(items.Length)];
            yield return new Hazard
            {
                Id = Guid.NewGuid(),
                CountyCode = county,
                OrgUnitCode = village.Code,
                OrgPath = village.Path,
                CampaignId = campaign,
                ItemCode = item,
                Description = description,
                Severity = other.Next(100) switch { < 45 => Severity.Medium, < 90 => Severity.High, _ => Severity.Critical },
                Categories = categories[other.Next(categories.Length)],
                Status = status,
                AssigneeId = deadline is null ? null : finder,
                AssigneeName = deadline is null ? null : "测试整改人",
                Deadline = deadline,
                ClosedAt = closed is { } c ? ChinaTime.StartOf(c).AddHours(17) : null,
                ClosedDay = closed,
                RevisitResult = reopened ? HazardRevisitResult.Reopened : null,
                FoundBy = finder,
                FoundByName = "测试入户",
                FoundAt = foundAt,
                FoundDay = found,
                UpdatedAt = foundAt,
                Version = 1,
            };
        }
    }
}

/// <summary>
/// The timed calls, each by name (`measure --only trend-county,trend-township`). A measurement gets a fresh DI scope
/// (a fresh DbContext) per call. To add one (the ledger page, the export), add an entry to <see cref="All"/>.
/// </summary>
internal static class Measurements
{
    public sealed record Context(IServiceProvider Services, CurrentUser County, CurrentUser Township, CurrentUser Village, HttpClient Http,
        CancellationToken Ct);

    public static readonly (string Name, string What, Func<Context, Task<object>> Call)[] All =
    [
        ("trend-county", "trend, one county (10 townships × 10 villages; service)", c => Trend(c, c.County)),
        ("trend-township", "trend, one township (service)", c => Trend(c, c.Township)),
        ("trend-village", "trend, one village (service)", c => Trend(c, c.Village)),
        ("trend-http", "GET /api/v1/hazards/trend, demo county (HTTP, in-process)", async c =>
        {
            using var response = await c.Http.GetAsync("/api/v1/hazards/trend", c.Ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(c.Ct);
        }),
        ("province-raw", "province: the two grouped queries over every county's hazards, per county and day (no province user exists)", ProvinceRaw),
        ("ledger-county", "ledger, one county, page 1 (service)", c => Ledger(c, c.County, new LedgerQuery())),
        ("ledger-county-p40", "ledger, one county, page 40 (service)", c => Ledger(c, c.County, new LedgerQuery(Page: "40"))),
        ("ledger-county-last", "ledger, one county, last page (100; service)", c => Ledger(c, c.County, new LedgerQuery(Page: "100"))),
        ("ledger-county-deadline", "ledger, one county, by deadline, page 1 (service)", c => Ledger(c, c.County, new LedgerQuery(Sort: "deadline"))),
        ("ledger-township", "ledger, one township, page 1 (service)", c => Ledger(c, c.Township, new LedgerQuery())),
        ("ledger-township-p10", "ledger, one township, page 10 (service)", c => Ledger(c, c.Township, new LedgerQuery(Page: "10"))),
        ("ledger-village", "ledger, one village, page 1 (service)", c => Ledger(c, c.Village, new LedgerQuery())),
        ("ledger-pending", "ledger, one county, pending, page 1 (service)", c => Ledger(c, c.County, new LedgerQuery(Status: [HazardLedger.PendingKey]))),
        ("ledger-pending-p15", "ledger, one county, pending, page 15 (service)",
            c => Ledger(c, c.County, new LedgerQuery(Status: [HazardLedger.PendingKey], Page: "15"))),
        ("ledger-overdue", "ledger, one county, overdue, page 1 (service)", c => Ledger(c, c.County, new LedgerQuery(Overdue: "true"))),
        ("ledger-township-overdue", "ledger, one township, overdue, page 1 (service)", c => Ledger(c, c.Township, new LedgerQuery(Overdue: "true"))),
        ("ledger-severity-category", "ledger, one county, severity High + category 独居老人, page 1 (service)",
            c => Ledger(c, c.County, new LedgerQuery(Severity: "High", Category: "LivingAlone"))),
        ("ledger-http", "GET /api/v1/hazards, demo county, page 1 (HTTP, in-process)", c => Http(c, "/api/v1/hazards")),
        ("ledger-http-p40", "GET /api/v1/hazards?p=40, demo county (HTTP)", c => Http(c, "/api/v1/hazards?p=40")),
        ("ledger-http-overdue", "GET /api/v1/hazards?overdue=true, demo county (HTTP)", c => Http(c, "/api/v1/hazards?overdue=true")),
        ("ledger-http-pending-p10", "GET /api/v1/hazards?status=pending&p=10, demo county (HTTP)", c => Http(c, "/api/v1/hazards?status=pending&p=10")),
    ];

    private static async Task<object> Ledger(Context c, CurrentUser user, LedgerQuery query)
    {
        using var scope = c.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HazardLedger>().ListAsync(user, HazardLedger.Parse(query), c.Ct);
    }

    private static async Task<object> Http(Context c, string url)
    {
        using var response = await c.Http.GetAsync(url, c.Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(c.Ct);
    }

    private static async Task<object> Trend(Context c, CurrentUser user)
    {
        using var scope = c.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HazardTrendService>().TrendAsync(user, null, null, c.Ct);
    }

    /// <summary>
    /// What a province-wide chart would cost: campaigns belong to one county and accounts to one county's tree, so the
    /// service cannot be asked for a province; these are its two statements without the campaign, cut per county.
    /// </summary>
    private static async Task<object> ProvinceRaw(Context c)
    {
        using var scope = c.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var found = await db.Hazards.AsNoTracking().GroupBy(h => new { h.CountyCode, h.FoundDay })
            .Select(g => new { g.Key.CountyCode, g.Key.FoundDay, Count = g.Count() }).ToListAsync(c.Ct);
        var closed = await db.Hazards.AsNoTracking().Where(h => h.ClosedDay != null).GroupBy(h => new { h.CountyCode, h.ClosedDay })
            .Select(g => new { g.Key.CountyCode, g.Key.ClosedDay, Count = g.Count() }).ToListAsync(c.Ct);
        return found.Count + closed.Count;
    }

    public static async Task RunAsync(string engine, string provider, string cs, Options o, CancellationToken ct)
    {
        await using var factory = BenchApp.Start(provider, cs);
        await BenchStatistics.AnalyzeAsync(factory, provider, ct);
        var county = Seeder.CountyCode(1);
        CurrentUser Officer(OrgUnit unit, Role role) => new()
        {
            Id = Guid.NewGuid(), UserName = "bench", DisplayName = "bench", Role = role, OrgUnitCode = unit.Code, OrgPath = unit.Path, CountyCode = unit.CountyCode,
        };
        Context context;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var countyUnit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == county, ct);
            var township = await db.OrgUnits.AsNoTracking().Where(u => u.ParentCode == county).OrderBy(u => u.Code).FirstAsync(ct);
            var village = await db.OrgUnits.AsNoTracking().Where(u => u.ParentCode == township.Code).OrderBy(u => u.Code).FirstAsync(ct);
            var client = factory.CreateClient();
            var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = "Demo#2024" }, ct);
            using (var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync(ct)))
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
            }
            context = new Context(factory.Services, Officer(countyUnit, Role.CountyOffice), Officer(township, Role.TownshipOfficer),
                Officer(village, Role.TownshipOfficer), client, ct);
            var hazards = await db.Hazards.CountAsync(ct);
            Console.WriteLine($"{engine}: {hazards:N0} hazards; county {county}, township {township.Code}, village {village.Code}");
        }
        var report = (HazardTrendReport)await Trend(context, context.County);
        Console.WriteLine($"  county {county}: {report.Total.Days.Count} days, found {report.Total.Found:N0}, closed {report.Total.Closed:N0}, " +
            $"pending {report.Total.Pending:N0}, overdue {report.Total.Overdue:N0}, {report.Units.Count} townships, oldest pending {report.OldestPending.Count}");
        foreach (var (what, user, query) in new[]
        {
            ("county", context.County, new LedgerQuery()), ("township", context.Township, new LedgerQuery()), ("village", context.Village, new LedgerQuery()),
            ("county pending", context.County, new LedgerQuery(Status: [HazardLedger.PendingKey])), ("county overdue", context.County, new LedgerQuery(Overdue: "true")),
            ("county High + 独居老人", context.County, new LedgerQuery(Severity: "High", Category: "LivingAlone")),
        })
        {
            var ledger = (LedgerResult)await Ledger(context, user, query);
            Console.WriteLine($"  ledger {what}: {ledger.Total:N0} rows, {(ledger.Total + HazardLedger.PageSize - 1) / HazardLedger.PageSize} pages");
        }
        foreach (var (name, what, call) in All)
        {
            if (o.Only.Length == 0 || o.Only.Contains(name))
            {
                await TimeAsync(engine, what, o.Runs, () => call(context));
            }
        }
        context.Http.Dispose();
    }

    public static async Task TimeAsync(string engine, string what, int runs, Func<Task<object>> action)
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
            $"  {engine} | {what} | median {times[times.Count / 2]:F1} ms | p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F1} ms | " +
            $"min–max {times[0]:F1}–{times[^1]:F1} ms"));
    }
}

/// <summary>
/// The export (`GET /api/v1/hazards/export.xlsx`) over in-process HTTP as the demo admin, on the export set (one county,
/// 500,000 hazards): the whole county and the township nearest 100,000 rows. Time to the last byte read, and the peaks
/// of the process's working set and GC heap sampled every 100 ms (the process holds the server and the client, which
/// reads the file into nothing). Flat memory: the 500,000-row peak is about the 100,000-row one.
/// </summary>
internal static class ExportMeasurement
{
    public static async Task RunAsync(string engine, string provider, string cs, Options o, CancellationToken ct)
    {
        await using var factory = BenchApp.Start(provider, cs);
        await BenchStatistics.AnalyzeAsync(factory, provider, ct);
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = "Demo#2024" }, ct);
        using (var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync(ct)))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        }
        List<(string Code, string? Parent, int Count)> perVillage;
        int total;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var campaign = await CampaignEndpoints.CurrentAsync(db, Seeder.DemoCounty, ct) ?? throw new InvalidOperationException("No demo campaign.");
            var counts = await db.Hazards.Where(h => h.CampaignId == campaign.Id).GroupBy(h => h.OrgUnitCode)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var parents = await db.OrgUnits.AsNoTracking().Where(u => u.CountyCode == Seeder.DemoCounty).ToDictionaryAsync(u => u.Code, u => u.ParentCode, ct);
            perVillage = [.. counts.Select(c => (c.Key, parents.GetValueOrDefault(c.Key), c.Count))];
            total = counts.Sum(c => c.Count);
        }
        var townships = perVillage.GroupBy(v => v.Parent).Select(g => (Code: g.Key!, Count: g.Sum(v => v.Count))).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        var mid = townships.OrderBy(t => Math.Abs(t.Count - 100_000)).First();
        var smallest = perVillage.OrderBy(v => v.Count).First();
        Console.WriteLine($"{engine}: {total:N0} hazards in the demo county; townships: " + string.Join(", ", townships.Select(t => $"{t.Code} {t.Count:N0}")));
        // The ledger page of this one large county (all of it in one campaign), as the demo admin sees it.
        foreach (var (what, url) in new[]
        {
            ("page 1", "/api/v1/hazards"), ("page 40", "/api/v1/hazards?p=40"), ("overdue", "/api/v1/hazards?overdue=true"),
            ("pending, page 10", "/api/v1/hazards?status=pending&p=10"), ($"township {mid.Code}, page 1", $"/api/v1/hazards?orgUnit={mid.Code}"),
        })
        {
            await Measurements.TimeAsync(engine, $"GET /api/v1/hazards, {total:N0}-hazard county, {what} (HTTP)", Math.Max(o.Runs, 5), async () =>
            {
                using var response = await client.GetAsync(url, ct);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(ct);
            });
        }
        await ExportAsync(client, $"/api/v1/hazards/export.xlsx?orgUnit={smallest.Code}", ct); // warm-up
        foreach (var (what, rows, url) in new[]
        {
            ($"township {mid.Code}", mid.Count, $"/api/v1/hazards/export.xlsx?orgUnit={mid.Code}"),
            ("county", total, "/api/v1/hazards/export.xlsx"),
        })
        {
            for (var i = 0; i < o.Runs; i++)
            {
                var r = await ExportAsync(client, url, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {engine} | export {what}, {rows:N0} rows | {r.Seconds:F2} s | {r.Bytes / 1e6:F1} MB file | working set {r.WsBefore / 1e6:F0} → peak {r.WsPeak / 1e6:F0} MB | " +
                    $"GC heap {r.HeapBefore / 1e6:F0} → peak {r.HeapPeak / 1e6:F0} MB | allocated {r.Allocated / 1e9:F2} GB"));
            }
        }
    }

    private sealed record Result(double Seconds, long Bytes, long WsBefore, long WsPeak, long HeapBefore, long HeapPeak, long Allocated);

    private static async Task<Result> ExportAsync(HttpClient client, string url, CancellationToken ct)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var wsBefore = process.WorkingSet64;
        var heapBefore = GC.GetTotalMemory(false);
        var allocated = GC.GetTotalAllocatedBytes();
        long wsPeak = wsBefore, heapPeak = heapBefore;
        var gate = new object();
        void Sample()
        {
            lock (gate)
            {
                process.Refresh();
                wsPeak = Math.Max(wsPeak, process.WorkingSet64);
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
            }
        }
        var sw = Stopwatch.StartNew();
        long bytes;
        using (new Timer(_ => Sample(), null, 100, 100))
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[81920];
            bytes = 0;
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                bytes += n;
            }
        }
        var seconds = sw.Elapsed.TotalSeconds;
        Sample();
        return new Result(seconds, bytes, wsBefore, wsPeak, heapBefore, heapPeak, GC.GetTotalAllocatedBytes() - allocated);
    }
}
