// Daily-report benchmark: a prefecture (the 13 counties of 吕梁市, 150 real townships, 100,000 people, 300,000 visits,
// 30,000 hazards and the daily reports of every unit for 100 days) generated into the real schema of SQLite and
// PostgreSQL, then the county table and the units × days matrix (CountyTableService) timed on it. `seed` and
// `measure` are separate commands, so the data is made once and measured many times. See bench/Reports/README.md.
using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using KnockDoor.Bench;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Reports;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Coverage;
using KnockDoor.Web.Features.OrgUnits;
using KnockDoor.Web.Features.Reports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnockDoor.Bench.Reports;

internal static class Entry
{
    private const string PgDatabase = "kd_bench_reports";

    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "all";
        var options = Options.Parse([.. args.Skip(1)]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(40));
        var ct = deadline.Token;
        Console.WriteLine($"KnockDoor daily-report benchmark: {command}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var targets = new List<(string Engine, string Provider, string ConnectionString)>
        {
            ("SQLite", "sqlite", $"Data Source={options.SqliteFile}"),
        };
        var pgBase = Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_PG");
        if (!string.IsNullOrEmpty(pgBase))
        {
            targets.Add(("PostgreSQL", "postgres", new NpgsqlConnectionStringBuilder(pgBase) { Database = PgDatabase }.ConnectionString));
        }
        SqlLog.Start();
        foreach (var (engine, provider, cs) in targets)
        {
            if (options.Engine is { } only && !string.Equals(only, provider, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (command is "seed" or "all")
            {
                await DropAsync(provider, options.SqliteFile, pgBase, ct);
                await CreateAsync(provider, pgBase, ct);
                await Seeder.SeedAsync(engine, provider, cs, options, ct);
            }
            if (command is "measure" or "all")
            {
                await Measurements.RunAsync(engine, provider, cs, options, ct);
            }
            if (command is "explain")
            {
                await Measurements.ExplainAsync(engine, provider, cs, options, ct);
            }
            if (command is "drop")
            {
                await DropAsync(provider, options.SqliteFile, pgBase, ct);
                Console.WriteLine($"{engine}: dropped");
            }
        }
        return 0;
    }

    private static async Task CreateAsync(string provider, string? pgBase, CancellationToken ct)
    {
        if (provider != "postgres")
        {
            return;
        }
        await using var admin = new NpgsqlConnection(pgBase);
        await admin.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {PgDatabase}", admin);
        await create.ExecuteNonQueryAsync(ct);
    }

    private static async Task DropAsync(string provider, string sqliteFile, string? pgBase, CancellationToken ct)
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
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PgDatabase} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Sizes and where the data lives; the same options for seed and measure.</summary>
internal sealed record Options(int Targets, int Visits, int Hazards, int Days, int Townships, int Villages, int Institutions, int Runs,
    string SqliteFile, string? Engine, string[] Only, int Explain)
{
    public static Options Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }
        int Int(string name, int fallback) => map.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(Int("targets", 100_000), Int("visits", 300_000), Int("hazards", 30_000), Int("days", 100), Int("townships", 150),
            Int("villages", 8), Int("institutions", 2), Int("runs", 20),
            map.GetValueOrDefault("sqlite") ?? Path.Combine(Path.GetTempPath(), "knockdoor-bench-reports.db"),
            map.GetValueOrDefault("engine"),
            map.TryGetValue("only", out var only) ? only.Split(',') : [],
            Int("explain", 6));
    }
}

/// <summary>
/// Every SQL statement EF runs, from its DiagnosticListener (no change to the app): the count and the time of the
/// statements of a call, and, when asked, the statements themselves with their parameters (for EXPLAIN).
/// </summary>
internal sealed class SqlLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    public sealed record Statement(string Text, DbParameter[] Parameters, double Milliseconds);

    private static readonly SqlLog Instance = new();
    private static long count;
    private static long ticks;
    public static ConcurrentQueue<Statement>? Capture { get; set; }

    public static void Start() => DiagnosticListener.AllListeners.Subscribe(Instance);

    public static (long Count, double Milliseconds) Read() => (Interlocked.Read(ref count), TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalMilliseconds);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            value.Subscribe(this);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData e)
        {
            Interlocked.Increment(ref count);
            Interlocked.Add(ref ticks, e.Duration.Ticks);
            Capture?.Enqueue(new Statement(e.Command.CommandText, [.. e.Command.Parameters.Cast<DbParameter>().Select(Clone)], e.Duration.TotalMilliseconds));
        }
    }

    private static DbParameter Clone(DbParameter p) => p is NpgsqlParameter n
        ? n.Clone()
        : new Microsoft.Data.Sqlite.SqliteParameter(p.ParameterName, p.Value ?? DBNull.Value);

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}

/// <summary>
/// The prefecture 吕梁市 (1411): the demo county 中阳县 as the app seeds it (its real townships, demo villages, the
/// notice's institutions, the accounts) and the other 12 counties with their real townships from the national
/// division codes, 150 townships in all (临县 keeps 19 of its 23); villages and institutions made up; one campaign per
/// county over the same 100 days, ending on the China-time day of the seed. People, visits, hazards and the daily
/// reports with a fixed seed.
/// </summary>
internal static class Seeder
{
    public const string Prefecture = "1411";
    public const string DemoCounty = "141129";
    /// <summary>临县, the largest county (19 townships, 38 institutions): the one-county measurements, and the day nobody reported.</summary>
    public const string MainCounty = "141124";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed class Township(OrgUnit unit, int index, Guid campaign, Guid[] visitors)
    {
        public OrgUnit Unit { get; } = unit;
        public int Index { get; } = index;
        public Guid Campaign { get; } = campaign;
        public Guid[] Visitors { get; } = visitors;
        public List<OrgUnit> Villages { get; } = [];
        public List<OrgUnit> Institutions { get; } = [];
    }

