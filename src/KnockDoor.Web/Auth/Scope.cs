using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;

namespace KnockDoor.Web.Auth;

/// <summary>
/// The one scope filter: every query of personal data, org units or accounts goes through these, so an
/// account sees its own unit and below and nothing else, whatever id it asks for.
/// </summary>
public static class Scope
{
    public static IQueryable<Target> VisibleTo(this IQueryable<Target> query, CurrentUser user) =>
        query.Where(t => t.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<OrgUnit> VisibleTo(this IQueryable<OrgUnit> query, CurrentUser user) =>
        query.Where(o => o.Path.StartsWith(user.OrgPath));

    public static IQueryable<AppUser> VisibleTo(this IQueryable<AppUser> query, CurrentUser user) =>
        query.Where(u => u.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<Assignment> VisibleTo(this IQueryable<Assignment> query, CurrentUser user) =>
        query.Where(a => a.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<Visit> VisibleTo(this IQueryable<Visit> query, CurrentUser user) =>
        query.Where(v => v.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<TargetProgress> VisibleTo(this IQueryable<TargetProgress> query, CurrentUser user) =>
        query.Where(p => p.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<AssignmentRemoval> VisibleTo(this IQueryable<AssignmentRemoval> query, CurrentUser user) =>
        query.Where(r => r.OrgPath.StartsWith(user.OrgPath));

    public static IQueryable<TargetConflict> VisibleTo(this IQueryable<TargetConflict> query, CurrentUser user) =>
        query.Where(c => c.OrgPath.StartsWith(user.OrgPath));

    /// <summary>
    /// Hazards under the caller's unit; a field worker sees only those of their own work: assigned to them, found
    /// by them, or of a household in their visiting plan.
    /// </summary>
    public static IQueryable<Hazard> VisibleTo(this IQueryable<Hazard> query, CurrentUser user, AppDbContext db)
    {
        var inUnit = query.Where(h => h.OrgPath.StartsWith(user.OrgPath));
        if (user.Role != Role.FieldWorker)
        {
            return inUnit;
        }
        var id = user.Id;
        return inUnit.Where(h => h.AssigneeId == id || h.FoundBy == id
            || db.Assignments.Any(a => a.TargetId == h.TargetId && a.WorkerId == id));
    }
}
