using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts").WithTags("账号").RequirePermission(Permission.WorkersManage);

        group.MapGet("", (HttpContext http, AccountService accounts, CancellationToken ct) => accounts.ListAsync(http.RequireUser(), ct))
            .WithSummary("可管理范围内的账号");

        group.MapPost("", async (CreateAccountRequest request, HttpContext http, AccountService accounts, CancellationToken ct) =>
        {
            var created = await accounts.CreateAsync(http.RequireUser(), request, ct);
            return TypedResults.Created($"/api/v1/accounts/{created.Id}", created);
        }).WithSummary("新建账号（乡镇干部只能新建本乡镇的入户人员账号）");

        group.MapPut("/{id:guid}", (Guid id, UpdateAccountRequest request, HttpContext http, AccountService accounts, CancellationToken ct) =>
            accounts.UpdateAsync(http.RequireUser(), id, request, ct))
            .WithSummary("修改、停用/启用、改绑单位或角色");

        group.MapPost("/{id:guid}/reset-password", async (Guid id, ResetPasswordRequest request, HttpContext http, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.ResetPasswordAsync(http.RequireUser(), id, request.NewPassword, ct);
            return Results.NoContent();
        }).WithSummary("重置密码（用户下次登录须修改）");
    }

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<SignIns>();
        services.AddScoped<AccountService>();
        return services;
    }
}
