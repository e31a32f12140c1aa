using KnockDoor.Web.Auth;
using Microsoft.AspNetCore.Identity;

namespace KnockDoor.Web.Features.Accounts;

public sealed record LoginRequest(string UserName, string Password);

public sealed record MeDto(Guid Id, string UserName, string DisplayName, string Role, string RoleName, string OrgUnitCode, string CountyCode, IReadOnlyCollection<string> Permissions);

public static class AuthEndpoints
{
    public static void MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("登录");

        group.MapPost("/login", async Task<IResult> (LoginRequest request, SignIns signIns) =>
        {
            var problem = await signIns.SignInAsync(request.UserName ?? "", request.Password ?? "", IdentityConstants.BearerScheme, persistent: false);
            // On success the bearer handler has written the token response.
            return problem is null ? Results.Empty : problem.ToResult();
        }).AllowAnonymous()
          .WithSummary("用户名和密码换取访问令牌 (Bearer)")
          .Produces<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>();

        group.MapGet("/me", (HttpContext http) =>
        {
            var u = http.RequireUser();
            return new MeDto(u.Id, u.UserName, u.DisplayName, Core.Accounts.Roles.Key(u.Role), Core.Accounts.Roles.Name(u.Role), u.OrgUnitCode, u.CountyCode,
                Core.Accounts.Roles.PermissionsOf(u.Role).Select(p => p.ToString()).ToList());
        }).WithSummary("当前账号");
    }
}
