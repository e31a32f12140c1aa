using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Weather;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Weather;

/// <summary>天气预警: the warnings that touch the caller's unit; the county office issues one here (a form that works without JavaScript).</summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class IndexModel(AppDbContext db, WeatherService weather) : PageModel
{
    /// <summary>Made on GET and kept through a failed post: a second post of the same form is the same warning.</summary>
    [BindProperty] public Guid ClientId { get; set; }
    [BindProperty] public WeatherKind? Kind { get; set; }
    [BindProperty] public WarningLevel? Level { get; set; }
    [BindProperty] public List<string> Townships { get; set; } = [];
    [BindProperty] public bool WholeCounty { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Note { get; set; }

    public List<WarningDto> Warnings { get; private set; } = [];
    public List<(string Code, string Name)> TownshipOptions { get; private set; } = [];
    public bool CanIssue { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The form field the error belongs to (kind, level, townships, time, note), so the message stands next to it.</summary>
    public string? ErrorField { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ClientId = Guid.NewGuid();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        if (!me.Can(Permission.WeatherWarningsManage))
        {
            return Forbid();
        }
        try
        {
            var input = new WarningInput(ClientId == Guid.Empty ? null : ClientId, Kind, Level, Townships, WholeCounty,
                ParseLocal(From), ParseLocal(To), Note);
            var (warning, _) = await weather.IssueAsync(me, input, ct);
            return Redirect($"/Weather/Details/{warning.Id}?done=issued");
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            ErrorField = ex.Problem.Code switch
            {
                "weather.kind_required" => "kind",
                "weather.level_required" => "level",
                "weather.townships_required" or "weather.township_unknown" => "townships",
                "weather.note_too_long" => "note",
                _ => "time",
            };
            Response.StatusCode = ex.Problem.Status;
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The value of a datetime-local field, China time.</summary>
    private static DateTimeOffset? ParseLocal(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? WeatherEndpoints.FromChinaLocal(local)
            : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        CanIssue = me.Can(Permission.WeatherWarningsManage);
        Warnings = await weather.ListAsync(me, ct);
        if (CanIssue)
        {
            TownshipOptions = [.. (await db.OrgUnits.AsNoTracking()
                    .Where(o => o.CountyCode == me.CountyCode && o.Kind == OrgUnitKind.Township)
                    .OrderBy(o => o.Code).Select(o => new { o.Code, o.Name }).ToListAsync(ct))
                .Select(o => (o.Code, o.Name))];
        }
    }
}
