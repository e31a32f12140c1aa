// Field app benchmark: the phone app (/field/) in Chromium over an emulated slow 3G line (400 ms latency,
// 400 kbit/s each way), against the real app on Kestrel, for a worker with 500 assigned targets: first load until
// the task list is usable, the first full sync, an incremental sync after 10 changes, and the shell's size. See
// bench/README.md.
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnockDoor.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnockDoor.Bench.Field;

internal static partial class Bench
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int BudgetBytes = 150 * 1024;
    private const int LatencyMs = 400;
    private const int BytesPerSecond = 50_000; // 400 kbit/s
    private const int Changes = 10;

    [GeneratedRegex(@"const Shell = \[(?<list>[^\]]*)\]", RegexOptions.Singleline)]
    private static partial Regex ShellList();

    [GeneratedRegex(@"'(?<url>/[^']+)'")]
    private static partial Regex Quoted();

    public static async Task<int> Main(string[] args)
    {
        var targets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"KnockDoor field app benchmark: {targets} assigned targets, {rounds} rounds, slow 3G ({LatencyMs} ms, {BytesPerSecond * 8 / 1000} kbit/s down and up), " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        if (!File.Exists(ChromiumPath))
        {
            Console.Error.WriteLine($"Chromium is needed at {ChromiumPath} (apt-get install chromium).");
            return 1;
        }

        var work = Path.Combine(Path.GetTempPath(), "knockdoor-bench-field-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            await RunAsync(Path.Combine(work, "field.db"), targets, rounds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }

    private static async Task RunAsync(string dbPath, int targets, int rounds)
    {
        BenchHost.UseWebContentRoot();
        var counter = new ByteCounter();
        await using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", "sqlite");
            b.UseSetting("ConnectionStrings:Default", $"Data Source={dbPath}");
            b.UseSetting("Demo:Enabled", "true");
            // The demo people are spread over 24 villages, 4 of them in 宁乡镇, the worker's township.
            b.UseSetting("Demo:Targets", (targets * 8).ToString(CultureInfo.InvariantCulture));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(counter));
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        using var office = factory.CreateClient();
        var root = office.BaseAddress ?? throw new InvalidOperationException("The app has no address.");
        Console.WriteLine($"app at {root}");

        await ShellSizeAsync(office);

        await SignInAsync(office, "ningxiang");
        var assigned = await AssignAsync(office, targets);
        Console.WriteLine($"{assigned.Count} targets of 宁乡镇 assigned to the worker");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });

        var results = new List<Round>();
        for (var round = 1; round <= rounds; round++)
        {
            await BackdateAsync(factory.Services, assigned);
            var r = await RoundAsync(browser, root, office, counter, assigned, round);
            results.Add(r);
            Console.WriteLine(r);
        }

        Console.WriteLine();
        Console.WriteLine($"medians of {rounds} rounds:");
        Console.WriteLine($"  sign-in page (apart): {Median(results, r => r.LoginMs),6:F0} ms, {Median(results, r => r.LoginBytes) / 1024,6:F1} KB");
        Console.WriteLine($"  first load of /field/ until the app shows (status line): {Median(results, r => r.ShellMs),6:F0} ms");
        Console.WriteLine($"  first load of /field/ until the list of {targets} is usable: {Median(results, r => r.ListMs),6:F0} ms, page bytes {Median(results, r => r.FirstLoadBytes) / 1024,6:F1} KB " +
            $"(server wrote {Median(results, r => r.FirstLoadServerBytes) / 1024:F1} KB, service worker precache included)");
        Console.WriteLine($"  first full sync: {Median(results, r => r.FullSyncMs),6:F0} ms, {Median(results, r => r.FullSyncBytes) / 1024,6:F1} KB on the wire ({Median(results, r => r.FullSyncDecoded) / 1024:F1} KB of JSON)");
        Console.WriteLine($"  incremental sync after {Changes} changes: {Median(results, r => r.DeltaSyncMs),6:F0} ms, {Median(results, r => r.DeltaSyncBytes) / 1024,6:F2} KB on the wire " +
            $"({Median(results, r => r.DeltaSyncDecoded) / 1024:F2} KB of JSON); whole cycle after the tap {Median(results, r => r.DeltaCycleMs):F0} ms");
        Console.WriteLine($"  reload from the phone (shell from the service worker, data from IndexedDB): {Median(results, r => r.ReloadMs),6:F0} ms until the list is usable");
    }

    private static double Median(List<Round> rounds, Func<Round, double> value)
    {
        var sorted = rounds.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>What the service worker precaches, as served, with gzip -9 and brotli 11 (what a compressing server or proxy would send).</summary>
    private static async Task ShellSizeAsync(HttpClient client)
    {
        var sw = await client.GetStringAsync("/field/sw.js");
        var urls = Quoted().Matches(ShellList().Match(sw).Groups["list"].Value).Select(m => m.Groups["url"].Value).ToList();
        urls.Add("/field/sw.js");
        long raw = 0;
        long gzip = 0;
        long brotli = 0;
        Console.WriteLine($"shell ({urls.Count} files, sw.js included):");
        foreach (var url in urls)
        {
            var bytes = await client.GetByteArrayAsync(url);
            var g = Compressed(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
            var b = Compressed(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
            raw += bytes.Length;
            gzip += g;
            brotli += b;
            Console.WriteLine($"  {url,-44} {bytes.Length,8:N0} B  gzip {g,7:N0} B  brotli {b,7:N0} B");
        }
        Console.WriteLine($"  total: {raw / 1024.0:F1} KB as served, {gzip / 1024.0:F1} KB gzip -9, {brotli / 1024.0:F1} KB brotli; budget {BudgetBytes / 1024} KB compressed");
    }

    private static long Compressed(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var z = compressor(buffer))
        {
            z.Write(bytes);
        }
        return buffer.Length;
    }

    private static async Task SignInAsync(HttpClient client, string userName)
    {
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = "Demo#2024" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Assigns that many unassigned targets of 宁乡镇 to the demo worker through the plan API, as the township office does.</summary>
    private static async Task<List<Guid>> AssignAsync(HttpClient township, int count)
    {
        var workers = await township.GetFromJsonAsync<JsonElement>("/api/v1/plan/workers");
        var workerId = workers.EnumerateArray().Single(w => w.GetProperty("userName").GetString() == "worker").GetProperty("id").GetGuid();
        var page = await township.GetFromJsonAsync<JsonElement>($"/api/v1/plan/targets?assigned=false&pageSize={count}");
        var ids = page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("targetId").GetGuid()).Take(count).ToList();
        if (ids.Count < count)
        {
            throw new InvalidOperationException($"宁乡镇 has only {ids.Count} unassigned targets, {count} wanted.");
        }
        using var response = await township.PostAsJsonAsync("/api/v1/plan/assign", new { targetIds = ids, workerId });
        response.EnsureSuccessStatusCode();
        return ids;
    }

    /// <summary>
    /// Moves the plan rows and registry entries of the assigned targets, and the templates, an hour back, as if
    /// assigned, edited and published earlier in the day. An incremental sync reads changes from two minutes before the last sync (the server's
    /// overlap against late commits): without this, everything assigned just now would come again.
    /// </summary>
    private static async Task BackdateAsync(IServiceProvider services, List<Guid> ids)
    {
        var earlier = DateTimeOffset.UtcNow.AddHours(-1);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Assignments.Where(a => ids.Contains(a.TargetId)).ExecuteUpdateAsync(u => u.SetProperty(a => a.UpdatedAt, earlier));
        await db.Targets.Where(t => ids.Contains(t.Id)).ExecuteUpdateAsync(u => u.SetProperty(t => t.UpdatedAt, earlier));
        await db.ChecklistTemplates.ExecuteUpdateAsync(u => u.SetProperty(t => t.PublishedAt, earlier));
    }

    /// <summary>Changes the address of targets as the township office would (one registry edit each).</summary>
    private static async Task ChangeAsync(HttpClient township, IEnumerable<Guid> ids, int round)
    {
        foreach (var id in ids)
        {
            var t = await township.GetFromJsonAsync<JsonElement>($"/api/v1/targets/{id}");
            var input = new Dictionary<string, object?>
            {
                ["name"] = t.GetProperty("name").GetString(),
                ["categories"] = t.GetProperty("categories"),
                ["idNumber"] = t.GetProperty("idNumber").GetString(),
                ["phone"] = t.GetProperty("phone").GetString(),
                ["orgUnitCode"] = t.GetProperty("orgUnitCode").GetString(),
                ["address"] = $"{t.GetProperty("address").GetString()}（第{round}轮更正）",
                ["household"] = t.GetProperty("household").GetString(),
                ["guardianName"] = t.GetProperty("guardianName").GetString(),
                ["guardianPhone"] = t.GetProperty("guardianPhone").GetString(),
                ["status"] = t.GetProperty("status").GetString(),
                ["notes"] = t.GetProperty("notes").GetString(),
                ["version"] = t.GetProperty("version").GetInt32(),
            };
            using var response = await township.PutAsJsonAsync($"/api/v1/targets/{id}", input);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Changing target {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private sealed record Round(int Number, double LoginMs, double LoginBytes, double ShellMs, double ListMs, double FirstLoadBytes, double FirstLoadServerBytes,
        double FullSyncMs, double FullSyncBytes, double FullSyncDecoded, double DeltaSyncMs, double DeltaSyncBytes, double DeltaSyncDecoded, double DeltaCycleMs, double ReloadMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"round {Number}: sign-in page {LoginMs:F0} ms {LoginBytes / 1024:F1} KB | first load: app {ShellMs:F0} ms, list usable {ListMs:F0} ms, page {FirstLoadBytes / 1024:F1} KB " +
            $"(server {FirstLoadServerBytes / 1024:F1} KB) | full sync {FullSyncMs:F0} ms {FullSyncBytes / 1024:F1} KB ({FullSyncDecoded / 1024:F1} KB JSON) | " +
            $"sync after {Changes} changes {DeltaSyncMs:F0} ms {DeltaSyncBytes / 1024:F2} KB ({DeltaSyncDecoded / 1024:F2} KB JSON), cycle {DeltaCycleMs:F0} ms | reload {ReloadMs:F0} ms");
    }

    private sealed record Entry(string Name, double TransferSize, double EncodedBodySize, double DecodedBodySize, double StartTime, double ResponseEnd);

    /// <summary>The page's requests so far (Resource Timing: bytes on the wire with headers, body sizes, times), the navigation first.</summary>
    private static async Task<List<Entry>> EntriesAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => ({
              name: e.name, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize,
              startTime: e.startTime, responseEnd: e.responseEnd }))
            """);
        return json.EnumerateArray().Select(e => new Entry(e.GetProperty("name").GetString() ?? "", e.GetProperty("transferSize").GetDouble(),
            e.GetProperty("encodedBodySize").GetDouble(), e.GetProperty("decodedBodySize").GetDouble(), e.GetProperty("startTime").GetDouble(),
            e.GetProperty("responseEnd").GetDouble())).ToList();
    }

    private static async Task ThrottleAsync(ICDPSession cdp, bool on) =>
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = on ? LatencyMs : 0,
            ["downloadThroughput"] = on ? BytesPerSecond : -1,
            ["uploadThroughput"] = on ? BytesPerSecond : -1,
        });

    private static async Task<Round> RoundAsync(IBrowser browser, Uri root, HttpClient township, ByteCounter counter, List<Guid> assigned, int number)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = root.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            ServiceWorkers = ServiceWorkerPolicy.Allow,
        });
        context.SetDefaultTimeout(180_000);
        context.SetDefaultNavigationTimeout(180_000);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");

        // The sign-in page, apart: loaded over the slow line, then the form posted without throttling.
        await ThrottleAsync(cdp, on: true);
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/Account/Login?ReturnUrl=%2Ffield%2Fmanifest.webmanifest", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var loginMs = clock.Elapsed.TotalMilliseconds;
        var loginBytes = (await EntriesAsync(page)).Sum(e => e.TransferSize);
        await ThrottleAsync(cdp, on: false);
        await page.FillAsync("#UserName", "worker");
        await page.FillAsync("#Password", "Demo#2024");
        await page.Locator("form:has(#UserName) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/field/manifest.webmanifest", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });

        // (a) and (b): first load of the app, a device that has never seen it; the first sync downloads all tasks.
        await ThrottleAsync(cdp, on: true);
        counter.Reset();
        clock.Restart();
        await page.GotoAsync("/field/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => document.getElementById('outbox') && !document.getElementById('outbox').hidden", null,
            new PageWaitForFunctionOptions { PollingInterval = 20 });
        var shellMs = clock.Elapsed.TotalMilliseconds;
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#tasks .task').length >= n", assigned.Count,
            new PageWaitForFunctionOptions { PollingInterval = 20 });
        var listMs = clock.Elapsed.TotalMilliseconds;
        var first = await EntriesAsync(page);
        var firstLoadBytes = first.Sum(e => e.TransferSize);
        var fullSync = first.First(e => e.Name.Contains("/api/v1/sync", StringComparison.Ordinal));
        // The service worker's precache (checked against the page's HTTP cache) happens beside the page, unthrottled.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        var serverBytes = counter.Total;

        // (c) ten registry changes, then one sync cycle on the worker's tap.
        await ChangeAsync(township, assigned.Skip(number * Changes).Take(Changes), number);
        await page.EvaluateAsync("() => performance.clearResourceTimings()");
        clock.Restart();
        await page.Locator("#outbox-send").ClickAsync();
        await page.WaitForFunctionAsync("() => !document.getElementById('outbox-send').disabled", null, new PageWaitForFunctionOptions { PollingInterval = 20 });
        var cycleMs = clock.Elapsed.TotalMilliseconds;
        var delta = (await EntriesAsync(page)).First(e => e.Name.Contains("/api/v1/sync", StringComparison.Ordinal));

        // Opening the app again on the same slow line: everything from the phone.
        clock.Restart();
        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#tasks .task').length >= n", assigned.Count,
            new PageWaitForFunctionOptions { PollingInterval = 20 });
        var reloadMs = clock.Elapsed.TotalMilliseconds;

        return new Round(number, loginMs, loginBytes, shellMs, listMs, firstLoadBytes, serverBytes,
            fullSync.ResponseEnd - fullSync.StartTime, fullSync.TransferSize, fullSync.DecodedBodySize,
            delta.ResponseEnd - delta.StartTime, delta.TransferSize, delta.DecodedBodySize, cycleMs, reloadMs);
    }

    /// <summary>Counts the response bytes the server writes (outermost, so after any compression): what leaves for the phone.</summary>
    private sealed class ByteCounter : IStartupFilter
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Reset() => Interlocked.Exchange(ref _total, 0);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                var inner = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var counting = new CountingStream(inner.Stream, n => Interlocked.Add(ref _total, n));
                var feature = new StreamResponseBodyFeature(counting, inner);
                http.Features.Set<IHttpResponseBodyFeature>(feature);
                try
                {
                    await nextMiddleware(http);
                    await feature.CompleteAsync();
                }
                finally
                {
                    http.Features.Set(inner);
                }
            });
            next(app);
        };
    }

    private sealed class CountingStream(Stream inner, Action<long> add) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            add(count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            add(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
