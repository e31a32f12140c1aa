using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.OrgUnits;

/// <summary>
/// Adds a county's villages and communities from a spreadsheet (乡镇, 村(社区)名称, optional 村级代码): the
/// national codes go down to townships only, so villages come from the county's own lists. All or nothing,
/// checked with the same rules as adding one village by hand.
/// </summary>
public sealed class VillageImport(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<VillageImport> logger)
{
    public const string Township = "乡镇";
    public const string Name = "村(社区)名称";
    public const string Code = "村级代码";

    private static readonly string[] Columns = [Township, Name, Code];

    private static readonly IReadOnlyDictionary<string, string> Synonyms = HeaderDetector.BuildSynonyms(new Dictionary<string, string[]>
    {
        [Township] = ["乡镇", "乡(镇)", "所属乡镇", "乡镇名称", "乡镇(街道)", "乡镇代码", "街道"],
        [Name] = ["村(社区)名称", "村(社区)", "村名", "村名称", "村委会名称", "社区名称", "村(居)委会", "村(居)委会名称", "名称", "村委会", "村"],
        [Code] = ["村级代码", "代码", "村代码", "村级区划代码", "统计用区划代码", "区划代码", "统计代码"],
    });

    private static readonly AppProblem HeaderMissing = Problems.ImportHeaderMissing with { Message = "找不到表头行：表中需要有“乡镇”和“村(社区)名称”两列" };

    public sealed record Result(int Added);

    private sealed record Pending(int Row, OrgUnit Township, string Name, string? Code);

    public async Task<Result> ImportAsync(CurrentUser user, Stream file, string fileName, CancellationToken ct)
    {
        SpreadsheetRows.EnsureXlsx(file);
        var townships = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Kind == OrgUnitKind.Township).ToListAsync(ct);
        var townshipCodes = townships.Select(t => t.Code).ToList();
        var children = await db.OrgUnits.AsNoTracking().Where(o => o.ParentCode != null && townshipCodes.Contains(o.ParentCode))
            .Select(o => new { o.Code, o.Name, o.ParentCode }).ToListAsync(ct);
        var byKey = new Dictionary<string, List<OrgUnit>>(StringComparer.Ordinal);
        foreach (var t in townships)
        {
            foreach (var key in new[] { t.Code, t.Name, ShortName(t.Name) }.Distinct())
            {
                if (!byKey.TryGetValue(key, out var list))
                {
                    byKey[key] = list = [];
                }
                list.Add(t);
            }
        }
        var codesOf = townships.ToDictionary(t => t.Code, t => children.Where(c => c.ParentCode == t.Code).Select(c => c.Code).ToHashSet(StringComparer.Ordinal));
        var namesOf = townships.ToDictionary(t => t.Code, t => children.Where(c => c.ParentCode == t.Code).Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
        var allCodes = children.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        var errors = new List<ImportError>();
        var pending = new List<Pending>();
        foreach (var (row, cells) in SpreadsheetRows.Read(file, Columns, Synonyms, [Township, Name], HeaderMissing))
        {
            var townshipText = TargetRules.Clean(CellValues.Text(cells[0]));
            var name = TargetRules.Clean(CellValues.Text(cells[1]));
            var code = IdNumbers.Normalize(CellValues.Text(cells[2]));
            var key = townshipText.Length > 0 && IdNumbers.Normalize(townshipText).All(char.IsAsciiDigit) ? IdNumbers.Normalize(townshipText) : townshipText;
            if (townshipText.Length == 0)
            {
                errors.Add(new ImportError(row, Township, "乡镇不能为空"));
                continue;
            }
            if (!byKey.TryGetValue(key, out var matches))
            {
                errors.Add(new ImportError(row, Township, $"找不到乡镇“{townshipText}”，或不在您的管辖范围内；可填写乡镇名称或 9 位乡镇代码"));
                continue;
            }
            if (matches.Count > 1)
            {
                errors.Add(new ImportError(row, Township, $"有多个乡镇名为“{townshipText}”，请填写 9 位乡镇代码"));
                continue;
            }
            var township = matches[0];
            var problem = OrgTree.CheckVillage(township, name, code.Length == 0 ? null : code, allCodes, namesOf[township.Code]);
            if (problem is not null)
            {
                errors.Add(new ImportError(row, problem.Contains("代码", StringComparison.Ordinal) ? Code : Name, problem));
                continue;
            }
            namesOf[township.Code].Add(name);
            if (code.Length > 0)
            {
                allCodes.Add(code);
                codesOf[township.Code].Add(code);
            }
            pending.Add(new Pending(row, township, name, code.Length == 0 ? null : code));
        }

        var given = pending.Where(p => p.Code is not null).Select(p => p.Code!).ToList();
        if (given.Count > 0)
        {
            // Codes outside the importer's townships (a typo that hits another county's village) are taken too.
            var takenElsewhere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in given.Chunk(500))
            {
                takenElsewhere.UnionWith(await db.OrgUnits.AsNoTracking().Where(o => chunk.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct));
            }
            errors.AddRange(pending.Where(p => p.Code is not null && takenElsewhere.Contains(p.Code)).Select(p => new ImportError(p.Row, Code, $"代码 {p.Code} 已被使用")));
        }
        if (errors.Count > 0)
        {
            throw new AppProblemException((Problems.ImportHasErrors with { Message = "文件中有错误行，未导入任何村(社区)。请按提示修改后重新上传" })
                .With("errors", errors.OrderBy(e => e.Row).Take(TargetImporter.MaxErrorsInResponse).ToList())
                .With("errorCount", errors.Count));
        }

        var now = clock.GetUtcNow();
        foreach (var p in pending)
        {
            var code = p.Code ?? OrgTree.NextVillageCode(p.Township.Code, codesOf[p.Township.Code]);
            codesOf[p.Township.Code].Add(code);
            db.OrgUnits.Add(new OrgUnit
            {
                Code = code,
                Name = p.Name,
                Kind = OrgUnitKind.Village,
                ParentCode = p.Township.Code,
                Path = OrgUnit.ChildPath(p.Township.Path, code),
                CountyCode = p.Township.CountyCode,
                CreatedAt = now,
            });
        }
        audit.Add(user, AuditActionsOrg.ImportVillages, "org-unit", null, user.OrgUnitCode,
            details: $"文件：{fileName}；新增 {pending.Count} 个村(社区)");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Village import by {UserId}: {Added} added", user.Id, pending.Count);
        return new Result(pending.Count);
    }

    private static string ShortName(string name)
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

    public static void Map(RouteGroupBuilder orgUnits)
    {
        orgUnits.MapPost("/villages/import", async (HttpContext http, VillageImport import, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            if (!http.Request.HasFormContentType)
            {
                throw new AppProblemException(Problems.ImportFileInvalid with { Message = "请以表单（multipart/form-data）上传 Excel 文件" });
            }
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw new AppProblemException(Problems.ImportFileInvalid with { Message = "请选择要上传的 Excel 文件（.xlsx）" });
            await using var stream = file.OpenReadStream();
            return await import.ImportAsync(user, stream, Path.GetFileName(file.FileName), ct);
        }).RequirePermission(Permission.OrgManage).DisableAntiforgery()
          .WithSummary("从 Excel 批量导入村(社区)（列：乡镇、村(社区)名称、村级代码(可选)）");
    }
}
