using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnockDoor.Bench.Visits;

/// <summary>
/// Visit submissions under load: POST /api/v1/visits with a realistic body at 64 concurrent connections
/// against the app in its own process, and in the same run a baseline endpoint of that process that
/// reads the same body and inserts one row with raw ADO.NET (the floor: HTTP, JSON, one insert).
/// </summary>
public static class Bench
{
    private const string ServeCommand = "serve";
    private const string ReadyPrefix = "READY ";
    private const int Connections = 64;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ServeCommand)
        {
            await ServeAsync(args[1], args[2]);
            return 0;
        }
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"KnockDoor visits benchmark: {Connections} connections, {warmUp} s warm-up, {seconds} s measured, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        var work = Path.Combine(Path.GetTempPath(), "knockdoor-bench-visits-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            await RunEngineAsync("SQLite", "sqlite", $"Data Source={Path.Combine(work, "bench.db")}", seconds, warmUp);
            var pg = Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_PG");
            if (!string.IsNullOrWhiteSpace(pg))
            {
                var name = "kd_bench_visits_" + Guid.NewGuid().ToString("N")[..8];
                await using (var connection = new NpgsqlConnection(pg))
                {
                    await connection.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                    await create.ExecuteNonQueryAsync();
                }
                try
                {
                    await RunEngineAsync("PostgreSQL", "postgres", new NpgsqlConnectionStringBuilder(pg) { Database = name, MaxPoolSize = 100 }.ConnectionString, seconds, warmUp);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await using var connection = new NpgsqlConnection(pg);
                    await connection.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }

    private static async Task RunEngineAsync(string engine, string provider, string connectionString, int seconds, int warmUp)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Bench).Assembly.Location);
        }
        start.ArgumentList.Add(ServeCommand);
        start.ArgumentList.Add(provider);
        start.ArgumentList.Add(connectionString);
        using var app = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        try
        {
            string? ready = null;
            while (await app.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    ready = line[ReadyPrefix.Length..];
                    break;
                }
            }
            // Keep reading the app's output (a full pipe would block its logger); show the first lines of it.
            var shown = 0;
            _ = Task.Run(async () =>
            {
                while (await app.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (Interlocked.Increment(ref shown) <= 5)
                    {
                        Console.WriteLine("  app: " + line);
                    }
                }
            });
            var parts = (ready ?? throw new InvalidOperationException("The app did not start.")).Split(' ');
            var root = new Uri(parts[0]);
            var templateId = Guid.Parse(parts[1]);

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionLifetime = TimeSpan.FromHours(1) };
            using var client = new HttpClient(handler) { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
            using (var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker", password = "Demo#2024" }))
            {
                login.EnsureSuccessStatusCode();
                var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            var targets = (await client.GetFromJsonAsync<JsonElement>("/api/v1/targets?pageSize=500")).GetProperty("items")
                .EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray();
            Console.WriteLine($"{engine}: app at {root}, {targets.Length} targets of 宁乡镇 for the worker");

            // Alternate: visits, baseline, visits, baseline, so that machine noise hits both alike.
            foreach (var round in new[] { 1, 2 })
            {
                var visits = await LoadAsync(app, client, "/api/v1/visits", () => VisitBody(templateId, targets), seconds, warmUp);
                Console.WriteLine($"{engine} round {round} visits:   {visits}");
                var baseline = await LoadAsync(app, client, "/bench/baseline", () => VisitBody(templateId, targets), seconds, warmUp);
                Console.WriteLine($"{engine} round {round} baseline: {baseline}");
            }
            // Where the time goes: the same pipeline with sign-in checks and one small read, no visit.
            var read = await LoadAsync(app, client, "/api/v1/campaigns/current", () => "", seconds, warmUp, HttpMethod.Get);
            Console.WriteLine($"{engine} signed-in GET /api/v1/campaigns/current: {read}");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    /// <summary>One load: successful requests, latencies, and the app process's CPU time per request (all cores).</summary>
    private sealed record LoadResult(int Requests, int Errors, double Seconds, double P50, double P99, double ServerCpuMs)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Requests / Seconds,8:F0} req/s  p50 {P50,6:F1} ms  p99 {P99,6:F1} ms  app CPU {ServerCpuMs / Math.Max(1, Requests),5:F2} ms/req  ({Requests} ok, {Errors} errors in {Seconds:F1} s)");
    }

    private static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static async Task<LoadResult> LoadAsync(Process app, HttpClient client, string path, Func<string> body, int seconds, int warmUp, HttpMethod? method = null)
    {
        var measuring = false;
        var stop = false;
        var latencies = new List<double>[Connections];
        var errors = new int[Connections];
        var workers = Enumerable.Range(0, Connections).Select(n => Task.Run(async () =>
        {
            var mine = latencies[n] = new List<double>(100_000);
            while (!Volatile.Read(ref stop))
            {
                using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path);
                if (request.Method == HttpMethod.Post)
                {
                    request.Content = new StringContent(body(), Encoding.UTF8, "application/json");
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.LoadIntoBufferAsync();
                    var ok = response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK;
                    if (Volatile.Read(ref measuring))
                    {
                        if (ok)
                        {
                            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                        else
                        {
                            errors[n]++;
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    errors[n]++;
                }
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmUp));
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        var cpuBefore = CpuOf(app);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (CpuOf(app) - cpuBefore).TotalMilliseconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))];
        return new LoadResult(all.Length, errors.Sum(), elapsed, Percentile(0.50), Percentile(0.99), cpu);
    }

    private const string Signature = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    /// <summary>A visit as the phone sends it: header, 22 answers, two hazards (H04, W02), a signature, no photo.</summary>
    private static string VisitBody(Guid templateId, string[] targets)
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var definition = Household;
        var answers = definition.AllItems.Select(i => new
        {
            code = i.Code,
            answer = i.Code is "H04" or "W02" ? i.HazardIf!.Value.ToString() : i.HazardIf == HazardAnswer.Yes ? "No" : "Yes",
            fixedOnSpot = i.Code == "W02",
            note = i.Code == "H04" ? "客厅插座线路老化，已告知更换" : null,
        }).ToList();
        return JsonSerializer.Serialize(new
        {
            id = Guid.NewGuid(),
            kind = "Household",
            targetId = targets[Random.Shared.Next(targets.Length)],
            templateId,
            outcome = "Visited",
            startedAt = now.AddMinutes(-22),
            finishedAt = now.AddMinutes(-1),
            latitude = 37.3571,
            longitude = 111.1834,
            accuracyMeters = 15.0,
            header = new Dictionary<string, string>
            {
                ["placeName"] = "张某某家",
                ["address"] = "宁乡演示一村二组 12 号",
                ["floors"] = "1",
                ["residents"] = "2",
                ["vulnerableResidents"] = "1",
                ["placeKind"] = "居民住宅",
                ["structure"] = "砖混结构",
            },
            answers,
            otherHazards = Array.Empty<object>(),
            tasks = "三日内复查线路更换情况",
            signaturePng = Signature,
            signerName = "张某某",
            leafletsHandedOut = 2,
            peopleReached = 2,
            appVersion = "1.0.0",
        });
    }

    private static readonly ChecklistDefinition Household = DefaultTemplates.Household();

    /// <summary>The app process: the real app on Kestrel (127.0.0.1, a free port), plus the baseline endpoint that exists only here.</summary>
    private static async Task ServeAsync(string provider, string connectionString)
    {
        KnockDoor.Bench.BenchHost.UseWebContentRoot();
        await using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", provider);
            b.UseSetting("ConnectionStrings:Default", connectionString);
            b.UseSetting("Demo:Enabled", "true");
            b.UseSetting("Demo:Targets", "200");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new BaselineEndpoint(provider, connectionString)));
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        Guid templateId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            templateId = await db.ChecklistTemplates.Where(t => t.Kind == ChecklistKind.Household && t.IsCurrent).Select(t => t.Id).FirstAsync();
            await db.Database.ExecuteSqlRawAsync(provider == "sqlite"
                ? "CREATE TABLE bench_baseline (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, body TEXT NOT NULL)"
                : "CREATE TABLE bench_baseline (id uuid PRIMARY KEY, received_at timestamptz NOT NULL, body text NOT NULL)");
        }
        using var client = factory.CreateClient();
        Console.WriteLine($"{ReadyPrefix}{client.BaseAddress} {templateId}");
        // Serve until the parent kills the process.
        await Task.Delay(Timeout.Infinite);
    }

    /// <summary>POST /bench/baseline: read the body as JSON, insert one row with raw ADO.NET. No auth, no checks, no EF.</summary>
    private sealed class BaselineEndpoint(string provider, string connectionString) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/baseline", b => b.Run(async http =>
            {
                using var json = await JsonDocument.ParseAsync(http.Request.Body);
                var id = json.RootElement.GetProperty("id").GetGuid();
                var body = json.RootElement.GetRawText();
                if (provider == "sqlite")
                {
                    await using var connection = new SqliteConnection(connectionString);
                    await connection.OpenAsync();
                    await using (var pragma = connection.CreateCommand())
                    {
                        pragma.CommandText = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
                        await pragma.ExecuteNonQueryAsync();
                    }
                    await using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO bench_baseline (id, received_at, body) VALUES ($id, $at, $body)";
                    insert.Parameters.AddWithValue("$id", id.ToString());
                    insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcTicks);
                    insert.Parameters.AddWithValue("$body", body);
                    await insert.ExecuteNonQueryAsync();
                }
                else
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var insert = new NpgsqlCommand("INSERT INTO bench_baseline (id, received_at, body) VALUES ($1, $2, $3)", connection);
                    insert.Parameters.AddWithValue(id);
                    insert.Parameters.AddWithValue(DateTimeOffset.UtcNow);
                    insert.Parameters.AddWithValue(body);
                    await insert.ExecuteNonQueryAsync();
                }
                http.Response.StatusCode = StatusCodes.Status201Created;
            }));
            next(app);
        };
    }
}
