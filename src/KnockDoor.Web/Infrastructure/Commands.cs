using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Web.Features.OrgUnits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Infrastructure;

/// <summary>
/// Administrative commands run in place of the server. In Production there is no default account:
/// the first administrator is made with
/// <c>dotnet run --project src/KnockDoor.Web -- create-admin --org 141129 --user NAME --name 姓名</c>,
/// the password read from the environment variable KNOCKDOOR_ADMIN_PASSWORD or from standard input.
/// </summary>
public static class Commands
{
    public static bool IsCommand(string arg) => arg is "create-admin" or "migrate";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await Database.MigrateAsync(app.Services);
        if (args[0] == "migrate")
        {
            Console.WriteLine("数据库已迁移到最新版本。");
            return 0;
        }
        string? Arg(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        var org = Arg("--org");
        var userName = Arg("--user");
        var display = Arg("--name") ?? userName;
        if (org is null || userName is null)
        {
            Console.Error.WriteLine("用法: create-admin --org <县级6位区划代码> --user <用户名> [--name <姓名>]；密码取自环境变量 KNOCKDOOR_ADMIN_PASSWORD，或从标准输入读取。");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("KNOCKDOOR_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Write("密码: ");
            password = Console.ReadLine();
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.OrgUnits.AnyAsync(o => o.Code == org))
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<OrgTree>().LoadDivisionAsync(org, null);
            Console.WriteLine($"已加载区划 {loaded.Name}（{loaded.Code}），新增 {loaded.Added} 个单位。");
        }
        var unit = await db.OrgUnits.FirstAsync(o => o.Code == org);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            DisplayName = display!,
            Role = Role.CountyOffice,
            OrgUnitCode = unit.Code,
            OrgPath = unit.Path,
            CountyCode = unit.CountyCode,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password ?? "");
        if (!result.Succeeded)
        {
            Console.Error.WriteLine("未能创建账号：" + string.Join("；", result.Errors.Select(e => e.Code)) + "（密码至少 8 位，须含大写、小写字母、数字和符号）");
            return 1;
        }
        await Features.Checklists.TemplateDefaults.EnsureAsync(app.Services);
        Console.WriteLine($"已创建管理员 {userName}，单位 {unit.Name}（{unit.Code}）。");
        return 0;
    }
}
