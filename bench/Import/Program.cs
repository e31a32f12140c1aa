// Import benchmark: a 100,000-row roster through the real app (Kestrel on loopback, fresh SQLite database,
// demo county without people), against the floor of just reading the same file with MiniExcel and
// bulk-inserting its rows with the same insert path and no checks. See bench/README.md.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Npgsql;

namespace KnockDoor.Bench.Import;

internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 5 && args[0] == Bench.AppRoundCommand)
        {
            // A child process: one import through a freshly started app, so that its peak memory is its own.
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var run = await Bench.RunAppAsync(Enum.Parse<DatabaseProvider>(args[1]), args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), limit.Token);
            Console.WriteLine(Bench.ResultPrefix + JsonSerializer.Serialize(run));
            return 0;
        }
        var rowCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var pgBase = Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_PG");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var ct = deadline.Token;
        var work = Path.Combine(Path.GetTempPath(), "knockdoor-bench-import-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        Console.WriteLine($"KnockDoor import benchmark: {rowCount:N0} rows, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        try
        {
            await Bench.RoundsAsync("SQLite", rounds, i => Task.FromResult($"Data Source={Path.Combine(work, $"app{i}.db")}"),
                i => Task.FromResult($"Data Source={Path.Combine(work, $"baseline{i}.db")}"), DatabaseProvider.Sqlite, work, rowCount, ct);
            if (!string.IsNullOrEmpty(pgBase))
            {
                var created = new List<string>();
                try
                {
                    async Task<string> Fresh(int _)
                    {
                        var db = await Bench.CreatePgDatabaseAsync(pgBase, ct);
                        created.Add(db);
                        return db;
                    }
                    await Bench.RoundsAsync("PostgreSQL", rounds, Fresh, Fresh, DatabaseProvider.Postgres, work, rowCount, ct);
                }
                finally
                {
                    foreach (var db in created)
                    {
                        await Bench.DropPgDatabaseAsync(pgBase, db);
                    }
                }
            }
            return 0;
        }
        finally
        {
            SqliteCleanup.ClearPools();
            Directory.Delete(work, recursive: true);
        }
    }
}

internal sealed record AppRun(string File, long FileBytes, int Imported, TimeSpan Elapsed, long PeakBytes, long PeakBeforeBytes);

internal sealed record BaselineRun(int Inserted, TimeSpan Elapsed, TimeSpan Reading);

internal static class SqliteCleanup
{
    public static void ClearPools() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}

internal static class Bench
{
    public const string AppRoundCommand = "app-round";
    public const string WarmUpFileName = "warm-up.xlsx";
    public const int WarmUpRows = 20_000;
    public const string ResultPrefix = "RESULT ";

