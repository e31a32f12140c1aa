using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Audit;

[Authorize(Policy = "perm:AuditRead")]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 100;

    public static readonly IReadOnlyList<(string Key, string Name)> ActionNames =
    [
        (AuditActions.SignIn, "登录"),
        (AuditActions.SignInFailed, "登录失败"),
        (AuditActions.ViewFull, "查看完整信息"),
        (AuditActions.Create, "新增"),
        (AuditActions.Update, "修改"),
        (AuditActions.Import, "导入"),
        (AuditActions.Export, "导出"),
        ("add-village", "新增村(社区)"),
        ("add-institution", "新增机构"),
        ("import-villages", "导入村(社区)"),
        ("load-divisions", "加载区划"),
        ("reset-password", "重置密码"),
    ];

    public static readonly IReadOnlyList<(string Key, string Name)> EntityNames =
    [
        ("target", "服务对象"),
        ("account", "账号"),
        ("org-unit", "组织机构"),
        ("campaign", "行动"),
        ("pdf", "打印清单(PDF)"),
    ];

    [BindProperty(SupportsGet = true, Name = "act")] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserName { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<AuditEntry> Entries { get; private set; } = [];
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        var county = me.CountyCode;
        // Failed sign-ins with an unknown user name belong to no county (""); only the county office sees them.
        var includeUnknown = me.Role == Role.CountyOffice;
        var query = db.AuditEntries.AsNoTracking()
            .Where(a => (a.CountyCode != "" && a.CountyCode.StartsWith(county)) || (includeUnknown && a.CountyCode == ""));
        if (!string.IsNullOrWhiteSpace(Action))
        {
            query = query.Where(a => a.Action == Action);
        }
        if (!string.IsNullOrWhiteSpace(Entity))
        {
            query = query.Where(a => a.EntityType == Entity);
        }
        if (!string.IsNullOrWhiteSpace(UserName))
        {
            var name = UserName.Trim();
            query = query.Where(a => a.UserName == name);
        }
        if (From is { } from)
        {
            var start = ChinaTime.StartOf(from);
            query = query.Where(a => a.At >= start);
        }
        if (To is { } to)
        {
            var end = ChinaTime.StartOf(to.AddDays(1));
            query = query.Where(a => a.At < end);
        }
        PageNumber = Math.Max(1, PageNumber);
        // Ids grow with time, and sort on every provider (the time column is stored as a number on SQLite).
        var rows = await query.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = rows.Count > PageSize;
        Entries = rows.Take(PageSize).ToList();
    }

    public static string China(DateTimeOffset at) => ChinaTime.Text(at, "yyyy-MM-dd HH:mm:ss");

    public static string ActionName(string key) => ActionNames.FirstOrDefault(a => a.Key == key).Name ?? key;

    public static string EntityName(string key) => EntityNames.FirstOrDefault(a => a.Key == key).Name ?? key;

    public Dictionary<string, string?> RouteFor(int page) => new()
    {
        ["act"] = Action,
        ["Entity"] = Entity,
        ["UserName"] = UserName,
        ["From"] = From?.ToString("yyyy-MM-dd"),
        ["To"] = To?.ToString("yyyy-MM-dd"),
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
