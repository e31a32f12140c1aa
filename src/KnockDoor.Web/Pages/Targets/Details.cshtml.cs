using System.Globalization;
using System.Text.Json;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Targets;

public sealed record FieldChange(string Field, string Before, string After);

public sealed record HistoryRow(string At, string User, string Action, IReadOnlyList<FieldChange> Changes);

public sealed class DetailsModel(AppDbContext db, TargetService targets) : PageModel
{
    // Snapshot keys (see TargetMapping.Snapshot) as people know them; Version is bookkeeping, not a change.
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["Name"] = "姓名",
        ["Categories"] = "类别",
        ["IdNumber"] = "身份证号",
        ["Phone"] = "联系电话",
        ["OrgUnitCode"] = "村(社区)",
        ["Address"] = "详细地址",
        ["Household"] = "户主/家庭",
        ["GuardianName"] = "监护人/联系人",
        ["GuardianPhone"] = "监护人电话",
        ["Latitude"] = "纬度",
        ["Longitude"] = "经度",
        ["Status"] = "状态",
        ["Notes"] = "备注",
    };

    public TargetDetail? Target { get; private set; }
    public List<HistoryRow> History { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CanEdit { get; private set; }

    public static string ChinaTime(DateTimeOffset at) =>
        KnockDoor.Core.Common.ChinaTime.Text(at);

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        CanEdit = me.Can(Permission.TargetsWrite);
        try
        {
            // The scoped, audited read comes first: the history is only shown for a person the caller may see.
            Target = await targets.GetAsync(me, id, ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
            return;
        }
        var entityId = id.ToString();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "target" && a.EntityId == entityId)
            .OrderByDescending(a => a.Id)
            .Take(200)
            .ToListAsync(ct);
        var full = me.Can(Permission.TargetsViewFull);
        History = entries.Select(a => new HistoryRow(ChinaTime(a.At), a.UserName ?? "系统", ActionName(a.Action),
            a.Action == AuditActions.Update ? Diff(a.Before, a.After, full) : [])).ToList();
        // Snapshots keep the unit's code; people know the village by its name.
        var moved = History.SelectMany(h => h.Changes).Where(c => c.Field == FieldNames["OrgUnitCode"]).SelectMany(c => new[] { c.Before, c.After }).ToList();
        if (moved.Count > 0)
        {
            var names = await targets.OrgNamesAsync(moved, ct);
            History = History.Select(h => h with
            {
                Changes = h.Changes.Select(c => c.Field == FieldNames["OrgUnitCode"]
                    ? c with { Before = names.GetValueOrDefault(c.Before, c.Before), After = names.GetValueOrDefault(c.After, c.After) }
                    : c).ToList(),
            }).ToList();
        }
    }

    private static string ActionName(string action) => action switch
    {
        AuditActions.Create => "新增",
        AuditActions.Update => "修改",
        AuditActions.ViewFull => "查看完整信息",
        AuditActions.Import => "导入",
        AuditActions.Export => "导出",
        _ => action,
    };

    private static List<FieldChange> Diff(string? beforeJson, string? afterJson, bool full)
    {
        var before = Parse(beforeJson);
        var after = Parse(afterJson);
        var changes = new List<FieldChange>();
        foreach (var key in before.Keys.Union(after.Keys))
        {
            if (key == "Version")
            {
                continue;
            }
            var b = before.GetValueOrDefault(key) ?? "";
            var a = after.GetValueOrDefault(key) ?? "";
            if (b == a)
            {
                continue;
            }
            if (!full && key is "IdNumber")
            {
                (b, a) = (Masking.IdNumber(b), Masking.IdNumber(a));
            }
            else if (!full && key is "Phone" or "GuardianPhone")
            {
                (b, a) = (Masking.Phone(b), Masking.Phone(a));
            }
            changes.Add(new FieldChange(FieldNames.GetValueOrDefault(key, key), b.Length == 0 ? "（空）" : b, a.Length == 0 ? "（空）" : a));
        }
        return changes;
    }

    /// <summary>A flat JSON object as text values; anything unreadable counts as empty, so one bad row can't break the page.</summary>
    private static Dictionary<string, string?> Parse(string? json)
    {
        var result = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                result[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => p.Value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            result.Clear();
        }
        return result;
    }
}