    public static async Task SeedAsync(string engine, string provider, string cs, Options o, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var factory = BenchApp.Start(provider, cs);
        Console.WriteLine($"{engine}: migrated and demo county seeded in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<DivisionCatalog>();
        var last = ChinaTime.Today(TimeProvider.System);
        var start = last.AddDays(-(o.Days - 1));
        var now = DateTimeOffset.UtcNow;
        var random = new Random(20241129);

        var prefecture = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == Prefecture, ct);
        var existing = await db.OrgUnits.AsNoTracking().Where(u => u.CountyCode == DemoCounty).ToListAsync(ct);
        var demoCampaign = await CampaignEndpoints.CurrentAsync(db, DemoCounty, ct) ?? throw new InvalidOperationException("No demo campaign.");

        // The real townships of the prefecture, cut to the wanted number from the largest county (never the demo county's).
        var counties = catalog.ChildrenOf(Prefecture).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        var townshipsOf = counties.ToDictionary(c => c.Code, c => catalog.ChildrenOf(c.Code).OrderBy(t => t.Code, StringComparer.Ordinal).ToList());
        while (townshipsOf.Values.Sum(t => t.Count) > o.Townships)
        {
            var largest = townshipsOf.Where(p => p.Key != DemoCounty).MaxBy(p => p.Value.Count).Value;
            largest.RemoveAt(largest.Count - 1);
        }

        var units = new List<OrgUnit>();
        var campaigns = new List<Campaign>();
        var townships = new List<Township>();
        var contacts = new[] { "王建平", "李海燕", "张志强", "刘晓红", "陈国庆", "杨丽娟", "赵永刚", "郭秀英" };
        string Phone() => "139" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var number = 36;
        foreach (var county in counties)
        {
            Guid campaignId;
            OrgUnit countyUnit;
            if (county.Code == DemoCounty)
            {
                campaignId = demoCampaign.Id;
                countyUnit = existing.Single(u => u.Code == DemoCounty);
            }
            else
            {
                countyUnit = new OrgUnit
                {
                    Code = county.Code, Name = county.Name, Kind = OrgUnitKind.County, ParentCode = Prefecture,
                    Path = OrgUnit.ChildPath(prefecture.Path, county.Code), CountyCode = county.Code, CreatedAt = now,
                };
                units.Add(countyUnit);
                var campaign = new Campaign
                {
                    Id = Guid.NewGuid(), CountyCode = county.Code, Name = "2024—2025年度民政系统冬季安全“敲门行动”",
                    DocumentNumber = $"{county.Name[..1]}民发〔2024〕{number++}号", IssuedBy = county.Name + "民政局",
                    ReportMailbox = $"mzj{county.Code}@example.org", MobilisationStart = start, MobilisationEnd = start.AddDays(2),
                    InspectionStart = start.AddDays(2), InspectionEnd = start.AddDays(o.Days), SummaryStart = start.AddDays(o.Days + 1),
                    SummaryEnd = start.AddDays(o.Days + 30), IsActive = true, UpdatedAt = now,
                };
                campaigns.Add(campaign);
                campaignId = campaign.Id;
            }
            foreach (var t in townshipsOf[county.Code])
            {
                var unit = existing.SingleOrDefault(u => u.Code == t.Code) ?? new OrgUnit
                {
                    Code = t.Code, Name = t.Name, Kind = OrgUnitKind.Township, ParentCode = county.Code,
                    Path = OrgUnit.ChildPath(countyUnit.Path, t.Code), CountyCode = county.Code, CreatedAt = now,
                };
                if (!existing.Contains(unit))
                {
                    units.Add(unit);
                }
                var township = new Township(unit, townships.Count, campaignId, [.. Enumerable.Range(0, 6).Select(_ => Guid.NewGuid())]);
                townships.Add(township);
                township.Villages.AddRange(existing.Where(u => u.ParentCode == unit.Code && u.Kind == OrgUnitKind.Village));
                for (var v = 1; township.Villages.Count < o.Villages; v++)
                {
                    var code = unit.Code + v.ToString("D3", CultureInfo.InvariantCulture);
                    var village = new OrgUnit
                    {
                        Code = code, Name = $"{unit.Name[..2]}{v}村", Kind = OrgUnitKind.Village, ParentCode = unit.Code,
                        Path = OrgUnit.ChildPath(unit.Path, code), CountyCode = county.Code, CreatedAt = now,
                    };
                    units.Add(village);
                    township.Villages.Add(village);
                }
                township.Institutions.AddRange(existing.Where(u => u.ParentCode == unit.Code && u.Kind == OrgUnitKind.Institution));
                string[] kinds = ["敬老院", "日间照料中心", "养老服务站"];
                for (var k = 0; township.Institutions.Count < o.Institutions; k++)
                {
                    var name = unit.Name + kinds[k % kinds.Length];
                    var institution = OrgTree.NewInstitution(unit, name,
                        new OrgTree.InstitutionInput(unit.Code, name, kinds[k % kinds.Length], unit.Name, contacts[random.Next(contacts.Length)], Phone()),
                        township.Institutions.Select(i => i.Code), now);
                    units.Add(institution);
                    township.Institutions.Add(institution);
                }
            }
        }
        await db.Campaigns.Where(c => c.Id == demoCampaign.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MobilisationStart, start), ct);
        var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin", ct);

        var data = Generate(townships, o, start, last, admin.Id, now, random);
        Console.WriteLine($"{engine}: generated in {clock.Elapsed.TotalSeconds:F1} s: {counties.Count} counties, {townships.Count} townships, " +
            $"{townships.Sum(t => t.Villages.Count):N0} villages, {townships.Sum(t => t.Institutions.Count):N0} institutions, {data.Targets.Count:N0} targets, " +
            $"{data.Visits.Count:N0} visits, {data.Hazards.Count:N0} hazards, {data.Reports.Count:N0} daily reports, {data.Duties.Count:N0} records of the other duties; days {start:yyyy-MM-dd} to {last:yyyy-MM-dd}");

