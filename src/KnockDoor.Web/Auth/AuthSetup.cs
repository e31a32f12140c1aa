using System.Security.Claims;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Auth;

public static class AuthSetup
{
    public const string SmartScheme = "kd";

    public static string PolicyName(Permission permission) => "perm:" + permission;

    public static IServiceCollection AddKnockDoorAuth(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o =>
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(12))
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/Denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Cookie.Name = "kd.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // API calls get a status code, never a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<KdClaimsPrincipalFactory>();

        services.AddMemoryCache();
        services.AddScoped<IClaimsTransformation, AccountStillValid>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SmartScheme).RequireAuthenticatedUser().Build())
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(SmartScheme).RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ChallengeWhenSignedOut>();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, PermissionPolicies>();
        return services;
    }

    /// <summary>
    /// After an administrator reset, a signed-in page visitor is sent to change the temporary password
    /// before anything else (the API is not redirected; its clients get the pages' rule at next sign-in).
    /// </summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (http.User.HasClaim(c => c.Type == KdClaims.MustChangePassword)
                && HttpMethods.IsGet(http.Request.Method)
                && !path.StartsWithSegments("/api")
                && !path.StartsWithSegments("/Account")
                && !path.StartsWithSegments("/lib") && !path.StartsWithSegments("/css") && !path.StartsWithSegments("/js"))
            {
                http.Response.Redirect("/Account/ChangePassword");
                return;
            }
            await next(http);
        });

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Requires a permission of the caller's role (permissions are granted to roles as data).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyName(permission));

    private sealed class PermissionPolicies : IConfigureOptions<AuthorizationOptions>
    {
        public void Configure(AuthorizationOptions options)
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                options.AddPolicy(PolicyName(permission), p => p
                    .AddAuthenticationSchemes(SmartScheme)
                    .RequireAuthenticatedUser()
                    .AddRequirements(new PermissionRequirement(permission)));
            }
        }
    }
}

/// <summary>
/// A token or cookie of an account that was disabled or changed authenticates to an anonymous
/// principal (see <see cref="AccountStillValid"/>); the policy evaluator would answer that with 403.
/// It is a missing sign-in, not a missing permission: challenge (401, or the sign-in page).
/// </summary>
internal sealed class ChallengeWhenSignedOut : IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true)
        {
            authorizeResult = Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult.Challenge();
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var user = CurrentUser.From(context.User);
        if (user is not null && user.Can(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Puts the role, org unit, path and county into the sign-in's claims.</summary>
internal sealed class KdClaimsPrincipalFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(KdClaims.Role, Roles.Key(user.Role)));
        identity.AddClaim(new Claim(KdClaims.OrgUnit, user.OrgUnitCode));
        identity.AddClaim(new Claim(KdClaims.OrgPath, user.OrgPath));
        identity.AddClaim(new Claim(KdClaims.County, user.CountyCode));
        identity.AddClaim(new Claim(KdClaims.DisplayName, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(KdClaims.MustChangePassword, "1"));
        }
        return identity;
    }
}

/// <summary>
/// A cookie or a bearer token stays valid only while the account is enabled and its security stamp
/// unchanged (a disabled account, a password reset or a re-binding signs the account out everywhere
/// within a few seconds). Fails closed: an unknown account is anonymous.
/// </summary>
internal sealed class AccountStillValid(AppDbContext db, IMemoryCache cache, IOptions<IdentityOptions> identityOptions) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return principal;
        }
        var state = await cache.GetOrCreateAsync("acct:" + id, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
            return await db.Users.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new AccountState(u.IsDisabled, u.SecurityStamp)).FirstOrDefaultAsync();
        });
        var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (state is null || state.Disabled || (stamp is not null && stamp != state.Stamp))
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        return principal;
    }

    private sealed record AccountState(bool Disabled, string? Stamp);

    public static void Forget(IMemoryCache cache, Guid id) => cache.Remove("acct:" + id);
}
