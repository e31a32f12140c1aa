using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Printing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

// A village's visits as one PDF, as GET /api/v1/org-units/{code}/visits.pdf draws it: the same FormSheet
// and PaperForm code, fed with synthetic visits instead of database rows, written to a temporary file.
//   dotnet run -c Release --project bench/Pdf                 # 300 visits, 5 rounds
//   dotnet run -c Release --project bench/Pdf -- 300 5 out.pdf  # visits, rounds, keep the last PDF
var visits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var keep = args.Length > 2 ? args[2] : null;

using var fonts = PdfFonts.FromApp();
var definition = DefaultTemplates.Household();
var signature = Signature();
var random = new Random(20241201);
var sheets = Enumerable.Range(1, visits).Select(i => FormSheet.FromVisit(Visit(i, definition, signature, random), definition, "宁乡演示一村")).ToList();
var blank = Enumerable.Range(1, visits).Select(i => new FormSheet
{
    Definition = definition,
    TemplateVersion = 1,
    UnitName = "宁乡演示一村",
    Blank = true,
    Header = new Dictionary<string, string> { ["placeName"] = $"张{i}", ["address"] = $"宁乡镇演示一村{i}号", ["contactName"] = $"张{i}", ["contactPhone"] = "13800001234" },
    TargetLine = $"对象：张{i}（独居老人）",
    QrUrl = $"https://knockdoor.example.cn/Targets/Details/{Guid.NewGuid()}",
}).ToList();

(double Seconds, long Bytes, int Pages) Render(IReadOnlyList<FormSheet> list, string? path)
{
    var file = path is null
        ? new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose)
        : new FileStream(path, FileMode.Create);
    using (file)
    {
        var watch = Stopwatch.StartNew();
        var pages = PrintingEndpoints.RenderAsync(file, fonts, "宁乡演示一村 入户排查清单", DateTimeOffset.UtcNow, pdf =>
        {
            var n = 0;
            foreach (var sheet in list)
            {
                n++;
                PaperForm.Draw(pdf, sheet, $"宁乡演示一村　第 {n} 份");
            }
            return Task.FromResult(pdf.Pages);
        }).GetAwaiter().GetResult();
        file.Flush();
        return (watch.Elapsed.TotalSeconds, file.Length, pages);
    }
}

Render(sheets.Take(20).ToList(), null); // warm-up
Console.WriteLine($"{visits} visits, {rounds} rounds, {Environment.ProcessorCount} cores");
foreach (var (label, list) in new[] { ("visits", sheets), ("blank forms", blank) })
{
    var times = new List<double>();
    (double Seconds, long Bytes, int Pages) last = default;
    for (var r = 0; r < rounds; r++)
    {
        last = Render(list, r == rounds - 1 && keep is not null ? (label == "visits" ? keep : Path.ChangeExtension(keep, ".blank.pdf")) : null);
        times.Add(last.Seconds);
        Console.WriteLine($"  {label} round {r + 1}: {last.Seconds:F2} s, {last.Pages} pages, {last.Bytes / 1024.0 / 1024.0:F2} MB");
    }
    times.Sort();
    Console.WriteLine($"{label}: median {times[times.Count / 2]:F2} s, best {times[0]:F2} s, {last.Pages} pages, {last.Bytes / 1024.0 / 1024.0:F2} MB");
}

// End to end: the same 300 visits stored in a fresh SQLite database of the real app, then
// GET /api/v1/org-units/{village}/visits.pdf over HTTP as the township officer: the database read, the
// drawing, the audit row and the download.
await EndToEndAsync(sheets.Count, rounds);

