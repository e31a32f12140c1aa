using System.Data;
using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace KnockDoor.Web.Features.Targets;

/// <summary>
/// The filtered registry as a spreadsheet in the import template's layout (so a full export can be edited and
/// imported elsewhere), plus sex, age and status. Rows stream from the database into a temporary file, never
/// all in memory; the export is audited before the file leaves the server. ID numbers and phones are masked
/// unless the role may export them in full; a masked export leaves the birth date out too, since the masked
/// ID number hides it on purpose.
/// </summary>
public static class TargetExport
{
    private const string Sex = "性别";
    private const string Age = "年龄";
    private const string Status = "状态";

    public static readonly IReadOnlyList<string> Columns =
    [
        RosterColumns.Township, RosterColumns.Village, RosterColumns.Name, RosterColumns.IdNumber, Sex, Age, RosterColumns.Categories,
        RosterColumns.SupportMode, RosterColumns.Phone, RosterColumns.Address, RosterColumns.Household, RosterColumns.Guardian,
        RosterColumns.GuardianPhone, RosterColumns.Longitude, RosterColumns.Latitude, RosterColumns.BirthDate, Status, RosterColumns.Notes,
        RosterColumns.Heating, RosterColumns.Bedridden, RosterColumns.HouseAtRisk,
    ];

    public static void MapTargetExport(this RouteGroupBuilder targets)
    {
        targets.MapGet("/export.xlsx", Export)
            .RequirePermission(Permission.TargetsExport)
            .WithSummary("导出服务对象名册（Excel，按村、类别、状态、关键字筛选；无完整导出权限时身份证号和电话脱敏）");
    }

    private static async Task<IResult> Export(HttpContext http, AppDbContext db, TargetService targets, AuditLog audit, ILoggerFactory loggers,
        string? orgUnit, TargetCategory? category, TargetStatus? status, string? q, CancellationToken ct)
    {
        var user = http.RequireUser();
        var full = user.Can(Permission.TargetsExportFull);
        var filter = new TargetFilter(orgUnit, category, status, q);
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Select(o => new { o.Code, o.Name, o.ParentCode, o.Kind })
            .ToDictionaryAsync(o => o.Code, ct);
        var townshipOf = units.Values.ToDictionary(
            o => o.Code,
            o => o.ParentCode is { } p && units.TryGetValue(p, out var parent) && parent.Kind == Core.OrgUnits.OrgUnitKind.Township ? parent.Name : "");
        var today = targets.Today();

        var query = targets.Filtered(user, filter).OrderBy(t => t.OrgPath).ThenBy(t => t.Name).ThenBy(t => t.Id);
        var count = 0;
        IEnumerable<Dictionary<string, object?>> Rows()
        {
            foreach (var t in query.AsEnumerable())
            {
                count++;
                yield return Row(t, units.TryGetValue(t.OrgUnitCode, out var u) ? u.Name : t.OrgUnitCode, townshipOf.GetValueOrDefault(t.OrgUnitCode, ""), full, today);
            }
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            var configuration = TargetImportEndpoints.SheetConfiguration(Columns);
            using (var rows = Rows().GetEnumerator())
            {
                if (rows.MoveNext())
                {
                    await MiniExcel.SaveAsAsync(file, Continue(rows), sheetName: "服务对象名册", configuration: configuration, cancellationToken: ct);
                }
                else
                {
                    var empty = new DataTable();
                    foreach (var c in Columns)
                    {
                        empty.Columns.Add(c, typeof(string));
                    }
                    await MiniExcel.SaveAsAsync(file, empty, sheetName: "服务对象名册", configuration: configuration, cancellationToken: ct);
                }
            }
            audit.Add(user, AuditActions.Export, "target", null, user.OrgUnitCode,
                details: AuditLog.Snapshot(new { filter.OrgUnit, filter.Category, filter.Status, filter.Q, Rows = count, Values = full ? "完整" : "脱敏" }));
            await db.SaveChangesAsync(ct);
            loggers.CreateLogger("KnockDoor.Export").LogInformation("Export by {UserId}: {Rows} rows, full values {Full}", user.Id, count, full);
            file.Position = 0;
            var name = $"服务对象名册_{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.xlsx";
            return TypedResults.File(file, TargetImportEndpoints.XlsxContentType, name);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static IEnumerable<Dictionary<string, object?>> Continue(IEnumerator<Dictionary<string, object?>> started)
    {
        do
        {
            yield return started.Current;
        }
        while (started.MoveNext());
    }

    private static Dictionary<string, object?> Row(Target t, string village, string township, bool full, DateOnly today) => new()
    {
        [RosterColumns.Township] = township,
        [RosterColumns.Village] = village,
        [RosterColumns.Name] = t.Name,
        [RosterColumns.IdNumber] = full ? t.IdNumber : Masking.IdNumber(t.IdNumber),
        [Sex] = TargetNames.SexName(t.Sex),
        [Age] = t.AgeOn(today),
        [RosterColumns.Categories] = TargetNames.CategoryList(t.Categories),
        [RosterColumns.SupportMode] = t.Categories.HasFlag(TargetCategory.ExtremePoorCentral) ? "集中供养"
            : t.Categories.HasFlag(TargetCategory.ExtremePoorDispersed) ? "分散供养" : "",
        [RosterColumns.Phone] = full ? t.Phone ?? "" : Masking.Phone(t.Phone),
        [RosterColumns.Address] = t.Address ?? "",
        [RosterColumns.Household] = t.Household ?? "",
        [RosterColumns.Guardian] = t.GuardianName ?? "",
        [RosterColumns.GuardianPhone] = full ? t.GuardianPhone ?? "" : Masking.Phone(t.GuardianPhone),
        [RosterColumns.Longitude] = t.Longitude,
        [RosterColumns.Latitude] = t.Latitude,
        [RosterColumns.BirthDate] = full ? t.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
        [Status] = TargetNames.StatusName(t.Status),
        [RosterColumns.Notes] = t.Notes ?? "",
        [RosterColumns.Heating] = t.Heating is { } heating ? TargetRiskNames.Heating(heating) : "",
        [RosterColumns.Bedridden] = t.Bedridden ? "是" : "否",
        [RosterColumns.HouseAtRisk] = t.HouseAtRisk ? "是" : "否",
    };
}
