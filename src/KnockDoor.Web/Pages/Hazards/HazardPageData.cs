using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Visits;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Hazards;

public sealed record ItemOption(string Code, string Text, ChecklistKind Kind);

public sealed record PersonOption(Guid Id, string Name, Role Role, string OrgPath);

/// <summary>What the hazard pages' selects list: the current checklists' hazard items, and the accounts that may rectify.</summary>
public static class HazardPageData
{
    public static async Task<List<ItemOption>> ItemsAsync(AppDbContext db, CurrentUser user, CancellationToken ct)
    {
        var templates = await db.ChecklistTemplates.AsNoTracking().Where(t => t.CountyCode == user.CountyCode && t.IsCurrent)
            .OrderBy(t => t.Kind).Select(t => new { t.Id, t.Kind, t.Definition }).ToListAsync(ct);
        return [.. templates.SelectMany(t => TemplateCache.Parse(t.Id, t.Definition).AllItems.Where(i => i.HazardIf is not null)
            .Select(i => new ItemOption(i.Code, i.Text, t.Kind)))];
    }

    /// <summary>Active field workers, township officers and institution staff in the caller's scope.</summary>
    public static Task<List<PersonOption>> RectifiersAsync(AppDbContext db, CurrentUser user, CancellationToken ct) =>
        db.Users.AsNoTracking().VisibleTo(user)
            .Where(u => !u.IsDisabled && (u.Role == Role.FieldWorker || u.Role == Role.TownshipOfficer || u.Role == Role.InstitutionStaff))
            .OrderBy(u => u.OrgPath).ThenBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.Role, u.OrgPath)).ToListAsync(ct);
}
