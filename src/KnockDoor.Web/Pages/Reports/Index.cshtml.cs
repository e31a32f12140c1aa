using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.Deliveries;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Reports;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Pages.Reports;

/// <summary>
/// The county's overview of the daily reports: today's counts and missing units, the units × days matrix and a chart of
/// the counts per day. For the county office and the county leader (DailyReportsView), of their own county.
/// </summary>
[Authorize(Policy = "perm:DailyReportsView")]
public sealed class IndexModel(AppDbContext db, CountyTableService county, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public CountyReportDay? Days { get; private set; }
    public ReportMatrix? Matrix { get; private set; }
    public ReportDayCount? TodayCount { get; private set; }
    public IReadOnlyList<MissingUnit> Missing { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>Messages of the county that failed for good (e-mails, group robots): shown at the top until retried.</summary>
    public int FailedDeliveries { get; private set; }
    /// <summary>The county office opens a unit's report of a day; the leader, who does not report, its row of the county table.</summary>
    public bool CanOpenReports { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        CanOpenReports = me.Can(Permission.DailyReportsSubmit);
        FailedDeliveries = await db.Deliveries.CountAsync(d => d.CountyCode == me.CountyCode && d.Status == DeliveryStatus.Failed, ct);
        try
        {
            Days = await CountyReportDay.OfAsync(db, clock, me.CountyCode, ct);
            var (from, to) = Days.CheckRange(From, To);
            Matrix = await county.MatrixAsync(me.CountyCode, from, to, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);
            Missing = await county.MissingAsync(me.CountyCode, Days.Today, ct);
            // Today's counts, also when the matrix shows other days.
            TodayCount = Matrix.Counts.FirstOrDefault(c => c.Day == Days.Today)
                ?? (await county.MatrixAsync(me.CountyCode, Days.Today, Days.Today, ct))?.Counts.FirstOrDefault();
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
        }
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string CellLink(string orgUnitCode, DateOnly day) => CanOpenReports
        ? $"/Reports/Daily?orgUnitCode={Uri.EscapeDataString(orgUnitCode)}&day={Iso(day)}"
        : $"/Reports/Table?day={Iso(day)}#u-{orgUnitCode}";

    public static string Short(ReportState state) => state switch
    {
        ReportState.OnTime => "按",
        ReportState.Late => "迟",
        ReportState.Missing => "未",
    };

    public static string Css(ReportState state) => state switch
    {
        ReportState.OnTime => "ontime",
        ReportState.Late => "late",
        ReportState.Missing => "missing",
    };

    /// <summary>The chart's figures for the script; the same numbers are in the matrix's last row.</summary>
    public object ChartData() => new
    {
        days = (Matrix?.Counts ?? []).Select(c => c.Day.ToString("MM-dd", CultureInfo.InvariantCulture)),
        onTime = (Matrix?.Counts ?? []).Select(c => c.OnTime),
        late = (Matrix?.Counts ?? []).Select(c => c.Late),
        missing = (Matrix?.Counts ?? []).Select(c => c.Missing),
    };
}
