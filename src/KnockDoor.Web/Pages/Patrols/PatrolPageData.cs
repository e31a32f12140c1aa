using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Patrols;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Patrols;

public sealed record UnitChoice(string Code, string Name, OrgUnitKind Kind);

/// <summary>What the patrol pages share: the caller's townships, and a problem shown next to its field.</summary>
public static class PatrolPageData
{
    /// <summary>The townships the caller sees (and the county itself for a county account): where a patrol can be recorded.</summary>
    public static Task<List<UnitChoice>> UnitsAsync(AppDbContext db, CurrentUser user, CancellationToken ct) =>
        db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.CountyCode == user.CountyCode && (o.Kind == OrgUnitKind.Township || o.Kind == OrgUnitKind.County))
            .OrderBy(o => o.Kind).ThenBy(o => o.Code).Select(o => new UnitChoice(o.Code, o.Name, o.Kind)).ToListAsync(ct);

    /// <summary>Puts the problem's message next to its field (or, when it is about the whole form, at the top).</summary>
    public static void Show(AppProblem problem, Dictionary<string, string> errors, Action<string> general)
    {
        if (PatrolProblems.FieldOf(problem) is { } field)
        {
            errors[field] = problem.Message;
        }
        else
        {
            general(problem.Message);
        }
    }
}

/// <summary>The person-found form's fields (names "Person.*"), shared by a patrol's page and a lead's page.</summary>
public sealed class PersonFields
{
    public Guid ClientId { get; set; }
    public string? FoundAt { get; set; }
    public string? Description { get; set; }
    public string? Place { get; set; }
    public string? Condition { get; set; }
    public List<string> Help { get; set; } = [];
    public string? HelpNote { get; set; }
    public IFormFile? Photo { get; set; }

    /// <summary>Shown next to each field after a refused post.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public static PersonFields New(DateTimeOffset now, string? place = null) =>
        new() { ClientId = Guid.NewGuid(), FoundAt = PersonForm.Local(now), Place = place };

    public PersonRequest ToRequest()
    {
        var at = PersonForm.ParseInstant(FoundAt);
        if (at is null && !string.IsNullOrWhiteSpace(FoundAt))
        {
            throw PatrolProblems.Invalid("FoundAt", "发现时间格式不正确");
        }
        return new PersonRequest(ClientId, at, Description, Place, Condition, PersonForm.ParseHelp(Help), HelpNote);
    }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public bool Has(Core.Duties.HelpGiven help) => Help.Contains(help.ToString());
}
