using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>The scope filter of patrols, people found and leads: the caller's county, their own unit and below.</summary>
public static class PatrolScope
{
    public static IQueryable<StreetPatrol> VisibleTo(this IQueryable<StreetPatrol> query, CurrentUser user) =>
        query.Where(p => p.CountyCode == user.CountyCode && p.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<PersonFound> VisibleTo(this IQueryable<PersonFound> query, CurrentUser user) =>
        query.Where(p => p.CountyCode == user.CountyCode && p.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<PublicLead> VisibleTo(this IQueryable<PublicLead> query, CurrentUser user) =>
        query.Where(l => l.CountyCode == user.CountyCode && l.OrgPath.StartsWith(user.OrgPath));
}