    /// <summary>Runs <see cref="RunAppAsync"/> in a child process of this program and reads its result line.</summary>
    private static async Task<AppRun> RunAppInChildAsync(DatabaseProvider provider, string connectionString, string work, int rowCount, CancellationToken ct)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Bench).Assembly.Location);
        }
        foreach (var a in new[] { AppRoundCommand, provider.ToString(), connectionString, work, rowCount.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app round.");
        using var kill = ct.Register(() => child.Kill(entireProcessTree: true));
        AppRun? result = null;
        while (await child.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<AppRun>(line[ResultPrefix.Length..]);
            }
            else if (line.StartsWith("generated", StringComparison.Ordinal) || line.Contains("100000 rows", StringComparison.Ordinal))
            {
                Console.WriteLine(line);
            }
        }
        await child.WaitForExitAsync(ct);
        return result ?? throw new InvalidOperationException($"The app round failed (exit code {child.ExitCode}).");
    }

    /// <summary>Alternates import and baseline, each on a fresh database, so that noise from the machine hits both alike; reports medians.</summary>
    public static async Task RoundsAsync(string engine, int rounds, Func<int, Task<string>> appDb, Func<int, Task<string>> baselineDb,
        DatabaseProvider provider, string work, int rowCount, CancellationToken ct)
    {
        var apps = new List<AppRun>();
        var baselines = new List<BaselineRun>();
        for (var i = 0; i < rounds; i++)
        {
            var app = await RunAppInChildAsync(provider, await appDb(i), work, rowCount, ct);
            if (i == 0)
            {
                await RunBaselineAsync(provider, await baselineDb(-1), Path.Combine(work, WarmUpFileName), ct);
            }
            var baseline = await RunBaselineAsync(provider, await baselineDb(i), app.File, ct);
            apps.Add(app);
            baselines.Add(baseline);
            Console.WriteLine($"{engine} round {i + 1}: import {app.Elapsed.TotalSeconds:F2} s (peak {app.PeakBytes / 1048576.0:F0} MB, {app.PeakBeforeBytes / 1048576.0:F0} MB before), " +
                $"baseline {baseline.Elapsed.TotalSeconds:F2} s (read {baseline.Reading.TotalSeconds:F2} s + insert {(baseline.Elapsed - baseline.Reading).TotalSeconds:F2} s)");
        }
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        var import = Median(apps.Select(a => a.Elapsed.TotalSeconds));
        var floor = Median(baselines.Select(b => b.Elapsed.TotalSeconds));
        // Each round's import and baseline run back to back, so their ratio is the figure least disturbed by other load.
        var ratio = Median(apps.Zip(baselines, (a, b) => a.Elapsed.TotalSeconds / b.Elapsed.TotalSeconds));
        Console.WriteLine();
        Console.WriteLine($"== {engine}, {rounds} rounds ==");
        Console.WriteLine($"file: {apps[0].FileBytes / 1048576.0:F1} MB, {rowCount:N0} rows; every import stored {apps.Min(a => a.Imported):N0} rows");
        Console.WriteLine($"import (HTTP POST mode=all: upload, read, check, store, audit): median {import:F2} s, best {apps.Min(a => a.Elapsed.TotalSeconds):F2} s");
        Console.WriteLine($"peak working set of the app process during an import (VmHWM; one fresh process per round, holding the server and its HTTP client): highest {apps.Max(a => a.PeakBytes) / 1048576.0:F0} MB, of which {apps.Max(a => a.PeakBeforeBytes) / 1048576.0:F0} MB or less before the request");
        Console.WriteLine($"baseline (MiniExcel read + the same bulk insert, no checks): median {floor:F2} s, best {baselines.Min(b => b.Elapsed.TotalSeconds):F2} s");
        Console.WriteLine($"ratio import / baseline: median of the rounds' ratios {ratio:F2}; best against best {apps.Min(a => a.Elapsed.TotalSeconds) / baselines.Min(b => b.Elapsed.TotalSeconds):F2}");
    }

    public static async Task<AppRun> RunAppAsync(DatabaseProvider provider, string connectionString, string work, int rowCount, CancellationToken ct)
    {
        KnockDoor.Bench.BenchHost.UseWebContentRoot();
        await using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres");
            b.UseSetting("ConnectionStrings:Default", connectionString);
            b.UseSetting("Demo:Enabled", "true");
            b.UseSetting("Demo:Targets", "0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Logging:LogLevel:KnockDoor.Web.Features.Targets.TargetImporter", "Information");
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);

        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = "Demo#2024" }, ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var units = await client.GetFromJsonAsync<JsonElement>("/api/v1/org-units", ct);
        var townships = units.EnumerateArray().Where(u => u.GetProperty("kind").GetString() == "Township")
            .ToDictionary(u => u.GetProperty("code").GetString()!, u => u.GetProperty("name").GetString()!);
        var villages = units.EnumerateArray().Where(u => u.GetProperty("kind").GetString() == "Village")
            .Select(u => (Township: townships[u.GetProperty("parentCode").GetString()!], Village: u.GetProperty("name").GetString()!)).ToList();

        var file = Path.Combine(work, "roster.xlsx");
        var warmUpFile = Path.Combine(work, WarmUpFileName);
        if (!File.Exists(file))
        {
            var generate = Stopwatch.StartNew();
            Roster.Write(file, rowCount, villages, warmUp: false);
            Roster.Write(warmUpFile, WarmUpRows, villages, warmUp: true);
            Console.WriteLine($"generated {rowCount:N0} rows over {villages.Count} villages in {generate.Elapsed.TotalSeconds:F1} s");
        }

        // A server that has imported before: the code on the import path is compiled and optimised, as it is in
        // the baseline's process after its own warm-up. The warm-up's people differ from the roster's.
        using (var warmUp = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(warmUpFile, ct)), "file", "warm-up.xlsx" },
            { new StringContent("all"), "mode" },
        })
        {
            using var warmed = await client.PostAsync("/api/v1/targets/import", warmUp, ct);
            warmed.EnsureSuccessStatusCode();
        }

        // The roster's generation is not the import's: give back its memory before the peak is reset.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var before = Memory.ResetPeak();
        var watch = Stopwatch.StartNew();
        await using var stream = File.OpenRead(file);
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(stream) { Headers = { ContentType = new MediaTypeHeaderValue(TargetImportEndpoints.XlsxContentType) } }, "file", "服务对象名册.xlsx" },
            { new StringContent("all"), "mode" },
        };
        using var response = await client.PostAsync("/api/v1/targets/import", form, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        watch.Stop();
        var peak = Memory.Peak();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        }
        var imported = JsonDocument.Parse(body).RootElement.GetProperty("imported").GetInt32();
        return new AppRun(file, new FileInfo(file).Length, imported, watch.Elapsed, peak, before);
    }

    /// <summary>The floor: read the same file and insert its rows as they are, through the same insert path.</summary>
    public static async Task<BaselineRun> RunBaselineAsync(DatabaseProvider provider, string connectionString, string file, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        Database.Configure(options, provider, connectionString);
        await using var db = new AppDbContext(options.Options);
        await db.Database.MigrateAsync(ct);
        if (provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var rows = new List<Target>(128 * 1024);
        await using (var stream = File.OpenRead(file))
        {
            var header = false;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false))
            {
                if (!header)
                {
                    header = row.TryGetValue("C", out var h) && h as string == RosterColumns.Name;
                    continue;
                }
                var id = row["D"] as string ?? "";
                rows.Add(new Target
                {
                    Id = Guid.CreateVersion7(now),
                    CountyCode = "141129",
                    OrgUnitCode = "141129100901",
                    OrgPath = "14/1411/141129/141129100/141129100901/",
                    Name = row["C"] as string ?? "",
                    Categories = TargetCategory.LivingAlone,
                    IdNumber = id,
                    BirthDate = new DateOnly(1950, 1, 2),
                    Sex = Sex.Male,
                    Phone = row["G"] as string,
                    Address = row["H"] as string,
                    Household = row["I"] as string,
                    GuardianName = row["J"] as string,
                    GuardianPhone = row["K"] as string,
                    Notes = row["O"] as string,
                    Status = TargetStatus.Active,
                    CreatedAt = now,
                    UpdatedAt = now,
                    Version = 1,
                });
            }
        }
        var reading = watch.Elapsed;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var inserted = await TargetBulkInsert.InsertAsync(db, rows, null, ct);
        await transaction.CommitAsync(ct);
        watch.Stop();
        return new BaselineRun(inserted, watch.Elapsed, reading);
    }

    public static async Task<string> CreatePgDatabaseAsync(string baseConnectionString, CancellationToken ct)
    {
        var name = "kd_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(baseConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropPgDatabaseAsync(string baseConnectionString, string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Peak resident memory of this process, from /proc (Linux).</summary>
internal static class Memory
{
    /// <summary>Resets VmHWM to the current resident size (Linux 4.0+: writing 5 to clear_refs) and returns it.</summary>
    public static long ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Without the reset the peak includes the roster's generation; the figure printed says "before".
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Peak();
    }

    public static long Peak()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}

