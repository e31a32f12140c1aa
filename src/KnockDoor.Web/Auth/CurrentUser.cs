using System.Security.Claims;
using KnockDoor.Core.Accounts;

namespace KnockDoor.Web.Auth;

public static class KdClaims
{
    public const string Role = "kd:role";
    public const string OrgUnit = "kd:org";
    public const string OrgPath = "kd:path";
    public const string County = "kd:county";
    public const string DisplayName = "kd:name";
    /// <summary>Present after an administrator reset the password: pages lead to the change-password page until it is changed.</summary>
    public const string MustChangePassword = "kd:must-change-password";
}

/// <summary>The signed-in account as the request sees it. Built from the claims; fails closed.</summary>
public sealed class CurrentUser
{
    public required Guid Id { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required Role Role { get; init; }
    public required string OrgUnitCode { get; init; }
    public required string OrgPath { get; init; }
    public required string CountyCode { get; init; }

    public bool Can(Permission permission) => Roles.Has(Role, permission);

    /// <summary>Whether a unit (given by its path) is this account's unit or below it.</summary>
    public bool Sees(string orgPath) => orgPath.StartsWith(OrgPath, StringComparison.Ordinal);

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = Roles.FromKey(principal.FindFirstValue(KdClaims.Role));
        var org = principal.FindFirstValue(KdClaims.OrgUnit);
        var path = principal.FindFirstValue(KdClaims.OrgPath);
        var county = principal.FindFirstValue(KdClaims.County);
        if (!Guid.TryParse(id, out var userId) || role is null || string.IsNullOrEmpty(org) || string.IsNullOrEmpty(path) || county is null)
        {
            return null;
        }
        return new CurrentUser
        {
            Id = userId,
            UserName = principal.FindFirstValue(ClaimTypes.Name) ?? "",
            DisplayName = principal.FindFirstValue(KdClaims.DisplayName) ?? "",
            Role = role.Value,
            OrgUnitCode = org,
            OrgPath = path,
            CountyCode = county,
        };
    }
}

public static class CurrentUserExtensions
{
    /// <summary>The signed-in account; throws 401 as a problem when there is none (never a default).</summary>
    public static CurrentUser RequireUser(this HttpContext http) =>
        CurrentUser.From(http.User) ?? throw new Infrastructure.AppProblemException(Infrastructure.Problems.Unauthenticated);
}
