using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Targets;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace KnockDoor.Web.Features.Hazards;

/// <summary>
/// The ledger as the offices keep it on paper (隐患排查整改台账): a title row, a row with the unit and the date, the
/// header, then one row per hazard. MiniExcel writes the rows without a header of its own, so the three top rows are
/// just the first rows of the same stream: the hazards still come from the database one at a time into a temporary
/// file. The export is audited with its filter and row count, never the rows.
/// </summary>
public static class HazardExport
{
    public static readonly IReadOnlyList<string> Columns =
        ["序号", "乡镇", "村（社区）/机构", "地点", "服务对象", "检查项目", "隐患描述", "严重程度", "发现日期", "整改措施", "整改责任人", "整改期限", "状态", "销号日期"];

    private static readonly string[] Keys = [.. Columns.Select((_, i) => ((char)('A' + i)).ToString())];

    public static void MapHazardExport(this RouteGroupBuilder hazards)
    {
        hazards.MapGet("/export.xlsx", Export)
            .RequirePermission(Permission.HazardsRead)
            .WithSummary("导出隐患排查整改台账（Excel，筛选条件与台账相同）");
    }

    private static async Task<IResult> Export(HttpContext http, AppDbContext db, HazardLedger ledger, AuditLog audit, ILoggerFactory loggers, CancellationToken ct)
    {
        var user = http.RequireUser();
        var query = LedgerQuery.From(http.Request.Query);
        var filter = HazardLedger.Parse(query);
        var (campaign, unit) = await ledger.ResolveAsync(user, filter, ct);
        var today = ledger.Today();
        var lookups = await ledger.LookupsAsync(user, ct);
        var countyName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == user.CountyCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var filtered = ledger.Filtered(user, campaign, unit, filter, today);
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var count = 0;
        IEnumerable<Dictionary<string, object?>> Sheet()
        {
            yield return Line($"{countyName}冬季安全敲门行动隐患排查整改台账");
            yield return Line($"填报单位：{unit.Name}", ("H", $"导出日期：{date}"));
            yield return Line(Columns.ToArray());
            foreach (var r in ledger.Stream(filtered, filter.SortByDeadline, lookups, today))
            {
                count++;
                yield return Line(
                    count,
                    r.TownshipName,
                    r.VillageName,
                    r.Place,
                    r.PersonName ?? "",
                    r.ItemCode is null ? "" : $"{r.ItemCode} {r.ItemText}",
                    r.Description,
                    HazardNames.Severity(r.Severity),
                    Day(r.FoundDay),
                    r.Measures ?? "",
                    r.AssigneeName ?? "",
                    r.Deadline is { } d ? Day(d) : "",
                    HazardNames.Status(r.Status) + (r.DaysOverdue > 0 ? $"（逾期{r.DaysOverdue}天）" : ""),
                    r.ClosedDay is { } c ? Day(c) : "");
            }
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            await MiniExcel.SaveAsAsync(file, Sheet(), printHeader: false, sheetName: "隐患台账", configuration: Configuration(), cancellationToken: ct);
            audit.Add(user, AuditActions.Export, "hazard", null, unit.Code,
                details: AuditLog.Snapshot(new { Campaign = campaign?.Id, Unit = unit.Code, Filter = query.ToQueryString(), Rows = count }));
            await db.SaveChangesAsync(ct);
            loggers.CreateLogger("KnockDoor.Export").LogInformation("Hazard ledger export by {UserId}: {Rows} rows", user.Id, count);
            file.Position = 0;
            var name = $"隐患排查整改台账_{unit.Name}_{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.xlsx";
            return TypedResults.File(file, TargetImportEndpoints.XlsxContentType, name);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Line(params object?[] cells)
    {
        var row = new Dictionary<string, object?>(Keys.Length);
        for (var i = 0; i < Keys.Length; i++)
        {
            row[Keys[i]] = i < cells.Length ? cells[i] : null;
        }
        return row;
    }

    private static Dictionary<string, object?> Line(string first, (string Key, string Value) other)
    {
        var row = Line(first);
        row[other.Key] = other.Value;
        return row;
    }

    private static OpenXmlConfiguration Configuration() => new()
    {
        FreezeRowCount = 3,
        AutoFilter = false,
        DynamicColumns = [.. Keys.Select((k, i) => new DynamicExcelColumn(k)
        {
            Width = Columns[i] switch
            {
                "序号" => 6,
                "地点" or "检查项目" or "隐患描述" or "整改措施" => 30,
                "村（社区）/机构" or "服务对象" or "整改责任人" => 16,
                _ => 12,
            },
        })],
    };
}