        clock.Restart();
        double rebuild;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await BulkInsert.InsertAsync(db, units, ct);
            await BulkInsert.InsertAsync(db, campaigns, ct);
            await BulkInsert.InsertAsync(db, data.Targets, ct);
            await BulkInsert.InsertAsync(db, data.Visits, ct);
            await BulkInsert.InsertAsync(db, data.Hazards, ct);
            await BulkInsert.InsertAsync(db, data.Reports, ct);
            // The demo county's own demo records of the other duties give way to the bench's, which the reports count.
            await db.PersonsFound.ExecuteDeleteAsync(ct);
            await db.StreetPatrols.ExecuteDeleteAsync(ct);
            await db.CareActivities.ExecuteDeleteAsync(ct);
            await db.MealDeliveries.ExecuteDeleteAsync(ct);
            await db.ResidentDays.ExecuteDeleteAsync(ct);
            await db.DutyRoster.ExecuteDeleteAsync(ct);
            await db.InstitutionPatrols.ExecuteDeleteAsync(ct);
            await db.EquipmentChecks.ExecuteDeleteAsync(ct);
            await db.TrainingAttendances.ExecuteDeleteAsync(ct);
            await db.TrainingSessions.ExecuteDeleteAsync(ct);
            await db.InstitutionStaff.ExecuteDeleteAsync(ct);
            var d = data.Duties;
            await BulkInsert.InsertAsync(db, d.Patrols, ct);
            await BulkInsert.InsertAsync(db, d.PersonsFound, ct);
            await BulkInsert.InsertAsync(db, d.Care, ct);
            await BulkInsert.InsertAsync(db, d.Meals, ct);
            await BulkInsert.InsertAsync(db, d.Residents, ct);
            await BulkInsert.InsertAsync(db, d.Roster, ct);
            await BulkInsert.InsertAsync(db, d.Rounds, ct);
            await BulkInsert.InsertAsync(db, d.Checks, ct);
            await BulkInsert.InsertAsync(db, d.Staff, ct);
            await BulkInsert.InsertAsync(db, d.Trainings, ct);
            await BulkInsert.InsertAsync(db, d.Attendances, ct);
            var r = Stopwatch.StartNew();
            foreach (var campaign in townships.Select(t => t.Campaign).Distinct())
            {
                await TargetProgressWriter.RebuildAsync(db, campaign, ct);
            }
            rebuild = r.Elapsed.TotalSeconds;
            await tx.CommitAsync(ct);
        }
        var insert = clock.Elapsed.TotalSeconds;
        clock.Restart();
        // A production database is vacuumed and analysed by autovacuum; a freshly loaded one is not yet.
        await db.Database.ExecuteSqlRawAsync(provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE", ct);
        var states = await db.DailyReports.Where(r => r.IsLatest).GroupBy(r => r.OnTime).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var revisions = await db.DailyReports.CountAsync(r => r.Revision > 1, ct);
        var hazards = await db.Hazards.GroupBy(h => h.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var unitDays = townships.Sum(t => 1 + t.Institutions.Count) * o.Days;
        var submitted = states.Sum(s => s.Count);
        Console.WriteLine($"{engine}: inserted in {insert:F1} s (of which {rebuild:F1} s to compute TargetProgress), " +
            $"{(provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE")} {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"{engine}: {unitDays:N0} unit-days: on time {states.Where(s => s.Key).Sum(s => s.Count):N0}, late " +
            $"{states.Where(s => !s.Key).Sum(s => s.Count):N0}, missing {unitDays - submitted:N0}; {revisions:N0} second revisions; hazards by status: " +
            string.Join(", ", hazards.OrderBy(h => h.Key).Select(h => $"{h.Key} {h.Count:N0}")));
    }

    private sealed record Data(List<Target> Targets, List<Visit> Visits, List<Hazard> Hazards, List<DailyReport> Reports, Duties Duties);

    private static Data Generate(List<Township> townships, Options o, DateOnly start, DateOnly last, Guid finder, DateTimeOffset now, Random random)
    {
        var townshipOf = new Dictionary<string, Township>(StringComparer.Ordinal);
        foreach (var t in townships)
        {
            foreach (var u in t.Villages.Concat(t.Institutions))
            {
                townshipOf[u.Code] = t;
            }
        }
        var villages = townships.SelectMany(t => t.Villages).ToList();
        var institutions = townships.SelectMany(t => t.Institutions).ToList();

        // People: 97 % in villages, the rest residents of institutions (特困人员（集中供养）); 2 % moved away, 0.5 % died.
        TargetCategory[] mix =
        [
            TargetCategory.GuguaElderly, TargetCategory.LivingAlone, TargetCategory.LivingAlone, TargetCategory.Disabled, TargetCategory.SemiDisabled,
            TargetCategory.LeftBehindChild, TargetCategory.ChildInDistress, TargetCategory.Orphan, TargetCategory.ExtremePoorDispersed, TargetCategory.SickOrDisabled,
        ];
        var targets = new List<Target>(o.Targets);
        var countyNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < o.Targets; i++)
        {
            var inInstitution = random.Next(100) < 3;
            var unit = inInstitution ? institutions[random.Next(institutions.Count)] : villages[random.Next(villages.Count)];
            var categories = inInstitution
                ? TargetCategory.ExtremePoorCentral | (random.Next(3) == 0 ? TargetCategory.Disabled : TargetCategory.None)
                : mix[random.Next(mix.Length)] | (random.Next(4) == 0 ? TargetCategory.LivingAlone : TargetCategory.None);
            var n = countyNumber[unit.CountyCode] = countyNumber.GetValueOrDefault(unit.CountyCode) + 1;
            targets.Add(new Target
            {
                Id = Guid.NewGuid(), CountyCode = unit.CountyCode, OrgUnitCode = unit.Code, OrgPath = unit.Path,
                Name = "测试" + i.ToString(CultureInfo.InvariantCulture), Categories = categories,
                IdNumber = "9" + n.ToString("D17", CultureInfo.InvariantCulture),
                BirthDate = new DateOnly(1935, 1, 1).AddDays(random.Next(365 * 85)), Sex = random.Next(2) == 0 ? Sex.Male : Sex.Female,
                Phone = "187" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                Address = unit.Name + (1 + random.Next(60)).ToString(CultureInfo.InvariantCulture) + "号",
                Status = random.Next(1000) switch { < 20 => TargetStatus.MovedAway, < 25 => TargetStatus.Deceased, _ => TargetStatus.Active },
                CreatedAt = now, UpdatedAt = now, Version = 1,
            });
        }
        var targetIndex = new Dictionary<Guid, int>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            targetIndex[targets[i].Id] = i;
        }
        var householdTargets = targets.Where(t => !t.OrgUnitCode.Contains('J')).ToList();

        // Visits: 96 % households (85 % of the people get some, about 3.5 each; outcomes one third met), 4 % inspections
        // of an institution; each by one of the township's six workers, at a random hour of a random day.
        VisitOutcome[] outcomes = [VisitOutcome.Visited, VisitOutcome.Visited, VisitOutcome.Visited, VisitOutcome.Visited, VisitOutcome.NobodyHome,
            VisitOutcome.NobodyHome, VisitOutcome.Refused, VisitOutcome.MovedAway, VisitOutcome.Other];
        var visits = new List<Visit>(o.Visits);
        for (var i = 0; i < o.Visits; i++)
        {
            var inspection = random.Next(100) < 4;
            var target = inspection ? null : householdTargets[random.Next(householdTargets.Count * 85 / 100)];
            var unitCode = target?.OrgUnitCode ?? institutions[random.Next(institutions.Count)].Code;
            var township = townshipOf[unitCode];
            var day = start.AddDays(random.Next(o.Days));
            var finished = ChinaTime.StartOf(day).AddMinutes(8 * 60 + random.Next(10 * 60));
            var outcome = inspection ? VisitOutcome.Visited : outcomes[random.Next(outcomes.Length)];
            var met = outcome == VisitOutcome.Visited;
            visits.Add(new Visit
            {
                Id = Guid.NewGuid(), CountyCode = township.Unit.CountyCode, CampaignId = township.Campaign,
                Kind = inspection ? ChecklistKind.Institution : ChecklistKind.Household, TargetId = target?.Id, OrgUnitCode = unitCode,
                OrgPath = target?.OrgPath ?? township.Institutions.Single(u => u.Code == unitCode).Path, TemplateId = Guid.Empty, TemplateVersion = 1,
                VisitorId = township.Visitors[random.Next(township.Visitors.Length)], VisitorName = "测试入户", Outcome = outcome,
                StartedAt = finished.AddMinutes(-20), FinishedAt = finished, ReceivedAt = finished, Day = day,
                Answers = "[]", ContentHash = "bench", LeafletsHandedOut = met ? 1 + random.Next(2) : 0, PeopleReached = met ? 1 + random.Next(3) : 0,
            });
        }

        // Hazards: found on a visit that met someone (or an inspection), statuses as a ledger looks (bench/Hazards).
        var metVisits = visits.Where(v => v.Outcome == VisitOutcome.Visited).ToList();
        var hazards = new List<Hazard>(o.Hazards);
        (string?, string)[] items = [("H05", "燃气软管老化"), ("H02", "使用木炭取暖，通风不良"), ("E03", "私拉乱接电线"), ("F01", "无烟雾报警器"), (null, "屋顶积雪过厚")];
        for (var i = 0; i < o.Hazards; i++)
        {
            var visit = metVisits[random.Next(metVisits.Count)];
            var found = visit.Day;
            var age = last.DayNumber - found.DayNumber;
            var roll = random.Next(1000);
            HazardStatus status;
            DateOnly? closed = null;
            DateOnly? deadline = null;
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
                }
                deadline = found.AddDays(Math.Max(after, 3));
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
            }
            var (item, description) = items[random.Next(items.Length)];
            hazards.Add(new Hazard
            {
                Id = Guid.NewGuid(), CountyCode = visit.CountyCode, OrgUnitCode = visit.OrgUnitCode, OrgPath = visit.OrgPath, CampaignId = visit.CampaignId,
                VisitId = visit.Id, TargetId = visit.TargetId, Categories = visit.TargetId is { } id ? targets[targetIndex[id]].Categories : TargetCategory.None,
                ItemCode = item, Description = description,
                Severity = random.Next(100) switch { < 45 => Severity.Medium, < 90 => Severity.High, _ => Severity.Critical },
                Status = status, AssigneeId = deadline is null ? null : finder, AssigneeName = deadline is null ? null : "测试整改人", Deadline = deadline,
                ClosedAt = closed is { } c ? ChinaTime.StartOf(c).AddHours(17) : null, ClosedDay = closed,
                FoundBy = visit.VisitorId, FoundByName = visit.VisitorName, FoundAt = visit.FinishedAt, FoundDay = found, UpdatedAt = visit.FinishedAt, Version = 1,
            });
        }

        var duties = new Duties(start, finder, random);
        var reports = Reports(townships, townshipOf, targets, targetIndex, visits, hazards, duties, o, start, last, random);
        return new Data(targets, visits, hazards, reports, duties);
    }

    /// <summary>
    /// The daily reports of every township and institution for every day, their figures as the app computes them
    /// (DailyReportCalculator's rules, here from the generated rows in memory), in DailyReportService's JSON. 6 % of
    /// unit-days missing, 8 % late, the rest on time; 3 % of the reports have a second revision; 1 % of the townships'
    /// a correction with its reason. Nobody in 临县 reported on the day before the last (the worst case of the table).
    /// </summary>
    private static List<DailyReport> Reports(List<Township> townships, Dictionary<string, Township> townshipOf, List<Target> targets,
        Dictionary<Guid, int> targetIndex, List<Visit> visits, List<Hazard> hazards, Duties duties, Options o, DateOnly start, DateOnly last, Random random)
    {
        var n = townships.Count;
        var days = o.Days;
        var cats = DailyFigures.Categories;
        var visitsBy = visits.GroupBy(v => (townshipOf[v.OrgUnitCode].Index, v.Day.DayNumber - start.DayNumber)).ToDictionary(g => g.Key, g => g.ToList());
        var hazardsBy = hazards.GroupBy(h => townshipOf[h.OrgUnitCode].Index).ToDictionary(g => g.Key, g => g.ToList());
        var registered = new int[n, cats.Length + 1];
        var peopleOf = targets.Where(t => t.Status == TargetStatus.Active).GroupBy(t => townshipOf[t.OrgUnitCode].Index)
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var t in targets.Where(t => t.Status == TargetStatus.Active))
        {
            var i = townshipOf[t.OrgUnitCode].Index;
            registered[i, 0]++;
            for (var c = 0; c < cats.Length; c++)
            {
                if ((t.Categories & cats[c].Flag) != 0)
                {
                    registered[i, c + 1]++;
                }
            }
        }
        var reports = new List<DailyReport>();
        var worstDay = last.AddDays(-1);
        foreach (var township in townships)
        {
            var t = township.Index;
            var metSoFar = new HashSet<Guid>();
            var visitorsSoFar = new HashSet<Guid>();
            var metCum = new int[cats.Length + 1];
            long nobodyCum = 0, refusedCum = 0, leafletsCum = 0, peopleCum = 0, inspectionsCum = 0;
            var typedCum = new Dictionary<(string Unit, string Key), decimal>();
            var ownHazards = hazardsBy.GetValueOrDefault(t) ?? [];
            for (var k = 0; k < days; k++)
            {
                var day = start.AddDays(k);
                var today = visitsBy.GetValueOrDefault((t, k)) ?? [];
                var metToday = new int[cats.Length + 1];
                var metTodaySet = new HashSet<Guid>();
                long nobody = 0, refused = 0, leaflets = 0, people = 0, inspections = 0;
                foreach (var v in today)
                {
                    leaflets += v.LeafletsHandedOut;
                    people += v.PeopleReached;
                    if (v.Kind == ChecklistKind.Institution)
                    {
                        inspections++;
                        continue;
                    }
                    nobody += v.Outcome == VisitOutcome.NobodyHome ? 1 : 0;
                    refused += v.Outcome == VisitOutcome.Refused ? 1 : 0;
                    if (v.Outcome != VisitOutcome.Visited || targets[targetIndex[v.TargetId!.Value]] is not { Status: TargetStatus.Active } target)
                    {
                        continue;
                    }
                    if (metTodaySet.Add(target.Id))
                    {
                        Count(metToday, target.Categories);
                    }
                    if (metSoFar.Add(target.Id))
                    {
                        Count(metCum, target.Categories);
                    }
                }
                var staffToday = today.Select(v => v.VisitorId).Distinct().Count();
                visitorsSoFar.UnionWith(today.Select(v => v.VisitorId));
                nobodyCum += nobody;
                refusedCum += refused;
                leafletsCum += leaflets;
                peopleCum += people;
                inspectionsCum += inspections;

                var hz = ownHazards.Where(h => h.FoundDay <= day).ToList();
                FigureValue Hz(IEnumerable<Hazard> rows, Func<Hazard, bool> todayOnly, Func<Hazard, bool> cumulative) =>
                    new(rows.Count(todayOnly), rows.Count(cumulative));
                bool Overdue(Hazard h) => h.Status != HazardStatus.FixedOnSpot && h.Deadline < day && (h.ClosedDay is null || h.ClosedDay > day);
                bool Rectifying(Hazard h) => h.Status is HazardStatus.Assigned or HazardStatus.ReportedFixed;

                var computed = new Dictionary<string, FigureValue>(StringComparer.Ordinal)
                {
                    [DailyFigures.TargetsTotal] = new(registered[t, 0], registered[t, 0]),
                    [DailyFigures.VisitedTotal] = new(metToday[0], metCum[0]),
                    [DailyFigures.Coverage] = new(DailyReportCalculator.Percent(metToday[0], registered[t, 0]), DailyReportCalculator.Percent(metCum[0], registered[t, 0])),
                    [DailyFigures.NobodyHome] = new(nobody, nobodyCum),
                    [DailyFigures.Refused] = new(refused, refusedCum),
                    [DailyFigures.Leaflets] = new(leaflets, leafletsCum),
                    [DailyFigures.PeopleReached] = new(people, peopleCum),
                    [DailyFigures.InstitutionInspections] = new(inspections, inspectionsCum),
                    [DailyFigures.StaffDeployed] = new(staffToday, visitorsSoFar.Count),
                    [DailyFigures.HazardsFound] = Hz(hz, h => h.FoundDay == day, _ => true),
                    [DailyFigures.HazardsFixedOnSpot] = Hz(hz, h => h.FoundDay == day && h.Status == HazardStatus.FixedOnSpot, h => h.Status == HazardStatus.FixedOnSpot),
                    [DailyFigures.HazardsUnderRectification] = Hz(hz, h => h.FoundDay == day && Rectifying(h), Rectifying),
                    [DailyFigures.HazardsClosed] = Hz(hz, h => h.Status == HazardStatus.Closed && h.ClosedDay == day, h => h.Status == HazardStatus.Closed && h.ClosedDay <= day),
                    [DailyFigures.HazardsOverdue] = Hz(hz, h => h.FoundDay == day && Overdue(h), Overdue),
                    [DailyFigures.HazardsEscalated] = Hz(hz, h => h.FoundDay == day && h.Status == HazardStatus.Escalated, h => h.Status == HazardStatus.Escalated),
                };
                for (var c = 0; c < cats.Length; c++)
                {
                    computed[DailyFigures.TargetsKey(cats[c].Key)] = new(registered[t, c + 1], registered[t, c + 1]);
                    computed[DailyFigures.VisitedKey(cats[c].Key)] = new(metToday[c + 1], metCum[c + 1]);
                }
                var centre = township.Institutions.FirstOrDefault(i => i.InstitutionType == "日间照料中心");
                foreach (var (key, value) in duties.Township(township.Unit, centre, peopleOf.GetValueOrDefault(t) ?? [], day))
                {
                    computed[key] = value;
                }
                Emit(township.Unit, ReportUnitKind.Township, computed, []);

                foreach (var institution in township.Institutions)
                {
                    var own = hz.Where(h => h.OrgPath.StartsWith(institution.Path, StringComparison.Ordinal)).ToList();
                    bool Fixed(Hazard h) => h.Status is HazardStatus.FixedOnSpot or HazardStatus.Closed;
                    var residents = 30 + (institution.Code[^1] * 7 + t * 13) % 64;
                    var values = duties.Institution(institution, residents + random.Next(-2, 3), day);
                    values[DailyFigures.InstitutionHazardsFound] = Hz(own, h => h.FoundDay == day, _ => true);
                    values[DailyFigures.InstitutionHazardsFixed] = Hz(own, h => Fixed(h) && h.ClosedDay == day, h => Fixed(h) && h.ClosedDay <= day);
                    Emit(institution, ReportUnitKind.Institution, values, new() { ["inst.incidents"] = random.Next(200) == 0 ? 1 : 0 });
                }

                void Emit(OrgUnit unit, ReportUnitKind kind, Dictionary<string, FigureValue> values, Dictionary<string, decimal> typed)
                {
                    var roll = random.Next(100);
                    if (roll < 6 || (unit.CountyCode == MainCounty && day == worstDay))
                    {
                        return;
                    }
                    var late = roll < 14;
                    var cells = new List<FigureCell>();
                    var corrected = kind == ReportUnitKind.Township && random.Next(100) == 0;
                    foreach (var f in DailyFigures.Of(kind))
                    {
                        if (f.Computed)
                        {
                            var v = values[f.Key];
                            cells.Add(corrected && f.Key == DailyFigures.NobodyHome
                                ? new FigureCell(f.Key, v.Today + 1, v.Cumulative + 1, v.Today, v.Cumulative, "一户入户记录未及时上传，按纸质台账补记")
                                : new FigureCell(f.Key, v.Today, v.Cumulative));
                        }
                        else
                        {
                            var today = typed[f.Key];
                            var cumulative = f.Cumulates ? typedCum.GetValueOrDefault((unit.Code, f.Key)) + today : (decimal?)null;
                            if (f.Cumulates)
                            {
                                typedCum[(unit.Code, f.Key)] = cumulative!.Value;
                            }
                            cells.Add(new FigureCell(f.Key, today, cumulative));
                        }
                    }
                    var deadline = ChinaTime.StartOf(day).AddHours(15);
                    var at = late ? deadline.AddMinutes(1 + random.Next(8 * 60)) : deadline.AddMinutes(-1 - random.Next(6 * 60));
                    var figures = JsonSerializer.Serialize(cells, Json);
                    var submitter = Guid.NewGuid();
                    DailyReport Report(int revision, DateTimeOffset when, bool latest) => new()
                    {
                        Id = Guid.NewGuid(), CountyCode = unit.CountyCode, CampaignId = township.Campaign, OrgUnitCode = unit.Code, OrgPath = unit.Path,
                        Day = day, Revision = revision, SubmittedAt = when, SubmittedBy = submitter,
                        SubmittedByName = kind == ReportUnitKind.Township ? unit.Name[..2] + "镇干部" : unit.Name[..2] + "值班员", OnTime = when < deadline,
                        Figures = figures, WorkDone = $"今日组织入户走访，排查隐患，发放宣传资料。", Problems = random.Next(4) == 0 ? "部分群众外出务工，多次上门未见面。" : null,
                        NextSteps = "继续做好未见面对象的回访和隐患整改跟踪。", IsLatest = latest,
                    };
                    if (random.Next(100) < 3)
                    {
                        // A second revision: the first was sent before it (and before the deadline when the second is on time).
                        reports.Add(Report(1, at.AddMinutes(-30 - random.Next(120)), latest: false));
                        reports.Add(Report(2, at, latest: true));
                    }
                    else
                    {
                        reports.Add(Report(1, at, latest: true));
                    }
                }
            }
        }
        return reports;

        static void Count(int[] counts, TargetCategory categories)
        {
            counts[0]++;
            for (var c = 0; c < DailyFigures.Categories.Length; c++)
            {
                if ((categories & DailyFigures.Categories[c].Flag) != 0)
                {
                    counts[c + 1]++;
                }
            }
        }
    }
}

