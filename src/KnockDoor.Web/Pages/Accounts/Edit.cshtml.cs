using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Accounts;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Accounts;

[Authorize(Policy = "perm:WorkersManage")]
public sealed class EditModel(AccountService accounts, AppDbContext db) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? OrgUnitCode { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool IsDisabled { get; set; }

    public Guid? Id { get; private set; }
    public AccountDto? Account { get; private set; }
    public List<Role> GrantableRoles { get; private set; } = [];
    public List<OrgUnit> Units { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>False for accounts the user may see but not change (a township officer looking at non-worker accounts).</summary>
    public bool CanManage { get; private set; } = true;

    [TempData]
    public string? Ok { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (Account is { } a)
        {
            UserName = a.UserName;
            DisplayName = a.DisplayName;
            Phone = a.Phone;
            Role = a.Role;
            OrgUnitCode = a.OrgUnitCode;
            IsDisabled = a.IsDisabled;
        }
        else
        {
            Role = Roles.Key(KnockDoor.Core.Accounts.Role.FieldWorker);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Id = id;
        try
        {
            if (id is null)
            {
                var created = await accounts.CreateAsync(me, new CreateAccountRequest(UserName ?? "", DisplayName ?? "", Role ?? "", OrgUnitCode ?? "", Password ?? "", Phone), ct);
                Ok = $"已创建账号 {created.UserName}";
            }
            else
            {
                var updated = await accounts.UpdateAsync(me, id.Value, new UpdateAccountRequest(DisplayName, Role, OrgUnitCode, IsDisabled, Phone ?? ""), ct);
                Ok = $"已保存账号 {updated.UserName}";
            }
            return RedirectToPage("Index");
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(Guid id, string? newPassword, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Id = id;
        try
        {
            await accounts.ResetPasswordAsync(me, id, newPassword ?? "", ct);
            Ok = "密码已重置。请把临时密码当面或电话告知本人；对方下次登录时必须修改密码。";
            return RedirectToPage(new { id });
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
        }
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        UserName = Account?.UserName;
        DisplayName = Account?.DisplayName;
        Phone = Account?.Phone;
        Role = Account?.Role;
        OrgUnitCode = Account?.OrgUnitCode;
        IsDisabled = Account?.IsDisabled ?? false;
        return Page();
    }

    /// <summary>Loads the account (if editing) and the choices; false when the account is not visible.</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (Id is { } id)
        {
            var user = await accounts.Visible(me).FirstOrDefaultAsync(u => u.Id == id, ct);
            if (user is null)
            {
                return false;
            }
            var unitName = await db.OrgUnits.Where(o => o.Code == user.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
            Account = AccountService.ToDto(user, unitName, DateTimeOffset.UtcNow);
            CanManage = me.Can(Permission.AccountsManage) || (me.Can(Permission.WorkersManage) && user.Role == KnockDoor.Core.Accounts.Role.FieldWorker);
        }
        GrantableRoles = me.Can(Permission.AccountsManage) ? [.. Enum.GetValues<Role>()] : [KnockDoor.Core.Accounts.Role.FieldWorker];
        Units = await db.OrgUnits.AsNoTracking().VisibleTo(me).OrderBy(o => o.Path).ToListAsync(ct);
        return true;
    }

    public static int Depth(OrgUnit unit, OrgUnit? root) =>
        unit.Path.Count(c => c == '/') - (root?.Path.Count(c => c == '/') ?? 1);
}
