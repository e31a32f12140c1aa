using System.Globalization;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Reports;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Reports;

/// <summary>
/// 汇总表: the county table of a day, every township and institution of the caller's county as rows, figures today and
/// cumulative as columns, and the total row. A missing unit shows what the records say (系统数据), in grey.
/// </summary>
[Authorize(Policy = "perm:DailyReportsView")]
public sealed class TableModel(AppDbContext db, CountyTableService county, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }

    public CountyReportDay? Days { get; private set; }
    public CountyTable? Table { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        try
        {
            Days = await CountyReportDay.OfAsync(db, clock, me.CountyCode, ct);
            var day = Days.Check(Day);
            Table = await county.BuildAsync(me.CountyCode, day, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Num(decimal? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    public string StateText(CountyTableRow row) => row.State switch
    {
        ReportState.Missing => "未报",
        ReportState.OnTime or ReportState.Late => ReportStates.Name(row.State)
            + (row.SubmittedAt is { } at && Days is not null ? " " + Days.Text(at, CountyReportDays.DayOf(Days.Campaign, at) == Table!.Day ? "HH:mm" : "MM-dd HH:mm") : ""),
    };

    /// <summary>The townships' cumulative coverage for the chart; the same numbers are in the table.</summary>
    public object ChartData() => new
    {
        names = (Table?.Townships.Rows ?? []).Select(r => r.Name),
        coverage = (Table?.Townships.Rows ?? []).Select(r => r.Figures.TryGetValue(DailyFigures.Coverage, out var v) ? v.Cumulative ?? v.Today : 0),
        // The other duties so far, side by side per township (the figures of the table's 累计 columns).
        duties = DutyKeys.Select(key => new
        {
            name = DailyFigures.Find(key)!.Label,
            values = (Table?.Townships.Rows ?? []).Select(r => r.Figures.TryGetValue(key, out var v) ? v.Cumulative ?? v.Today : 0),
        }),
    };

    private static readonly string[] DutyKeys =
        [DailyFigures.StreetPatrols, DailyFigures.HomelessHelped, DailyFigures.CareActivities, DailyFigures.MealsDelivered];
}