async Task EndToEndAsync(int count, int times)
{
    KnockDoor.Bench.BenchHost.UseWebContentRoot();
    var folder = Directory.CreateTempSubdirectory("knockdoor-bench-pdf-");
    try
    {
        // Any type of the web app will do: the factory starts that assembly's entry point.
        await using var factory = new WebApplicationFactory<PdfFonts>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", "sqlite");
            b.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder.FullName, "bench.db")}");
            b.UseSetting("Demo:Enabled", "true");
            b.UseSetting("Demo:Targets", "0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        const string village = "141129100901";
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var campaign = await CampaignEndpoints.CurrentAsync(db, "141129", CancellationToken.None) ?? throw new InvalidOperationException("No campaign.");
            var template = await db.ChecklistTemplates.Where(t => t.CountyCode == "141129" && t.Kind == ChecklistKind.Household)
                .OrderByDescending(t => t.Version).FirstAsync();
            var worker = await db.Users.SingleAsync(u => u.UserName == "worker");
            var path = await db.OrgUnits.Where(o => o.Code == village).Select(o => o.Path).SingleAsync();
            var rows = Enumerable.Range(1, count).Select(i => Visit(i, DefaultTemplates.Household(), signature, new Random(i))).ToList();
            foreach (var visit in rows)
            {
                visit.OrgPath = path;
                visit.CampaignId = campaign.Id;
                visit.TemplateId = template.Id;
                visit.TemplateVersion = template.Version;
                visit.VisitorId = worker.Id;
                visit.ReceivedAt = visit.FinishedAt;
                visit.Day = DateOnly.FromDateTime(visit.FinishedAt.UtcDateTime);
            }
            db.Visits.AddRange(rows);
            await db.SaveChangesAsync();
        }
        using var client = factory.CreateClient();
        using (var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "ningxiang", password = "Demo#2024" }))
        {
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var measured = new List<double>();
        long size = 0;
        for (var r = 0; r <= times; r++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync($"/api/v1/org-units/{village}/visits.pdf");
            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var seconds = watch.Elapsed.TotalSeconds;
            size = bytes.Length;
            if (r == 0)
            {
                Console.WriteLine($"  end to end warm-up: {seconds:F2} s");
                continue;
            }
            measured.Add(seconds);
            Console.WriteLine($"  end to end round {r}: {seconds:F2} s, {bytes.Length / 1024.0 / 1024.0:F2} MB");
        }
        measured.Sort();
        if (size < 100_000)
        {
            throw new InvalidOperationException("The PDF holds no visits: the stored visits were not found.");
        }
        Console.WriteLine($"GET visits.pdf of {count} stored visits (SQLite, HTTP, in-process): median {measured[measured.Count / 2]:F2} s, best {measured[0]:F2} s, {size / 1024.0 / 1024.0:F2} MB");
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }
}

static Visit Visit(int i, ChecklistDefinition definition, byte[] signature, Random random)
{
    var answers = definition.AllItems.Select(item =>
    {
        var hazard = item.HazardIf is not null && random.NextDouble() < 0.08;
        var answer = item.HazardIf is not { } hazardIf ? (random.NextDouble() < 0.5 ? "Yes" : "No")
            : hazardIf == HazardAnswer.Yes == hazard ? "Yes" : "No";
        return new { code = item.Code, answer, fixedOnSpot = hazard && random.NextDouble() < 0.5, note = hazard ? "已当面告知户主，约定三日内复查。" : null };
    }).ToList();
    var started = new DateTimeOffset(2024, 12, 1, 1, 0, 0, TimeSpan.Zero).AddMinutes(i * 17);
    return new Visit
    {
        Id = Guid.NewGuid(),
        CountyCode = "141129",
        OrgUnitCode = "141129100901",
        OrgPath = "/141129/141129100/141129100901/",
        Kind = ChecklistKind.Household,
        TemplateVersion = 1,
        VisitorName = "王敲门",
        Outcome = i % 25 == 0 ? VisitOutcome.NobodyHome : VisitOutcome.Visited,
        OutcomeReason = i % 25 == 0 ? "外出务工，电话联系其子女" : null,
        StartedAt = started,
        FinishedAt = started.AddMinutes(14),
        Header = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["placeName"] = $"张{i}",
            ["floors"] = "2",
            ["address"] = $"中阳县宁乡镇演示一村{i}号",
            ["residents"] = "3",
            ["vulnerableResidents"] = "1",
            ["floorArea"] = "120",
            ["placeKind"] = "居民住宅",
            ["structure"] = "砖混结构",
            ["floorsUsed"] = "地上2层",
            ["contactName"] = $"张{i}",
            ["contactPhone"] = "13800001234",
        }),
        Answers = JsonSerializer.Serialize(answers),
        OtherHazards = i % 3 == 0 ? JsonSerializer.Serialize(new[] { new { text = "院内柴草堆放靠近火炉", fixedOnSpot = true, note = "已挪开" } }) : null,
        Tasks = i % 4 == 0 ? "更换老化电线，三日内由村委会复查。" : null,
        Signature = signature,
        SignerName = $"张{i}",
        ContentHash = "",
    };
}

static byte[] Signature()
{
    var info = new SKImageInfo(600, 200);
    using var surface = SKSurface.Create(info);
    var canvas = surface.Canvas;
    canvas.Clear(SKColors.White);
    using var paint = new SKPaint { Color = SKColors.Black, StrokeWidth = 6, Style = SKPaintStyle.Stroke, IsAntialias = true, StrokeCap = SKStrokeCap.Round };
    var last = new SKPoint(40, 120);
    for (var x = 40; x < 560; x += 12)
    {
        var next = new SKPoint(x, 100 + (float)(Math.Sin(x / 23.0) * 50));
        canvas.DrawLine(last, next, paint);
        last = next;
    }
    using var image = surface.Snapshot();
    using var data = image.Encode(SKEncodedImageFormat.Png, 100);
    return data.ToArray();
}
