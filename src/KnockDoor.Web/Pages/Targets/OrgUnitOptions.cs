using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Targets;

/// <summary>One entry of an org-unit select; Depth 1 is shown indented under its township.</summary>
public sealed record OrgUnitOption(string Code, string Name, OrgUnitKind Kind, int Depth);

public static class OrgUnitOptions
{
    /// <summary>
    /// The caller's visible townships, villages and institutions, each township followed by its units, so a
    /// long county list stays readable in a plain select; units not under a visible township come last.
    /// </summary>
    public static async Task<List<OrgUnitOption>> LoadAsync(AppDbContext db, CurrentUser user, bool includeTownships, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Kind == OrgUnitKind.Township || o.Kind == OrgUnitKind.Village || o.Kind == OrgUnitKind.Institution)
            .Select(o => new { o.Code, o.Name, o.Kind, o.ParentCode })
            .ToListAsync(ct);
        var townships = units.Where(u => u.Kind == OrgUnitKind.Township).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var townshipCodes = townships.Select(t => t.Code).ToHashSet();
        var result = new List<OrgUnitOption>(units.Count);
        foreach (var t in townships)
        {
            if (includeTownships)
            {
                result.Add(new OrgUnitOption(t.Code, t.Name, t.Kind, 0));
            }
            result.AddRange(units.Where(u => u.Kind != OrgUnitKind.Township && u.ParentCode == t.Code)
                .OrderBy(u => u.Kind).ThenBy(u => u.Code, StringComparer.Ordinal)
                .Select(u => new OrgUnitOption(u.Code, includeTownships ? u.Name : t.Name + " · " + u.Name, u.Kind, includeTownships ? 1 : 0)));
        }
        result.AddRange(units.Where(u => u.Kind != OrgUnitKind.Township && (u.ParentCode is null || !townshipCodes.Contains(u.ParentCode)))
            .OrderBy(u => u.Kind).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => new OrgUnitOption(u.Code, u.Name, u.Kind, 0)));
        return result;
    }

    /// <summary>The label as a select shows it: indented with full-width spaces, which browsers keep inside an option.</summary>
    public static string Label(OrgUnitOption o) =>
        (o.Depth > 0 ? "\u3000\u3000" : "") + o.Name + (o.Kind == OrgUnitKind.Institution ? "（机构）" : "");
}
