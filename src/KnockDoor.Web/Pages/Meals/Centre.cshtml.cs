using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Meals;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Meals;

/// <summary>
/// One centre: whether delivery is on (switch on for days, cancel a period), the day's list with a big button per outcome
/// (one form, so the deliverer's name and the time are typed once), and the history.
/// </summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class CentreModel(MealService meals, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "day")] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true, Name = "by")] public string? DeliveredBy { get; set; }
    [BindProperty] public string? Time { get; set; }
    /// <summary>The button pressed on the day's list: "targetId|Outcome".</summary>
    [BindProperty] public string? Pick { get; set; }
    [BindProperty] public DateOnly? FromDay { get; set; }
    [BindProperty] public DateOnly? ToDay { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public Guid? PeriodId { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }

    public CentreDto? Centre { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Which form the error belongs to: deliver or period.</summary>
    public string? ErrorAt { get; private set; }
    public Guid? ErrorTarget { get; private set; }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string OutcomeName(MealOutcome outcome) => outcome switch
    {
        MealOutcome.Delivered => "送达",
        MealOutcome.NotHome => "不在家",
        MealOutcome.Declined => "拒收",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeliverAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        var parts = (Pick ?? "").Split('|');
        Guid? targetId = parts.Length == 2 && Guid.TryParse(parts[0], out var t) ? t : null;
        MealOutcome? outcome = parts.Length == 2 && Enum.TryParse<MealOutcome>(parts[1], out var o) && Enum.IsDefined(o) ? o : null;
        try
        {
            var day = Day ?? ChinaTime.Today(clock);
            DateTimeOffset? at = null;
            if (!string.IsNullOrWhiteSpace(Time))
            {
                if (!TimeOnly.TryParseExact(Time.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                {
                    throw MealProblems.Invalid("送达时间格式应为 时:分，如 11:30");
                }
                at = ChinaTime.StartOf(day).Add(time.ToTimeSpan());
            }
            var delivery = await meals.RecordDeliveryAsync(me, Code, new DeliveryRequest(targetId, day, outcome, DeliveredBy, at, null), ct);
            var by = string.IsNullOrWhiteSpace(DeliveredBy) ? "" : "&by=" + Uri.EscapeDataString(DeliveredBy.Trim());
            return Redirect($"/Meals/Centre/{Uri.EscapeDataString(Code)}?day={Iso(delivery.Day)}{by}&done=deliver#t-{delivery.TargetId}");
        }
        catch (AppProblemException ex)
        {
            Fail(ex, "deliver");
            ErrorTarget = targetId;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSwitchOnAsync(CancellationToken ct)
    {
        try
        {
            await meals.SwitchOnAsync(HttpContext.RequireUser(), Code, new PeriodRequest(FromDay, ToDay, Reason), ct);
            return Redirect($"/Meals/Centre/{Uri.EscapeDataString(Code)}?done=on");
        }
        catch (AppProblemException ex)
        {
            Fail(ex, "period");
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        try
        {
            await meals.CancelPeriodAsync(HttpContext.RequireUser(), Code, PeriodId ?? Guid.Empty, ct);
            return Redirect($"/Meals/Centre/{Uri.EscapeDataString(Code)}?done=cancel");
        }
        catch (AppProblemException ex)
        {
            Fail(ex, "period");
        }
        await LoadAsync(ct);
        return Page();
    }

    private void Fail(AppProblemException ex, string at)
    {
        Error = ex.Problem.Message;
        ErrorAt = at;
        Response.StatusCode = ex.Problem.Status;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        try
        {
            Centre = await meals.GetAsync(me, Code, Day, ct);
        }
        catch (AppProblemException ex) when (Centre is null && ex.Problem.Status != 404 && Day is not null)
        {
            // A day out of range: show today instead, with the message.
            Error ??= ex.Problem.Message;
            Day = null;
            Centre = await meals.GetAsync(me, Code, null, ct);
        }
        catch (AppProblemException ex)
        {
            Error = ex.Problem.Message;
            Response.StatusCode = ex.Problem.Status;
            return;
        }
        if (string.IsNullOrWhiteSpace(DeliveredBy))
        {
            DeliveredBy = me.DisplayName;
        }
        FromDay ??= Centre.Today;
        ToDay ??= FromDay;
    }
}
