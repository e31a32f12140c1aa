using System.Diagnostics;
using System.Globalization;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Targets;

public enum ImportMode
{
    /// <summary>Check only; nothing is stored.</summary>
    Validate,
    /// <summary>Store every row, or nothing when any row has an error.</summary>
    All,
    /// <summary>Store the rows without errors, skip the others.</summary>
    ValidOnly,
}

public sealed record ImportResult(
    Guid ImportId,
    int TotalRows,
    int ValidRows,
    int ErrorRows,
    int Imported,
    IReadOnlyList<ImportError> Errors,
    int ErrorCount,
    string? ErrorReportUrl,
    Guid? BatchId);

/// <summary>
/// Imports the registry from the spreadsheets offices already keep. The file is streamed once: each row is
/// checked as it is read, the valid ones are kept as entities, and only then, when the mode allows, stored
/// in one transaction with one audit row. Everything the checks need (the villages in scope, the ID
/// numbers already registered in the county) is loaded before the first row, never per row.
/// </summary>
public sealed class TargetImporter(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<TargetImporter> logger)
{
    public const int MaxErrorsInResponse = 1000;
    private const int ProgressEvery = 1000;

    /// <summary>The example row of the template; an office that forgets to delete it does not import a made-up person.</summary>
    public static readonly string ExampleName = "示例张三";
    public static readonly string ExampleIdNumber = "14112919500102001" + IdNumbers.CheckDigit("14112919500102001");

    private static readonly string[] RequiredHeaders = [RosterColumns.Name, RosterColumns.IdNumber];
    private static readonly string CategoryHelp = string.Join("、", TargetNames.Categories.Select(c => c.Name));

    public static string ErrorReportUrl(Guid importId) => $"/api/v1/targets/import/{importId}/errors.xlsx";

    public async Task<ImportResult> ImportAsync(CurrentUser user, Stream file, string fileName, ImportMode mode, ImportRegistry.Entry progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        progress.Enter(ImportPhase.Reading);
        SpreadsheetRows.EnsureXlsx(file);
        var places = await Places.LoadAsync(db, user, ct);
        var registered = await RegisteredIdsAsync(places.Counties, ct);

        var run = new Run(places, registered, user.CountyCode);
        var rows = SpreadsheetRows.Read(file, RosterColumns.Template, RosterColumns.Synonyms, RequiredHeaders,
            Problems.ImportHeaderMissing, columns =>
            {
                run.PresentColumns = columns;
                progress.Enter(ImportPhase.Validating);
            });
        foreach (var (rowNumber, cells) in rows)
        {
            run.Check(rowNumber, cells);
            if (run.Total % ProgressEvery == 0)
            {
                progress.Progress(run.Total);
                ct.ThrowIfCancellationRequested();
            }
        }
        var (errors, errorRows, valid) = run.Finish();
        var checkedMs = watch.ElapsedMilliseconds;
        var imported = 0;
        Guid? batchId = null;
        if (valid.Count > 0 && (mode == ImportMode.ValidOnly || (mode == ImportMode.All && errorRows.Count == 0)))
        {
            batchId = Guid.NewGuid();
            imported = await StoreAsync(user, valid, batchId.Value, fileName, mode, run.Total, errorRows.Count, progress, ct);
        }
        progress.Finish(run.Total, errors, errorRows);
        logger.LogInformation("Import {ImportId} by {UserId} ({Mode}): {Total} rows, {Errors} with errors, {Imported} stored; read and checked in {CheckedMs} ms, {ElapsedMs} ms in all",
            progress.ImportId, user.Id, mode, run.Total, errorRows.Count, imported, checkedMs, watch.ElapsedMilliseconds);
        return new ImportResult(progress.ImportId, run.Total, run.Total - errorRows.Count, errorRows.Count, imported,
            errors.Take(MaxErrorsInResponse).ToList(), errors.Count, errors.Count > 0 ? ErrorReportUrl(progress.ImportId) : null, batchId);
    }

    private static int Column(string name) => SpreadsheetRows.IndexOf(RosterColumns.Template, name);

