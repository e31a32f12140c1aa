using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Institutions;
using KnockDoor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnockDoor.Web.Pages.Institutions.Records;

/// <summary>
/// One institution's records, a section each (值班表, 巡查记录, 设施检查, 在院与外出, 培训, 物资储备, 应急预案). Every form
/// posts to its own handler and comes back to its section; a refused form shows the reason next to it, keeping what was
/// typed. Forms that create a record carry a client id made when the page is shown, so a second tap stores nothing new.
/// </summary>
[Authorize(Policy = "perm:DutiesRead")]
public sealed class DetailsModel(InstitutionRecordService records, TimeProvider clock) : PageModel
{
    public InstitutionRecords Data { get; private set; } = null!;
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; private set; }
    public string NowLocal { get; private set; } = "";
    /// <summary>The section whose form was refused, and why.</summary>
    public string? ErrorFor { get; private set; }
    public string? Error { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }

    // 巡查记录
    [BindProperty] public Guid PatrolClientId { get; set; }
    [BindProperty] public string? PatrolAt { get; set; }
    [BindProperty] public string? PatrolledBy { get; set; }
    [BindProperty] public List<string> Areas { get; set; } = [];
    [BindProperty] public string? OtherAreas { get; set; }
    [BindProperty] public string? Findings { get; set; }
    [BindProperty] public bool ToHazard { get; set; }
    [BindProperty] public Severity? HazardSeverity { get; set; }

    // 设施检查
    [BindProperty] public Guid ChecksClientId { get; set; }
    [BindProperty] public string? ChecksAt { get; set; }
    [BindProperty] public string? CheckedBy { get; set; }
    [BindProperty] public Dictionary<EquipmentSystem, string?> CheckResult { get; set; } = [];
    [BindProperty] public Dictionary<EquipmentSystem, string?> CheckNote { get; set; } = [];

    // 在院与外出
    [BindProperty] public int? Present { get; set; }
    [BindProperty] public int? WentOut { get; set; }
    [BindProperty] public string? Outings { get; set; }
    [BindProperty] public bool BadWeather { get; set; }
    [BindProperty] public bool DiscouragedOutings { get; set; }
    [BindProperty] public string? ResidentsNote { get; set; }

    // 值班表
    [BindProperty] public DutyShift? Shift { get; set; }
    [BindProperty] public string? DutyName { get; set; }
    [BindProperty] public string? DutyPost { get; set; }
    [BindProperty] public string? DutyPhone { get; set; }

    // 培训
    [BindProperty] public string? StaffName { get; set; }
    [BindProperty] public StaffRole? StaffRole { get; set; }
    [BindProperty] public string? StaffPhone { get; set; }
    [BindProperty] public Guid TrainingClientId { get; set; }
    [BindProperty] public DateOnly? TrainingDay { get; set; }
    [BindProperty] public string? Topic { get; set; }
    [BindProperty] public string? Trainer { get; set; }
    [BindProperty] public List<Guid> Attendees { get; set; } = [];

    // 物资储备
    [BindProperty] public SupplyKind? SupplyKind { get; set; }
    [BindProperty] public string? SupplyName { get; set; }
    [BindProperty] public string? SupplyUnit { get; set; }
    [BindProperty] public decimal? SupplyTarget { get; set; }
    [BindProperty] public decimal? SupplyOnHand { get; set; }

    // 应急预案
    [BindProperty] public IFormFile? PlanFile { get; set; }
    [BindProperty] public string? TaskText { get; set; }
    [BindProperty] public string? TaskResponsible { get; set; }
    [BindProperty] public string? TaskPhone { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        PatrolledBy = CheckedBy = me.DisplayName.Length > 0 ? me.DisplayName : me.UserName;
        return await ShowAsync(code, fresh: true, ct);
    }

    public Task<IActionResult> OnPostPatrolAsync(string code, CancellationToken ct) =>
        RunAsync(code, "patrol", async me =>
        {
            var findings = string.IsNullOrWhiteSpace(Findings) ? null : Findings;
            await records.RecordPatrolAsync(me, code, new PatrolInput(PatrolClientId, ParseLocal(PatrolAt), PatrolledBy, Areas, OtherAreas,
                AllClear: findings is null, findings, ToHazard, HazardSeverity), ct);
        }, ct);

    public Task<IActionResult> OnPostPatrolHazardAsync(string code, Guid id, CancellationToken ct) =>
        RunAsync(code, "patrol", me => records.PatrolToHazardAsync(me, code, id, new ToHazardInput(HazardSeverity), ct), ct);

    public Task<IActionResult> OnPostChecksAsync(string code, CancellationToken ct) =>
        RunAsync(code, "checks", async me =>
        {
            var items = InstitutionNames.Systems
                .Where(s => CheckResult.GetValueOrDefault(s) is "pass" or "fail")
                .Select(s => new CheckItem(s, CheckResult[s] == "pass", CheckNote.GetValueOrDefault(s)))
                .ToList();
            await records.RecordChecksAsync(me, code, new ChecksInput(ChecksClientId, ParseLocal(ChecksAt), CheckedBy, items), ct);
        }, ct);

    public Task<IActionResult> OnPostResidentsAsync(string code, CancellationToken ct) =>
        RunAsync(code, "residents", me => records.SaveResidentsAsync(me, code,
            new ResidentsInput(Day, Present, WentOut, Outings, BadWeather, DiscouragedOutings, ResidentsNote), ct), ct);

    public Task<IActionResult> OnPostDutyAsync(string code, CancellationToken ct) =>
        RunAsync(code, "duty", me => records.AddDutyAsync(me, code, new DutyInput(Day ?? ChinaTime.Today(clock), Shift, DutyName, DutyPost, DutyPhone), ct), ct);

    public Task<IActionResult> OnPostRemoveDutyAsync(string code, Guid id, CancellationToken ct) =>
        RunAsync(code, "duty", me => records.RemoveDutyAsync(me, code, id, ct), ct);

    public Task<IActionResult> OnPostStaffAsync(string code, CancellationToken ct) =>
        RunAsync(code, "staff", me => records.AddStaffAsync(me, code, new StaffInput(StaffName, StaffRole, StaffPhone), ct), ct);

    public Task<IActionResult> OnPostRemoveStaffAsync(string code, Guid id, CancellationToken ct) =>
        RunAsync(code, "staff", me => records.RemoveStaffAsync(me, code, id, ct), ct);

    public Task<IActionResult> OnPostTrainingAsync(string code, CancellationToken ct) =>
        RunAsync(code, "training", me => records.RecordTrainingAsync(me, code, new TrainingInput(TrainingClientId, TrainingDay, Topic, Trainer, null, Attendees), ct), ct);

    public Task<IActionResult> OnPostSupplyAsync(string code, CancellationToken ct) =>
        RunAsync(code, "supplies", me => records.SaveSupplyAsync(me, code, new SupplyInput(SupplyKind, SupplyName, SupplyUnit, SupplyTarget, SupplyOnHand), ct), ct);

    public Task<IActionResult> OnPostRemoveSupplyAsync(string code, Guid id, CancellationToken ct) =>
        RunAsync(code, "supplies", me => records.RemoveSupplyAsync(me, code, id, ct), ct);

    public Task<IActionResult> OnPostPlanAsync(string code, CancellationToken ct) =>
        RunAsync(code, "plan", me => records.UploadPlanAsync(me, code, PlanFile, ct), ct);

    public Task<IActionResult> OnPostTaskAsync(string code, CancellationToken ct) =>
        RunAsync(code, "tasks", me => records.AddTaskAsync(me, code, new PlanTaskInput(TaskText, TaskResponsible, TaskPhone, null), ct), ct);

    public Task<IActionResult> OnPostUpdateTaskAsync(string code, Guid id, CancellationToken ct) =>
        RunAsync(code, "tasks", me => records.UpdateTaskAsync(me, code, id, new PlanTaskInput(TaskText, TaskResponsible, TaskPhone, null), ct), ct);

    public Task<IActionResult> OnPostRemoveTaskAsync(string code, Guid id, CancellationToken ct) =>
        RunAsync(code, "tasks", me => records.RemoveTaskAsync(me, code, id, ct), ct);

    /// <summary>A version of the plan (the latest without an id); the download is audited.</summary>
    public async Task<IActionResult> OnGetPlanAsync(string code, Guid? id, CancellationToken ct)
    {
        try
        {
            var (content, type, name) = await records.DownloadPlanAsync(HttpContext.RequireUser(), code, id, ct);
            return File(content, type, name);
        }
        catch (AppProblemException ex) when (ex.Problem.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult> RunAsync(string code, string section, Func<CurrentUser, Task> work, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        try
        {
            await work(me);
            var day = Day is { } d && d != ChinaTime.Today(clock) ? $"&day={Iso(d)}" : "";
            return Redirect($"/Institutions/Records/{Uri.EscapeDataString(code)}?done={section}{day}#{section}");
        }
        catch (AppProblemException ex) when (ex.Problem.Status != StatusCodes.Status404NotFound)
        {
            Error = ex.Problem.Message;
            ErrorFor = section;
            Response.StatusCode = ex.Problem.Status;
        }
        return await ShowAsync(code, fresh: false, ct);
    }

    private async Task<IActionResult> ShowAsync(string code, bool fresh, CancellationToken ct)
    {
        var me = HttpContext.RequireUser();
        Today = ChinaTime.Today(clock);
        NowLocal = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), ChinaTime.Zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        try
        {
            Data = await records.GetAsync(me, code, Day, ct);
        }
        catch (AppProblemException ex) when (ex.Problem.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        catch (AppProblemException ex)
        {
            // A day out of range: show today instead, with the reason.
            (Error, ErrorFor, Day) = (ex.Problem.Message, "day", null);
            Data = await records.GetAsync(me, code, null, ct);
        }
        CanWrite = me.Can(Permission.InstitutionRecordsWrite);
        if (fresh)
        {
            PatrolClientId = Guid.NewGuid();
            ChecksClientId = Guid.NewGuid();
            TrainingClientId = Guid.NewGuid();
            if (Data.Residents is { } r)
            {
                (Present, WentOut, Outings, BadWeather, DiscouragedOutings, ResidentsNote) =
                    (r.Present, r.WentOut, r.Outings, r.BadWeather, r.DiscouragedOutings, r.Note);
            }
            BadWeather |= Data.BadWeatherWarning;
        }
        return Page();
    }

    /// <summary>A datetime-local value, read as China time.</summary>
    private static DateTimeOffset? ParseLocal(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new AppProblemException(Problems.Validation with { Message = "时间格式不正确" });
        }
        return new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local));
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Text(DateTimeOffset at, string format = "MM-dd HH:mm") => ChinaTime.Text(at, format);

    public static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
