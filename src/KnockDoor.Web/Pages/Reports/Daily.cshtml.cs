using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Reports;
using KnockDoor.Web.Infrastructure;
using KnockDoor.Web.Pages.Targets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Reports;

/// <summary>What the form holds for one figure: the typed value, or a correction of a computed one (as typed, to show it again).</summary>
public sealed record DailyFormFigure(string? Today, bool Fix, string? FixToday, string? FixCumulative, string? Reason);

/// <summary>
/// 每日报送: a unit's daily report for a day. The figures come from <see cref="DailyReportService"/> (which checks the
/// unit and the day); the form posts to the server and works without script. Each submission is a new revision.
/// </summary>
[Authorize(Policy = "perm:DailyReportsSubmit")]
public sealed class DailyModel(AppDbContext db, DailyReportService reports, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? OrgUnitCode { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    /// <summary>The revision to show (default the latest).</summary>
    [BindProperty(SupportsGet = true)] public int? Revision { get; set; }
    /// <summary>Show the form under a submitted report, to send a new revision.</summary>
    [BindProperty(SupportsGet = true)] public bool Edit { get; set; }
    [BindProperty(SupportsGet = true)] public int? Done { get; set; }
    [BindProperty] public string? WorkDone { get; set; }
    [BindProperty] public string? Problems { get; set; }
    [BindProperty] public string? NextSteps { get; set; }

    public DailyReportDraft? Draft { get; private set; }
    public Campaign? Campaign { get; private set; }
    public IReadOnlyList<DailyReportDto> Revisions { get; private set; } = [];
    /// <summary>The revision shown read-only: the one asked for, or the latest.</summary>
    public DailyReportDto? Shown { get; private set; }
    public Dictionary<string, DailyFormFigure> Form { get; private set; } = new(StringComparer.Ordinal);
    /// <summary>The county office picks any township or institution.</summary>
    public List<OrgUnitOption> Units { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The message of a problem about one figure, next to that figure.</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);
    public bool ShowForm => Draft is not null && (Draft.Latest is null || Edit || Error is not null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Draft?.Latest is { } latest)
        {
            Prefill(latest);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        var typed = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        var corrections = new List<FigureCorrection>();
        AppProblem? problem = null;
        foreach (var f in DailyFigures.All)
        {
            var today = Field("typed." + f.Key);
            var fixToday = Field("fixToday." + f.Key);
            var fixCumulative = Field("fixCum." + f.Key);
            var reason = Field("reason." + f.Key);
            if (!f.Computed && today is not null)
            {
                Form[f.Key] = new DailyFormFigure(today, false, null, null, null);
                typed[f.Key] = Number(f.Key, today, ref problem);
            }
            else if (f.Computed && (fixToday ?? fixCumulative ?? reason) is not null)
            {
                Form[f.Key] = new DailyFormFigure(null, true, fixToday, fixCumulative, reason);
                corrections.Add(new FigureCorrection(f.Key, Number(f.Key, fixToday, ref problem), Number(f.Key, fixCumulative, ref problem), reason));
            }
        }
        try
        {
            if (problem is not null)
            {
                throw new AppProblemException(problem);
            }
            var report = await reports.SubmitAsync(me, new SubmitDailyReportRequest(OrgUnitCode, Day, typed, corrections, WorkDone, Problems, NextSteps), ct);
            return Redirect($"/Reports/Daily?orgUnitCode={Uri.EscapeDataString(report.OrgUnitCode)}&day={Iso(report.Day)}&done={report.Revision}");
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            if (ex.Problem.Extensions.TryGetValue("key", out var key) && key is string k)
            {
                FieldErrors[k] = ex.Problem.Message;
            }
            Response.StatusCode = ex.Problem.Status;
        }
        await LoadAsync(ct);
        return Page();
    }

    private string? Field(string name) => Request.Form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    /// <summary>A number as typed; one that is not a number is the service's figure_invalid, nothing submitted.</summary>
    private static decimal? Number(string key, string? text, ref AppProblem? problem)
    {
        if (text is null)
        {
            return null;
        }
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        problem ??= Infrastructure.Problems.ReportFigureInvalid.With("key", key);
        return null;
    }

    /// <summary>The form starts from the latest revision: its typed figures and its corrections (a correction stays until taken out).</summary>
    private void Prefill(DailyReportDto latest)
    {
        WorkDone = latest.WorkDone;
        Problems = latest.Problems;
        NextSteps = latest.NextSteps;
        foreach (var cell in latest.Figures)
        {
            if (DailyFigures.Find(cell.Key) is not { } f)
            {
                continue;
            }
            if (!f.Computed)
            {
                Form[f.Key] = new DailyFormFigure(Num(cell.Today), false, null, null, null);
            }
            else if (cell.Reason is not null)
            {
                // Only what was corrected: a value left as computed follows the records.
                Form[f.Key] = new DailyFormFigure(null, true, cell.Today != cell.ComputedToday ? Num(cell.Today) : null,
                    f.Cumulates && cell.Cumulative != cell.ComputedCumulative ? Num(cell.Cumulative) : null, cell.Reason);
            }
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Now = clock.GetUtcNow();
        Campaign = await CampaignEndpoints.CurrentAsync(db, me.CountyCode, ct);
        Today = Campaign is null ? Core.Common.ChinaTime.Today(clock) : CountyReportDays.DayOf(Campaign, Now);
        if (me.Role == Role.CountyOffice)
        {
            Units = [.. (await OrgUnitOptions.LoadAsync(db, me, includeTownships: true, ct)).Where(o => o.Kind != OrgUnitKind.Village)];
        }
        try
        {
            Draft = await reports.GetDraftAsync(me, OrgUnitCode, Day, ct);
            Revisions = await reports.RevisionsAsync(me, Draft.OrgUnitCode, Draft.Day, ct);
            Shown = Revisions.FirstOrDefault(r => r.Revision == Revision) ?? Draft.Latest;
        }
        catch (AppProblemException ex) when (Error is null)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
    }

    public string Text(DateTimeOffset at, string format = "HH:mm") =>
        Campaign is null ? Core.Common.ChinaTime.Text(at, format) : CountyReportDays.Text(Campaign, at, format);

    /// <summary>The time of a submission: the time alone on the report's day, else with the date.</summary>
    public string SubmittedText(DailyReportDto r) =>
        Campaign is not null && CountyReportDays.DayOf(Campaign, r.SubmittedAt) == r.Day ? Text(r.SubmittedAt) : Text(r.SubmittedAt, "MM-dd HH:mm");

    /// <summary>
    /// The revision that decides the day's state, as the county's table counts it: the first one in before the deadline
    /// (a correction after it does not make the unit late), else the first one.
    /// </summary>
    public DailyReportDto? Deciding => Revisions.Where(r => r.OnTime).MinBy(r => r.Revision) ?? Revisions.MinBy(r => r.Revision);

    public string StateText(DailyReportDto r) => r.OnTime ? $"已按时报送 {SubmittedText(r)}" : $"迟报 {SubmittedText(r)}";

    public string Link(int? revision = null, bool edit = false) =>
        $"/Reports/Daily?orgUnitCode={Uri.EscapeDataString(Draft?.OrgUnitCode ?? "")}&day={(Draft is null ? "" : Iso(Draft.Day))}"
        + (revision is { } r ? "&revision=" + r.ToString(CultureInfo.InvariantCulture) : "") + (edit ? "&edit=true" : "");

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A figure as the table shows it (coverage with its one decimal, counts whole).</summary>
    public static string Num(decimal? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "";

    public DailyFormFigure FormOf(string key) => Form.GetValueOrDefault(key) ?? new DailyFormFigure(null, false, null, null, null);
}