/// <summary>
/// The timed calls, each by name (`measure --only table-county-last,matrix-county`), each call in a fresh DI scope
/// (a fresh DbContext), as an endpoint or a job would call the service.
/// </summary>
internal static class Measurements
{
    public sealed record Context(IServiceProvider Services, List<string> Counties, DateOnly Start, DateOnly Last, CancellationToken Ct)
    {
        public DateOnly Mid => Start.AddDays((Last.DayNumber - Start.DayNumber) / 2);

        /// <summary>The day nobody in 临县 reported.</summary>
        public DateOnly Worst => Last.AddDays(-1);
    }

    public static readonly (string Name, string What, Func<Context, Task<object>> Call)[] All =
    [
        ("table-county-last", "county table, 临县 (57 units), last day", c => Table(c, Seeder.MainCounty, c.Last)),
        ("table-county-mid", "county table, 临县, middle day", c => Table(c, Seeder.MainCounty, c.Mid)),
        ("table-county-none", "county table, 临县, the day nobody reported (every unit from the records)", c => Table(c, Seeder.MainCounty, c.Worst)),
        ("table-all-last", "county table, all 13 counties one after another, last day", async c =>
        {
            var rows = 0;
            foreach (var county in c.Counties)
            {
                rows += ((CountyTable)await Table(c, county, c.Last)).Rows.Count();
            }
            return rows;
        }),
        ("table-all-mid", "county table, all 13 counties one after another, middle day", async c =>
        {
            var rows = 0;
            foreach (var county in c.Counties)
            {
                rows += ((CountyTable)await Table(c, county, c.Mid)).Rows.Count();
            }
            return rows;
        }),
        ("matrix-county", "matrix, 临县 × 100 days", c => Matrix(c, Seeder.MainCounty)),
        ("matrix-all", "matrix, all 13 counties × 100 days, one after another", async c =>
        {
            var rows = 0;
            foreach (var county in c.Counties)
            {
                rows += ((ReportMatrix)await Matrix(c, county)).Rows.Count;
            }
            return rows;
        }),
        ("missing-county", "missing list, 临县, last day", async c =>
        {
            using var scope = c.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CountyTableService>().MissingAsync(Seeder.MainCounty, c.Last, c.Ct);
        }),
    ];

