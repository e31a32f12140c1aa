using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace KnockDoor.Web.Features.Targets;

/// <summary>The registry's spreadsheet import: template, upload (check, import all, import the valid rows), progress and error report.</summary>
public static class TargetImportEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record ImportResponse(Guid ImportId, int TotalRows, int ValidRows, int ErrorRows, int Imported, IReadOnlyList<ImportError> Errors,
        int ErrorCount, string? ErrorReportUrl, Guid? BatchId);

    public static IServiceCollection AddTargetImport(this IServiceCollection services)
    {
        services.AddSingleton<ImportRegistry>();
        services.AddScoped<TargetImporter>();
        return services;
    }

    public static void MapTargetImport(this RouteGroupBuilder targets)
    {
        var group = targets.MapGroup("/import").RequirePermission(Permission.TargetsImport);

        group.MapGet("/template.xlsx", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var village = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Kind == OrgUnitKind.Village)
                .OrderBy(o => o.Path).FirstOrDefaultAsync(ct);
            var township = village?.ParentCode is { } parent
                ? await db.OrgUnits.AsNoTracking().Where(o => o.Code == parent).Select(o => o.Name).FirstOrDefaultAsync(ct)
                : null;
            var bytes = Template(township ?? "宁乡镇", village?.Name ?? "某某村");
            return TypedResults.File(bytes, XlsxContentType, "服务对象名册导入模板.xlsx");
        }).WithSummary("下载服务对象名册导入模板（Excel）");

        group.MapPost("", Import)
            .DisableAntiforgery()
            .WithSummary("导入服务对象名册（multipart：file，mode = validate | all | valid-only，可选 importId）");

        group.MapGet("/{importId:guid}/progress", (Guid importId, HttpContext http, ImportRegistry registry) =>
        {
            var entry = registry.Find(importId, http.RequireUser().Id) ?? throw new AppProblemException(Problems.NotFound);
            return new ImportProgressDto(ImportRegistry.PhaseName(entry.Phase), entry.ProcessedRows, entry.Done);
        }).WithSummary("导入进度（上传后服务器检查和写入的进度）");

        group.MapGet("/{importId:guid}/errors.xlsx", (Guid importId, HttpContext http, ImportRegistry registry) =>
        {
            var entry = registry.Find(importId, http.RequireUser().Id);
            if (entry is null || !entry.Done)
            {
                throw new AppProblemException(Problems.NotFound);
            }
            registry.Touch(entry);
            return TypedResults.File(ErrorReport(entry), XlsxContentType, "导入错误报告.xlsx");
        }).WithSummary("下载导入错误报告（行号、列、问题）");
    }

    private static async Task<IResult> Import(HttpContext http, TargetImporter importer, ImportRegistry registry, CancellationToken ct)
    {
        var user = http.RequireUser();
        if (!http.Request.HasFormContentType)
        {
            throw new AppProblemException(Problems.ImportFileInvalid with { Message = "请以表单（multipart/form-data）上传 Excel 文件" });
        }
        var form = await http.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new AppProblemException(Problems.ImportFileInvalid with { Message = "请选择要上传的 Excel 文件（.xlsx）" });
        var mode = ((string?)form["mode"])?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => ImportMode.All,
            "validate" => ImportMode.Validate,
            "valid-only" => ImportMode.ValidOnly,
            _ => throw new AppProblemException(Problems.Validation with { Message = "mode 只能是 validate、all 或 valid-only" }),
        };
        var importId = Guid.NewGuid();
        if (!string.IsNullOrWhiteSpace(form["importId"]) && !Guid.TryParse(form["importId"], out importId))
        {
            throw new AppProblemException(Problems.Validation with { Message = "importId 应为 GUID" });
        }
        var entry = registry.Start(importId, user.Id) ?? throw new AppProblemException(Problems.ImportInProgress);
        ImportResult result;
        try
        {
            await using var stream = file.OpenReadStream();
            result = await importer.ImportAsync(user, stream, Path.GetFileName(file.FileName), mode, entry, ct);
        }
        finally
        {
            if (!entry.Done)
            {
                entry.Finish(entry.ProcessedRows, [], new Dictionary<int, ImportErrorRow>());
            }
            registry.Touch(entry);
        }
        if (mode == ImportMode.All && result.ErrorRows > 0)
        {
            var problem = Problems.ImportHasErrors
                .With("importId", result.ImportId)
                .With("totalRows", result.TotalRows)
                .With("validRows", result.ValidRows)
                .With("errorRows", result.ErrorRows)
                .With("imported", 0)
                .With("errors", result.Errors)
                .With("errorCount", result.ErrorCount)
                .With("errorReportUrl", result.ErrorReportUrl);
            return problem.ToResult();
        }
        return TypedResults.Ok(new ImportResponse(result.ImportId, result.TotalRows, result.ValidRows, result.ErrorRows, result.Imported,
            result.Errors, result.ErrorCount, result.ErrorReportUrl, result.BatchId));
    }

    private static readonly string[] TextColumns = [RosterColumns.IdNumber, RosterColumns.Phone, RosterColumns.GuardianPhone, RosterColumns.BirthDate, RosterColumns.Village, RosterColumns.Township];

    /// <summary>Column widths and text format for the registry's sheets: an ID number typed into a text cell stays an ID number.</summary>
    public static OpenXmlConfiguration SheetConfiguration(IEnumerable<string> columns) => new()
    {
        FreezeRowCount = 1,
        AutoFilter = false,
        DynamicColumns = columns.Select(c => new DynamicExcelColumn(c)
        {
            Width = c switch
            {
                RosterColumns.IdNumber => 22,
                RosterColumns.Address or RosterColumns.Notes or RosterColumns.Categories or "问题" or "说明" => 36,
                RosterColumns.Phone or RosterColumns.GuardianPhone or RosterColumns.Guardian or RosterColumns.Village => 16,
                _ => 12,
            },
            Format = TextColumns.Contains(c) ? "@" : null,
        }).ToArray(),
    };

    public static byte[] Template(string township, string village)
    {
        var example = new Dictionary<string, object?>
        {
            [RosterColumns.Township] = township,
            [RosterColumns.Village] = village,
            [RosterColumns.Name] = TargetImporter.ExampleName,
            [RosterColumns.IdNumber] = TargetImporter.ExampleIdNumber,
            [RosterColumns.Categories] = "孤寡老人、独居老人、特困人员",
            [RosterColumns.SupportMode] = "分散供养",
            [RosterColumns.Phone] = "13900000000",
            [RosterColumns.Address] = village + "3组12号",
            [RosterColumns.Household] = TargetImporter.ExampleName,
            [RosterColumns.Guardian] = "张某某（侄子）",
            [RosterColumns.GuardianPhone] = "13800000000",
            [RosterColumns.Longitude] = 111.1935,
            [RosterColumns.Latitude] = 37.3572,
            [RosterColumns.BirthDate] = "1950-01-02",
            [RosterColumns.Notes] = "示例行，可删除；导入时会自动跳过",
            [RosterColumns.Heating] = "燃煤",
            [RosterColumns.Bedridden] = "否",
            [RosterColumns.HouseAtRisk] = "否",
        };
        var help = new List<Dictionary<string, object?>>();
        void Help(string item, string text) => help.Add(new() { ["项目"] = item, ["说明"] = text });
        Help("填写方式", "从第 3 行起每行填写一人；第 2 行为示例，可删除（导入时自动跳过）。表头上方可以有标题行，表头名称不要改动。");
        Help("必填列", "村(社区)、姓名、身份证号、服务对象类别。");
        Help("乡镇", "可不填；有同名村(社区)时必须填写，以区分所属乡镇。");
        Help("村(社区)", "填写系统中的村(社区)或机构名称，也可填写 12 位村级代码。");
        Help("身份证号", "18 位，最后一位可以是 X。请保持该列为“文本”格式：Excel 把身份证号当作数字时会丢掉后三位。15 位旧号码不再受理。");
        Help("服务对象类别", "可填多个，用顿号、逗号或空格分隔：" + string.Join("、", TargetNames.Categories.Select(c => c.Name)) + "。也可写“五保户”“特困”等，须注明供养方式。");
        Help("特困供养方式", "类别为“特困人员”“五保户”时填写：集中供养 或 分散供养。");
        Help("联系电话、监护人电话", "手机 11 位，固定电话如 0358-1234567。");
        Help("经度、纬度", "可不填；填写时两项都要填，如 经度 111.1935、纬度 37.3572。");
        Help("出生日期", "可不填；填写时须与身份证号中的出生日期一致，如 1950-01-02。");
        Help("取暖方式、是否卧床、是否危旧房屋", "可不填。取暖方式填 燃煤、炭火、电、燃气、集中供暖 或 其他；是否卧床、是否危旧房屋填 是 或 否。寒潮、暴雪、大风预警时据此生成回访名单。");
        Help("重复", "同一身份证号在文件中只能出现一次；已在本县名册中的人不会重复导入。");
        Help("导入", "先“检查文件”，按错误报告改正后再导入；也可以只导入正确的行，改正其余行后再导入一次。");
        var sheets = new Dictionary<string, object>
        {
            ["服务对象名册"] = new List<Dictionary<string, object?>> { example },
            ["说明"] = help,
        };
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, sheets, configuration: SheetConfiguration(RosterColumns.Template.Append("项目").Append("说明")));
        TextFormatWholeColumns(buffer, RosterColumns.Template.Select((c, i) => (c, i)).Where(x => TextColumns.Contains(x.c)).Select(x => x.i + 1));
        return buffer.ToArray();
    }

    /// <summary>
    /// MiniExcel formats the cells it writes; the rows an office adds below the example need the text format
    /// too, or Excel turns the ID number typed there into a number and drops its last digits. So the
    /// columns themselves get the text style the example row's ID cell has.
    /// </summary>
    private static void TextFormatWholeColumns(MemoryStream xlsx, IEnumerable<int> columnNumbers)
    {
        using var zip = new System.IO.Compression.ZipArchive(xlsx, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true);
        var entry = zip.GetEntry("xl/worksheets/sheet1.xml");
        if (entry is null)
        {
            return;
        }
        string xml;
        using (var reader = new StreamReader(entry.Open()))
        {
            xml = reader.ReadToEnd();
        }
        var idCell = SpreadsheetCell(SpreadsheetRows.IndexOf(RosterColumns.Template, RosterColumns.IdNumber) + 1) + "2";
        var style = System.Text.RegularExpressions.Regex.Match(xml, $"<(?:\\w+:)?c r=\"{idCell}\"[^>]*?\\ss=\"(\\d+)\"");
        if (!style.Success)
        {
            return;
        }
        foreach (var n in columnNumbers)
        {
            xml = xml.Replace($"col min=\"{n}\" max=\"{n}\" ", $"col min=\"{n}\" max=\"{n}\" style=\"{style.Groups[1].Value}\" ", StringComparison.Ordinal);
        }
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
        writer.Write(xml);
    }

    private static string SpreadsheetCell(int column) => column <= 26 ? ((char)('A' + column - 1)).ToString() : "A" + (char)('A' + column - 27);

    private static byte[] ErrorReport(ImportRegistry.Entry entry)
    {
        var rows = entry.Errors.Select(e =>
        {
            entry.ErrorRows.TryGetValue(e.Row, out var row);
            return new Dictionary<string, object?>
            {
                ["行号"] = e.Row,
                ["列"] = e.Column,
                ["问题"] = e.Message,
                ["姓名"] = row?.Name ?? "",
                ["身份证号"] = row?.IdNumberMasked ?? "",
            };
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(new() { ["行号"] = null, ["列"] = null, ["问题"] = "没有发现错误", ["姓名"] = null, ["身份证号"] = null });
        }
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, rows, sheetName: "错误报告", configuration: SheetConfiguration(["行号", "列", "问题", "姓名", "身份证号"]));
        return buffer.ToArray();
    }
}