    private async Task<Dictionary<string, HashSet<string>>> RegisteredIdsAsync(IReadOnlyCollection<string> counties, CancellationToken ct)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var county in counties)
        {
            // The whole county, not only the importer's scope: the unique index is per county.
            var ids = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var id in db.Targets.AsNoTracking().Where(t => t.CountyCode == county).Select(t => t.IdNumber).AsAsyncEnumerable().WithCancellation(ct))
            {
                ids.Add(id);
            }
            result[county] = ids;
        }
        return result;
    }

    private async Task<int> StoreAsync(CurrentUser user, List<Target> rows, Guid batchId, string fileName, ImportMode mode, int total, int errorRows,
        ImportRegistry.Entry progress, CancellationToken ct)
    {
        progress.Enter(ImportPhase.Storing);
        var now = clock.GetUtcNow();
        foreach (var t in rows)
        {
            // Version 7 starts with the time: each batch lands at the end of the primary-key index of a large registry
            // instead of all over it.
            t.Id = Guid.CreateVersion7(now);
            t.ImportBatchId = batchId;
            t.CreatedAt = now;
            t.UpdatedAt = now;
            t.Version = 1;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var stored = await TargetBulkInsert.InsertAsync(db, rows, progress.Progress, ct);
            audit.Add(user, AuditActions.Import, "target", batchId.ToString(), user.OrgUnitCode,
                details: $"文件：{fileName}；方式：{ModeName(mode)}；共 {total} 行，导入 {stored} 行，错误 {errorRows} 行；导入批次：{batchId}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return stored;
        }
        catch (Exception e) when (Database.IsUniqueViolation(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new AppProblemException(Problems.ImportConflict);
        }
    }


    public static string ModeName(ImportMode mode) => mode switch
    {
        ImportMode.Validate => "仅检查",
        ImportMode.All => "全部导入",
        ImportMode.ValidOnly => "仅导入正确的行",
    };

    /// <summary>The villages, institutions and townships the importer may register people under, indexed for lookups by name or code.</summary>
    private sealed class Places
    {
        public Dictionary<string, OrgUnit> ByCode { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<OrgUnit>> ByName { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<OrgUnit>> Townships { get; } = new(StringComparer.Ordinal);
        public List<string> Counties { get; } = [];

        public static async Task<Places> LoadAsync(AppDbContext db, CurrentUser user, CancellationToken ct)
        {
            var units = await db.OrgUnits.AsNoTracking().VisibleTo(user)
                .Where(o => o.Kind == OrgUnitKind.Village || o.Kind == OrgUnitKind.Institution || o.Kind == OrgUnitKind.Township)
                .ToListAsync(ct);
            var places = new Places();
            foreach (var unit in units)
            {
                if (unit.Kind == OrgUnitKind.Township)
                {
                    Add(places.Townships, unit.Code, unit);
                    Add(places.Townships, unit.Name, unit);
                    var shortName = ShortTownship(unit.Name);
                    if (shortName != unit.Name)
                    {
                        Add(places.Townships, shortName, unit);
                    }
                    continue;
                }
                places.ByCode[unit.Code] = unit;
                Add(places.ByName, unit.Name, unit);
            }
            places.Counties.AddRange(units.Select(u => u.CountyCode).Append(user.CountyCode).Distinct());
            return places;
        }

        private static void Add(Dictionary<string, List<OrgUnit>> index, string key, OrgUnit unit)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }
            if (!list.Contains(unit))
            {
                list.Add(unit);
            }
        }

        private static string ShortTownship(string name)
        {
            foreach (var suffix in (string[])["街道办事处", "街道", "镇", "乡"])
            {
                if (name.Length > suffix.Length + 1 && name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return name[..^suffix.Length];
                }
            }
            return name;
        }

        /// <summary>"XX村委会" and "XX村民委员会" are the village "XX村"; "XX社区居委会" the community "XX社区".</summary>
        public static string VillageAlias(string name)
        {
            foreach (var (suffix, replacement) in (ReadOnlySpan<(string, string)>)[("村民委员会", "村"), ("村委会", "村"), ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居委会", "社区")])
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return name[..^suffix.Length] + replacement;
                }
            }
            return name;
        }
    }

    /// <summary>The state of one pass over the rows.</summary>
    private sealed class Run(Places places, Dictionary<string, HashSet<string>> registered, string ownCounty)
    {
        private readonly List<ImportError> errors = [];
        private readonly Dictionary<int, ImportErrorRow> errorRows = [];
        private readonly List<(int Row, Target Target)> candidates = [];
        private readonly Dictionary<string, int> firstRowOfId = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Township, string Village), (OrgUnit? Unit, ImportError? Error)> placeCache = [];
        private readonly List<FieldError> fieldErrors = [];
        private int currentRow;

        public int Total { get; private set; }

        /// <summary>The columns the header has; a required one that is missing is named in each row's message.</summary>
        public IReadOnlySet<string> PresentColumns { get; set; } = new HashSet<string>();

        private string Missing(string column, string message) =>
            PresentColumns.Contains(column) ? message : $"表头中没有“{column}”列，请加上该列并填写";

        public (List<ImportError> Errors, Dictionary<int, ImportErrorRow> ErrorRows, List<Target> Valid) Finish()
        {
            var sorted = errors.OrderBy(e => e.Row).ToList();
            var valid = candidates.Where(c => !errorRows.ContainsKey(c.Row)).Select(c => c.Target).ToList();
            return (sorted, errorRows, valid);
        }

        private void Error(string column, string message) => errors.Add(new ImportError(currentRow, column, message));

        private static string Get(object?[] cells, string column) => CellValues.Text(cells[Column(column)]);

        /// <summary>A 是/否 column: empty is 否; anything else is an error of the row.</summary>
        private bool YesNo(object?[] cells, string column)
        {
            var text = Get(cells, column).Trim();
            var value = text.Length == 0 ? false : TargetRiskNames.ParseYesNo(text);
            if (value is null)
            {
                Error(column, $"{column}应填“是”或“否”");
            }
            return value ?? false;
        }

        public void Check(int row, object?[] cells)
        {
            currentRow = row;
            var errorsBefore = errors.Count;
            var name = PersonName(Get(cells, RosterColumns.Name));
            var idProblem = CellValues.IdNumber(cells[Column(RosterColumns.IdNumber)], out var id, out var birth, out var sex);
            if (name == ExampleName && id == ExampleIdNumber)
            {
                return;
            }
            Total++;

            fieldErrors.Clear();
            TargetRules.CheckText(name, RosterColumns.Name, TargetRules.NameMax, true, fieldErrors);
            foreach (var e in fieldErrors)
            {
                Error(e.Field, e.Message);
            }
            fieldErrors.Clear();

            var unit = ResolvePlace(TargetRules.Clean(Get(cells, RosterColumns.Township)), TargetRules.Clean(Get(cells, RosterColumns.Village)));

            if (idProblem is { } problem)
            {
                Error(RosterColumns.IdNumber, IdNumbers.Message(problem));
            }
            else
            {
                if (firstRowOfId.TryGetValue(id, out var first))
                {
                    Error(RosterColumns.IdNumber, $"身份证号与第 {first} 行重复");
                    errors.Add(new ImportError(first, RosterColumns.IdNumber, $"身份证号与第 {row} 行重复"));
                    MarkBad(first, null, null);
                }
                else
                {
                    firstRowOfId[id] = row;
                }
                if (registered.TryGetValue(unit?.CountyCode ?? ownCounty, out var ids) && ids.Contains(id))
                {
                    Error(RosterColumns.IdNumber, "该身份证号已在本县服务对象名册中，无须重复导入");
                }
            }

            var categoryText = TargetRules.Clean(Get(cells, RosterColumns.Categories));
            var mode = TargetRules.Clean(Get(cells, RosterColumns.SupportMode));
            var categories = CheckCategories(categoryText, mode);

            var phone = TargetRules.NormalizePhone(Get(cells, RosterColumns.Phone));
            TargetRules.CheckPhone(phone, RosterColumns.Phone, fieldErrors);
            var guardianPhone = TargetRules.NormalizePhone(Get(cells, RosterColumns.GuardianPhone));
            TargetRules.CheckPhone(guardianPhone, RosterColumns.GuardianPhone, fieldErrors);
            var address = TargetRules.Clean(Get(cells, RosterColumns.Address));
            TargetRules.CheckText(address, RosterColumns.Address, TargetRules.AddressMax, false, fieldErrors);
            var household = TargetRules.Clean(Get(cells, RosterColumns.Household));
            TargetRules.CheckText(household, RosterColumns.Household, 100, false, fieldErrors);
            var guardian = TargetRules.Clean(Get(cells, RosterColumns.Guardian));
            TargetRules.CheckText(guardian, RosterColumns.Guardian, 50, false, fieldErrors);
            var notes = Get(cells, RosterColumns.Notes).Trim();
            TargetRules.CheckText(notes, RosterColumns.Notes, TargetRules.NotesMax, false, fieldErrors);
            foreach (var e in fieldErrors)
            {
                Error(e.Field, e.Message);
            }
            var heatingText = Get(cells, RosterColumns.Heating).Trim();
            var heating = heatingText.Length == 0 ? null : TargetRiskNames.ParseHeating(heatingText);
            if (heatingText.Length > 0 && heating is null)
            {
                Error(RosterColumns.Heating, "取暖方式应为燃煤、炭火、电、燃气、集中供暖或其他");
            }
            var bedridden = YesNo(cells, RosterColumns.Bedridden);
            var houseAtRisk = YesNo(cells, RosterColumns.HouseAtRisk);

            var (latitude, longitude) = CheckGps(cells);
            CheckBirthDate(cells[Column(RosterColumns.BirthDate)], idProblem is null ? birth : null);

            if (errors.Count > errorsBefore)
            {
                MarkBad(row, name, id);
                return;
            }
            candidates.Add((row, new Target
            {
                CountyCode = unit!.CountyCode,
                OrgUnitCode = unit.Code,
                OrgPath = unit.Path,
                Name = name,
                Categories = categories,
                IdNumber = id,
                BirthDate = birth,
                Sex = sex,
                Phone = phone.Length == 0 ? null : phone,
                GuardianPhone = guardianPhone.Length == 0 ? null : guardianPhone,
                Address = address.Length == 0 ? null : address,
                Household = household.Length == 0 ? null : household,
                GuardianName = guardian.Length == 0 ? null : guardian,
                Notes = notes.Length == 0 ? null : notes,
                Heating = heating,
                Bedridden = bedridden,
                HouseAtRisk = houseAtRisk,
                Latitude = latitude,
                Longitude = longitude,
                Status = TargetStatus.Active,
            }));
        }

        /// <summary>Spaces typed to align two-character names in a column ("王　英") are not part of a Chinese name.</summary>
        private static string PersonName(string raw)
        {
            var name = TargetRules.Clean(raw);
            return name.Contains(' ', StringComparison.Ordinal) && name.Any(c => c >= '\u4E00' && c <= '\u9FFF')
                ? name.Replace(" ", "", StringComparison.Ordinal)
                : name;
        }

        private void MarkBad(int row, string? name, string? id)
        {
            if (errorRows.ContainsKey(row))
            {
                return;
            }
            if (name is null)
            {
                // A row found bad later (the first of two duplicates) was a candidate: take its values from there.
                var (lo, hi) = (0, candidates.Count - 1);
                while (lo <= hi)
                {
                    // Candidates are added in row order.
                    var mid = (lo + hi) / 2;
                    if (candidates[mid].Row == row)
                    {
                        (name, id) = (candidates[mid].Target.Name, candidates[mid].Target.IdNumber);
                        break;
                    }
                    (lo, hi) = candidates[mid].Row < row ? (mid + 1, hi) : (lo, mid - 1);
                }
            }
            errorRows[row] = new ImportErrorRow(row, name ?? "", Masking.IdNumber(id));
        }

        private OrgUnit? ResolvePlace(string township, string village)
        {
            if (village.Length == 0)
            {
                Error(RosterColumns.Village, Missing(RosterColumns.Village, "村(社区)不能为空"));
                return null;
            }
            if (!placeCache.TryGetValue((township, village), out var resolved))
            {
                resolved = Resolve(township, village);
                placeCache[(township, village)] = resolved;
            }
            if (resolved.Error is { } error)
            {
                errors.Add(error with { Row = currentRow });
            }
            return resolved.Unit;
        }

        private (OrgUnit?, ImportError?) Resolve(string township, string village)
        {
            static ImportError Fail(string column, string message) => new(0, column, message);
            var code = IdNumbers.Normalize(village);
            if ((code.Length == 12 && code.All(char.IsAsciiDigit)) || places.ByCode.ContainsKey(code))
            {
                return places.ByCode.TryGetValue(code, out var byCode)
                    ? (byCode, null)
                    : (null, Fail(RosterColumns.Village, $"找不到代码为 {code} 的村(社区)，或不在您的管辖范围内"));
            }
            if (!places.ByName.TryGetValue(village, out var candidates) && !places.ByName.TryGetValue(Places.VillageAlias(village), out candidates))
            {
                return (null, Fail(RosterColumns.Village, $"找不到名为“{village}”的村(社区)，或不在您的管辖范围内；请按系统中的村(社区)名称填写"));
            }
            if (township.Length > 0)
            {
                var townshipKey = IdNumbers.Normalize(township).All(char.IsAsciiDigit) ? IdNumbers.Normalize(township) : township;
                if (!places.Townships.TryGetValue(townshipKey, out var townships))
                {
                    return (null, Fail(RosterColumns.Township, $"找不到乡镇“{township}”，或不在您的管辖范围内"));
                }
                var inTownship = candidates.Where(c => townships.Any(t => c.Path.Contains("/" + t.Code + "/", StringComparison.Ordinal))).ToList();
                if (inTownship.Count == 0)
                {
                    return (null, Fail(RosterColumns.Village, $"{township}没有名为“{village}”的村(社区)"));
                }
                candidates = inTownship;
            }
            return candidates.Count == 1
                ? (candidates[0], null)
                : (null, Fail(RosterColumns.Village, $"有 {candidates.Count} 个名为“{village}”的村(社区)，请在“乡镇”列填写所属乡镇"));
        }

        private TargetCategory CheckCategories(string text, string mode)
        {
            if (text.Length == 0)
            {
                Error(RosterColumns.Categories, Missing(RosterColumns.Categories, "服务对象类别不能为空"));
                return TargetCategory.None;
            }
            if (mode.Length > 0 && mode is not ("集中" or "集中供养" or "分散" or "分散供养"))
            {
                Error(RosterColumns.SupportMode, "特困供养方式应填写“集中供养”或“分散供养”");
                mode = "";
            }
            var categories = TargetNames.ParseCategories(text, mode, out var unknown);
            foreach (var word in unknown)
            {
                var bare = word.Replace("（", "(").Replace("）", ")");
                Error(RosterColumns.Categories, bare is "特困人员" or "特困" or "五保户" or "五保"
                    ? $"“{word}”须注明供养方式：在“特困供养方式”列填写集中供养或分散供养，或写成“特困人员(集中)”“特困人员(分散)”"
                    : $"无法识别的类别“{word}”，可填：{CategoryHelp}");
            }
            if (unknown.Count == 0 && categories == TargetCategory.None)
            {
                Error(RosterColumns.Categories, "服务对象类别不能为空");
            }
            if (categories.HasFlag(TargetCategory.ExtremePoorCentral) && categories.HasFlag(TargetCategory.ExtremePoorDispersed))
            {
                Error(RosterColumns.Categories, "特困人员只能是集中供养或分散供养之一");
            }
            return categories;
        }

        private (double? Latitude, double? Longitude) CheckGps(object?[] cells)
        {
            var lngCell = cells[Column(RosterColumns.Longitude)];
            var latCell = cells[Column(RosterColumns.Latitude)];
            double? lng = null, lat = null;
            var ok = true;
            if (lngCell is not null)
            {
                if (CellValues.TryNumber(lngCell, out var v))
                {
                    lng = v;
                }
                else
                {
                    Error(RosterColumns.Longitude, "经度应为数字，如 111.1935");
                    ok = false;
                }
            }
            if (latCell is not null)
            {
                if (CellValues.TryNumber(latCell, out var v))
                {
                    lat = v;
                }
                else
                {
                    Error(RosterColumns.Latitude, "纬度应为数字，如 37.3572");
                    ok = false;
                }
            }
            if (!ok)
            {
                return (null, null);
            }
            if (lat is null != lng is null)
            {
                Error(lat is null ? RosterColumns.Latitude : RosterColumns.Longitude, "经度和纬度要同时填写");
            }
            else if (lat is { } la && lng is { } ln && (la is < 3 or > 54 || ln is < 73 or > 136))
            {
                Error(RosterColumns.Longitude, "经纬度不在中国境内，请检查是否填反");
            }
            return (lat, lng);
        }

        private void CheckBirthDate(object? cell, DateOnly? fromId)
        {
            if (cell is null)
            {
                return;
            }
            if (!CellValues.TryDate(cell, out var date))
            {
                Error(RosterColumns.BirthDate, "出生日期格式不正确，请填写如 1950-01-02 的日期");
            }
            else if (fromId is { } birth && birth != date)
            {
                Error(RosterColumns.BirthDate, $"出生日期与身份证号中的出生日期（{birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}）不一致");
            }
        }
    }
}