    private static async Task<object> Table(Context c, string county, DateOnly day)
    {
        using var scope = c.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CountyTableService>().BuildAsync(county, day, c.Ct)
            ?? throw new InvalidOperationException("No campaign in " + county);
    }

    private static async Task<object> Matrix(Context c, string county)
    {
        using var scope = c.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CountyTableService>().MatrixAsync(county, c.Start, c.Last, c.Ct)
            ?? throw new InvalidOperationException("No campaign in " + county);
    }

    private static async Task<Context> ContextAsync(WebApplicationFactory<global::Program> factory, string engine, CancellationToken ct)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // ANALYZE first: an index added by a migration since the seed has statistics like the others.
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        var counties = await db.OrgUnits.AsNoTracking().Where(u => u.ParentCode == Seeder.Prefecture && u.Kind == OrgUnitKind.County)
            .OrderBy(u => u.Code).Select(u => u.Code).ToListAsync(ct);
        var campaign = await CampaignEndpoints.CurrentAsync(db, Seeder.MainCounty, ct) ?? throw new InvalidOperationException("Not seeded: run `seed` first.");
        var last = await db.Visits.Where(v => v.CampaignId == campaign.Id).MaxAsync(v => v.Day, ct);
        var context = new Context(factory.Services, counties, campaign.MobilisationStart, last, ct);
        Console.WriteLine($"{engine}: {await db.Targets.CountAsync(ct):N0} targets, {await db.Visits.CountAsync(ct):N0} visits, " +
            $"{await db.Hazards.CountAsync(ct):N0} hazards, {await db.DailyReports.CountAsync(ct):N0} daily reports in {counties.Count} counties; " +
            $"days {context.Start:yyyy-MM-dd} to {context.Last:yyyy-MM-dd} (middle {context.Mid:yyyy-MM-dd}, nobody in 临县 reported on {context.Worst:yyyy-MM-dd})");
        return context;
    }

    public static async Task RunAsync(string engine, string provider, string cs, Options o, CancellationToken ct)
    {
        await using var factory = BenchApp.Start(provider, cs);
        var c = await ContextAsync(factory, engine, ct);
        foreach (var (what, day) in new[] { ("last day", c.Last), ("middle day", c.Mid), ("nobody reported", c.Worst) })
        {
            var table = (CountyTable)await Table(c, Seeder.MainCounty, day);
            var visited = table.Townships.Total.GetValueOrDefault(DailyFigures.VisitedTotal);
            var found = table.Townships.Total.GetValueOrDefault(DailyFigures.HazardsFound);
            Console.WriteLine($"  临县 {what} {day:yyyy-MM-dd}: {table.Townships.Rows.Count} townships, {table.Institutions.Rows.Count} institutions; " +
                $"on time {table.OnTime}, late {table.Late}, missing {table.Missing}; visited {visited.Today:N0} today / {visited.Cumulative:N0} so far, " +
                $"hazards found {found.Today:N0} / {found.Cumulative:N0}");
        }
        await CheckFiguresAsync(c, Seeder.MainCounty, c.Mid);
        var matrix = (ReportMatrix)await Matrix(c, Seeder.MainCounty);
        Console.WriteLine($"  临县 matrix: {matrix.Rows.Count} units × {matrix.Days.Count} days; on time {matrix.Counts.Sum(d => d.OnTime):N0}, " +
            $"late {matrix.Counts.Sum(d => d.Late):N0}, missing {matrix.Counts.Sum(d => d.Missing):N0}");
        var selected = All.Where(m => o.Only.Length == 0 || o.Only.Contains(m.Name)).ToList();
        // Every entry a few times before any is timed: otherwise the first entry timed runs partly on the JIT's first
        // tier (tiered compilation promotes a method after 30 calls), which made it look up to twice as slow as the next.
        for (var round = 0; round < 5; round++)
        {
            foreach (var (_, _, call) in selected)
            {
                await call(c);
            }
        }
        foreach (var (_, what, call) in selected)
        {
            await TimeAsync(engine, what, o.Runs, () => call(c));
        }
    }

    /// <summary>
    /// The seed's figures against the app's: the computed cells of every report of the county on the day against
    /// DailyReportCalculator on the records (they differ only where the seed put a correction).
    /// </summary>
    private static async Task CheckFiguresAsync(Context c, string county, DateOnly day)
    {
        var table = (CountyTable)await Table(c, county, day);
        using var scope = c.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var campaign = await CampaignEndpoints.CurrentAsync(db, county, c.Ct) ?? throw new InvalidOperationException("No campaign.");
        var paths = await db.OrgUnits.AsNoTracking().Where(u => u.CountyCode == county).ToDictionaryAsync(u => u.Code, u => u.Path, c.Ct);
        var reported = table.Rows.Where(r => r.State != ReportState.Missing).ToList();
        var units = reported.Select(r => new ReportUnit(r.OrgUnitCode, paths[r.OrgUnitCode], r.Kind)).ToList();
        var computed = await scope.ServiceProvider.GetRequiredService<DailyReportCalculator>()
            .ComputeManyAsync(campaign.Id, county, paths[county], units, day, c.Ct);
        var cells = 0;
        var differ = new List<string>();
        foreach (var unit in units)
        {
            var stored = reported.Single(r => r.OrgUnitCode == unit.Code).Figures;
            foreach (var (key, value) in computed[unit])
            {
                cells++;
                if (stored[key] != value)
                {
                    differ.Add($"{unit.Code} {key} stored {stored[key].Today}/{stored[key].Cumulative}, records {value.Today}/{value.Cumulative}");
                }
            }
        }
        Console.WriteLine($"  临县 {day:yyyy-MM-dd}: {cells:N0} computed cells of {units.Count} reports against the records: {cells - differ.Count:N0} equal" +
            (differ.Count == 0 ? "" : $", {differ.Count} differ (the seed's corrections): " + string.Join("; ", differ.Take(3))));
    }

    public static async Task TimeAsync(string engine, string what, int runs, Func<Task<object>> action)
    {
        for (var i = 0; i < 3; i++)
        {
            await action();
        }
        var times = new List<double>();
        var (count0, db0) = SqlLog.Read();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        var (count1, db1) = SqlLog.Read();
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {engine} | {what} | median {times[times.Count / 2]:F1} ms | p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F1} ms | " +
            $"min–max {times[0]:F1}–{times[^1]:F1} ms | {(count1 - count0) / (double)runs:F0} SQL statements, {(db1 - db0) / runs:F1} ms to their first row"));
    }

    /// <summary>
    /// Each measurement once with its SQL captured: the statements grouped by text (count, time to the first row),
    /// and the plan of the costliest (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL) with the
    /// parameters of its slowest run.
    /// </summary>
    public static async Task ExplainAsync(string engine, string provider, string cs, Options o, CancellationToken ct)
    {
        await using var factory = BenchApp.Start(provider, cs);
        var c = await ContextAsync(factory, engine, ct);
        foreach (var (name, what, call) in All)
        {
            if (o.Only.Length != 0 && !o.Only.Contains(name))
            {
                continue;
            }
            await call(c);
            SqlLog.Capture = new ConcurrentQueue<SqlLog.Statement>();
            var sw = Stopwatch.StartNew();
            await call(c);
            var total = sw.Elapsed.TotalMilliseconds;
            var statements = SqlLog.Capture.ToList();
            SqlLog.Capture = null;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"=== {engine} | {what}: {total:F1} ms, {statements.Count} statements, {statements.Sum(s => s.Milliseconds):F1} ms to their first row"));
            var groups = statements.GroupBy(s => s.Text).Select(g => (Text: g.Key, Count: g.Count(), Ms: g.Sum(s => s.Milliseconds), Slowest: g.MaxBy(s => s.Milliseconds)!))
                .OrderByDescending(g => g.Ms).ToList();
            foreach (var (g, i) in groups.Select((g, i) => (g, i)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- #{i + 1}: {g.Count} × , {g.Ms:F1} ms in all, slowest {g.Slowest.Milliseconds:F1} ms"));
                if (i >= o.Explain)
                {
                    Console.WriteLine(OneLine(g.Text));
                    continue;
                }
                Console.WriteLine(g.Text);
                Console.WriteLine("    parameters: " + string.Join(", ", g.Slowest.Parameters.Select(p => $"{p.ParameterName}={Show(p.Value)}")));
                Console.WriteLine(await PlanAsync(factory, provider, g.Slowest, ct));
            }
        }
    }

    private static string OneLine(string sql)
    {
        var one = string.Join(' ', sql.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return one.Length > 300 ? one[..300] + " …" : one;
    }

    private static string Show(object? value) => value switch
    {
        null or DBNull => "null",
        string s => "'" + s + "'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static async Task<string> PlanAsync(WebApplicationFactory<global::Program> factory, string provider, SqlLog.Statement s, CancellationToken ct)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        DbCommand Command(string prefix)
        {
            var command = connection.CreateCommand();
            command.CommandText = prefix + s.Text;
            foreach (var p in s.Parameters)
            {
                command.Parameters.Add(p is NpgsqlParameter n ? n.Clone() : new Microsoft.Data.Sqlite.SqliteParameter(p.ParameterName, p.Value));
            }
            return command;
        }
        // The statement itself, every row read: the time to the first row hides the rest on SQLite, which groups as it steps.
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < 5; i++)
        {
            await using var run = Command("");
            var sw = Stopwatch.StartNew();
            await using var all = await run.ExecuteReaderAsync(ct);
            rows = 0;
            while (await all.ReadAsync(ct))
            {
                rows++;
            }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"    run alone, all rows read: {rows:N0} rows, median {times[2]:F1} ms (min {times[0]:F1}, max {times[4]:F1}) of 5\n"));
        await using var command = Command(provider == "postgres" ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            text.Append("    ");
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.GetValue(i)).Append(i + 1 < reader.FieldCount ? " | " : "");
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}