/// <summary>A roster as a county office would fill it: a title row, the template's header, one person per row.</summary>
internal static class Roster
{
    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
    private const string Given = "秀英桂兰玉珍凤华建国志强明文军平德福春梅海燕丽红霞金花保林永生忠贵宝成荣翠莲巧云小宇浩然子涵梓萱欣怡一诺俊杰晨曦佳怡";
    private static readonly string[] Categories = ["孤寡老人、独居老人", "独居老人", "半失能、独居", "失能", "特困人员", "病残人员、孤寡老人", "留守儿童", "困境儿童", "孤儿", "特困人员(集中)"];

    /// <param name="warmUp">A small file of other people (adults born in the 1970s, whom the roster does not have).</param>
    public static void Write(string path, int count, IReadOnlyList<(string Township, string Village)> villages, bool warmUp)
    {
        using var stream = File.Create(path);
        MiniExcel.SaveAs(stream, Rows(count, villages, warmUp), printHeader: false);
    }

    private static readonly string[] Keys = RosterColumns.Template.Select((_, i) => ((char)('A' + i)).ToString()).ToArray();

    private static IEnumerable<Dictionary<string, object?>> Rows(int count, IReadOnlyList<(string Township, string Village)> villages, bool warmUp)
    {
        Dictionary<string, object?> Row(Func<int, object?> cell) => Keys.Select((k, i) => (k, cell(i))).ToDictionary(x => x.k, x => x.Item2);
        yield return Row(i => i == 0 ? "中阳县2024—2025年度冬季安全“敲门行动”服务对象名册" : null);
        yield return Row(i => RosterColumns.Template[i]);
        var random = new Random(warmUp ? 7 : 2024);
        var used = new HashSet<string>(count);
        for (var n = 0; n < count; n++)
        {
            var (township, village) = villages[random.Next(villages.Count)];
            var category = Categories[random.Next(warmUp ? 6 : Categories.Length)];
            var child = category is "留守儿童" or "困境儿童" or "孤儿";
            var birth = warmUp
                ? new DateOnly(1970 + random.Next(10), 1 + random.Next(12), 1 + random.Next(28))
                : child
                ? new DateOnly(2009 + random.Next(14), 1 + random.Next(12), 1 + random.Next(28))
                : new DateOnly(1928 + random.Next(37), 1 + random.Next(12), 1 + random.Next(28));
            string id;
            do
            {
                var first17 = string.Create(CultureInfo.InvariantCulture, $"141129{birth:yyyyMMdd}{random.Next(1000):000}");
                id = first17 + IdNumbers.CheckDigit(first17);
            }
            while (!used.Add(id));
            var surname = Surnames[random.Next(Surnames.Length)].ToString();
            var name = surname + Given[random.Next(Given.Length)] + (random.Next(3) == 0 ? "" : Given[random.Next(Given.Length)].ToString());
            var gps = random.Next(4) == 0;
            object?[] cells =
            [
                township,
                village,
                name,
                id,
                category,
                category == "特困人员" ? "分散供养" : null,
                random.Next(5) == 0 ? null : "1" + (35 + random.Next(55)).ToString(CultureInfo.InvariantCulture) + random.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture),
                $"{village}{1 + random.Next(8)}组{1 + random.Next(60)}号",
                child ? surname + "某（祖父母）" : name,
                child ? surname + "某" : null,
                child ? "13" + random.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture) : null,
                gps ? Math.Round(111.1 + random.NextDouble() * 0.3, 5) : null,
                gps ? Math.Round(37.2 + random.NextDouble() * 0.3, 5) : null,
                random.Next(3) == 0 ? birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                random.Next(10) == 0 ? "2024年新增" : null,
            ];
            yield return Row(i => cells[i]);
        }
    }
}
