using System.Text.Json;
using System.Text.Json.Serialization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Reports;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Reports;

/// <summary>One cell of the stored table. For a corrected computed figure, both values and the reason are kept.</summary>
public sealed record FigureCell(string Key, decimal Today, decimal? Cumulative, decimal? ComputedToday = null, decimal? ComputedCumulative = null,
    string? Reason = null);

/// <summary>A row of the draft: computed figures filled in; typed ones with the cumulative of the days before.</summary>
public sealed record DraftFigure(string Key, string Label, string Group, bool Computed, bool Cumulates, decimal? Today, decimal? Cumulative);

public sealed record DailyReportDto(Guid Id, string OrgUnitCode, DateOnly Day, int Revision, DateTimeOffset SubmittedAt, Guid SubmittedBy,
    string SubmittedByName, bool OnTime, bool IsLatest, IReadOnlyList<FigureCell> Figures, string? WorkDone, string? Problems, string? NextSteps);

public sealed record DailyReportDraft(string OrgUnitCode, string OrgUnitName, ReportUnitKind UnitKind, Guid CampaignId, DateOnly Day,
    DateTimeOffset Deadline, IReadOnlyList<DraftFigure> Figures, DailyReportDto? Latest);

public sealed record FigureCorrection(string? Key, decimal? Today, decimal? Cumulative, string? Reason);

public sealed record SubmitDailyReportRequest(string? OrgUnitCode, DateOnly? Day, Dictionary<string, decimal?>? Typed,
    List<FigureCorrection>? Corrections, string? WorkDone, string? Problems, string? NextSteps);

/// <summary>
/// The daily report (每日报送) of a township or institution: the draft filled from the records, and submissions, each a
/// new revision. On time means before the campaign's deadline on the day, in the campaign's time zone, by the
/// injected clock only.
/// </summary>
public sealed class DailyReportService(AppDbContext db, DailyReportCalculator calculator, AuditLog audit, TimeProvider clock)
{
    public const int MaxText = 2000;
    public const int MaxReason = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The instant of the deadline of a day: the campaign's time of day in its zone (15:00 Asia/Shanghai).</summary>
    public static DateTimeOffset DeadlineOf(Campaign campaign, DateOnly day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId);
        var local = day.ToDateTime(campaign.DailyReportDeadline, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateOnly TodayIn(Campaign campaign, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId)).DateTime);

    /// <summary>The unit asked for (default: the caller's own): in scope (else 404), a township or institution, and the caller's to report.</summary>
    private async Task<(OrgUnit Unit, ReportUnitKind Kind)> UnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        var wanted = string.IsNullOrWhiteSpace(code) ? user.OrgUnitCode : code.Trim();
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == wanted, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        ReportUnitKind? kind = unit.Kind switch
        {
            OrgUnitKind.Township => ReportUnitKind.Township,
            OrgUnitKind.Institution => ReportUnitKind.Institution,
            _ => null,
        };
        if (kind is null)
        {
            throw new AppProblemException(Problems.ReportUnitInvalid);
        }
        var allowed = user.Role switch
        {
            Role.CountyOffice => true,
            Role.TownshipOfficer or Role.InstitutionStaff => unit.Code == user.OrgUnitCode,
            _ => false,
        };
        return allowed ? (unit, kind.Value) : throw new AppProblemException(Problems.Forbidden);
    }

    private async Task<Campaign> CampaignAsync(CurrentUser user, CancellationToken ct) =>
        await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);

    private DateOnly CheckDay(Campaign campaign, DateOnly? day)
    {
        var today = TodayIn(campaign, clock.GetUtcNow());
        var d = day ?? today;
        if (d > today)
        {
            throw new AppProblemException(Problems.ReportDayInFuture);
        }
        if (d < campaign.MobilisationStart)
        {
            throw new AppProblemException(Problems.ReportDayBeforeCampaign);
        }
        return d;
    }

    private IQueryable<DailyReport> Reports(Campaign campaign, OrgUnit unit, DateOnly day) =>
        db.DailyReports.Where(r => r.CountyCode == campaign.CountyCode && r.CampaignId == campaign.Id && r.OrgUnitCode == unit.Code && r.Day == day);

    public async Task<DailyReportDraft> GetDraftAsync(CurrentUser user, string? orgUnitCode, DateOnly? day, CancellationToken ct)
    {
        var (unit, kind) = await UnitAsync(user, orgUnitCode, ct);
        var campaign = await CampaignAsync(user, ct);
        var d = CheckDay(campaign, day);
        var computed = await calculator.ComputeAsync(campaign.Id, campaign.CountyCode, unit.Path, kind, d, ct);
        var typedBefore = await TypedBeforeAsync(campaign, unit, d, ct);
        var figures = DailyFigures.Of(kind).Select(f =>
        {
            if (f.Computed)
            {
                var v = computed[f.Key];
                return new DraftFigure(f.Key, f.Label, f.Group, true, f.Cumulates, v.Today, v.Cumulative);
            }
            return new DraftFigure(f.Key, f.Label, f.Group, false, f.Cumulates, null, f.Cumulates ? typedBefore.GetValueOrDefault(f.Key) : null);
        }).ToList();
        var latest = await Reports(campaign, unit, d).AsNoTracking().Where(r => r.IsLatest).FirstOrDefaultAsync(ct);
        return new DailyReportDraft(unit.Code, unit.Name, kind, campaign.Id, d, DeadlineOf(campaign, d), figures, latest is null ? null : ToDto(latest));
    }

    public async Task<IReadOnlyList<DailyReportDto>> RevisionsAsync(CurrentUser user, string? orgUnitCode, DateOnly? day, CancellationToken ct)
    {
        var (unit, _) = await UnitAsync(user, orgUnitCode, ct);
        var campaign = await CampaignAsync(user, ct);
        var d = CheckDay(campaign, day);
        var rows = await Reports(campaign, unit, d).AsNoTracking().OrderByDescending(r => r.Revision).ToListAsync(ct);
        return [.. rows.Select(ToDto)];
    }

    public async Task<DailyReportDto> SubmitAsync(CurrentUser user, SubmitDailyReportRequest request, CancellationToken ct)
    {
        var (unit, kind) = await UnitAsync(user, request.OrgUnitCode, ct);
        var campaign = await CampaignAsync(user, ct);
        if (request.Day is null)
        {
            throw new AppProblemException(Problems.Validation with { Message = "请选择报送日期(day)" });
        }
        var day = CheckDay(campaign, request.Day);

        var typed = request.Typed ?? [];
        foreach (var (key, value) in typed)
        {
            if (DailyFigures.Find(key) is not { Computed: false } f || f.Unit != kind)
            {
                throw new AppProblemException(Problems.ReportFigureUnknown.With("key", key));
            }
            CheckValue(key, value);
        }
        var corrections = new Dictionary<string, FigureCorrection>(StringComparer.Ordinal);
        foreach (var c in request.Corrections ?? [])
        {
            if (c.Key is null || DailyFigures.Find(c.Key) is not { Computed: true } f || f.Unit != kind || !corrections.TryAdd(c.Key, c))
            {
                throw new AppProblemException(Problems.ReportFigureUnknown.With("key", c.Key));
            }
            CheckValue(c.Key, c.Today);
            CheckValue(c.Key, c.Cumulative);
            if (string.IsNullOrWhiteSpace(c.Reason))
            {
                throw new AppProblemException(Problems.ReportCorrectionReasonRequired.With("key", c.Key));
            }
            if (c.Reason.Trim().Length > MaxReason)
            {
                throw new AppProblemException(Problems.ReportTextTooLong with { Message = $"更正原因不能超过 {MaxReason} 个字" });
            }
        }
        var workDone = Clean(request.WorkDone);
        var problems = Clean(request.Problems);
        var nextSteps = Clean(request.NextSteps);
        foreach (var (text, label) in new[] { (workDone, "工作开展情况"), (problems, "存在问题"), (nextSteps, "下步打算") })
        {
            if (text is { Length: > MaxText })
            {
                throw new AppProblemException(Problems.ReportTextTooLong with { Message = $"{label}不能超过 {MaxText} 个字" });
            }
        }

        var computed = await calculator.ComputeAsync(campaign.Id, campaign.CountyCode, unit.Path, kind, day, ct);
        var typedBefore = await TypedBeforeAsync(campaign, unit, day, ct);
        var cells = new List<FigureCell>();
        foreach (var f in DailyFigures.Of(kind))
        {
            if (f.Computed)
            {
                var v = computed[f.Key];
                cells.Add(corrections.TryGetValue(f.Key, out var c)
                    ? new FigureCell(f.Key, c.Today ?? v.Today, c.Cumulative ?? v.Cumulative, v.Today, v.Cumulative, c.Reason!.Trim())
                    : new FigureCell(f.Key, v.Today, v.Cumulative));
            }
            else
            {
                var today = typed.GetValueOrDefault(f.Key) ?? 0;
                cells.Add(new FigureCell(f.Key, today, f.Cumulates ? typedBefore.GetValueOrDefault(f.Key) + today : null));
            }
        }

        var now = clock.GetUtcNow();
        var previous = await Reports(campaign, unit, day).OrderByDescending(r => r.Revision).FirstOrDefaultAsync(ct);
        if (previous is not null)
        {
            previous.IsLatest = false;
        }
        var report = new DailyReport
        {
            Id = Guid.NewGuid(),
            CountyCode = campaign.CountyCode,
            CampaignId = campaign.Id,
            OrgUnitCode = unit.Code,
            OrgPath = unit.Path,
            Day = day,
            Revision = (previous?.Revision ?? 0) + 1,
            SubmittedAt = now,
            SubmittedBy = user.Id,
            SubmittedByName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50),
            OnTime = now < DeadlineOf(campaign, day),
            Figures = JsonSerializer.Serialize(cells, Json),
            WorkDone = workDone,
            Problems = problems,
            NextSteps = nextSteps,
            IsLatest = true,
        };
        db.DailyReports.Add(report);
        audit.Add(user, AuditActions.Create, "daily-report", report.Id.ToString(), unit.Code,
            after: new { report.Day, report.Revision, report.OnTime, Corrections = corrections.Keys.ToList() });
        try
        {
            // One SaveChanges, one transaction: the previous revision loses IsLatest together with the new one's insert.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            throw new AppProblemException(Problems.ReportRevisionConflict);
        }
        return ToDto(report);
    }

    /// <summary>The sum of each typed figure over the unit's latest reports of the days before.</summary>
    private async Task<Dictionary<string, decimal>> TypedBeforeAsync(Campaign campaign, OrgUnit unit, DateOnly day, CancellationToken ct)
    {
        var rows = await db.DailyReports.AsNoTracking()
            .Where(r => r.CountyCode == campaign.CountyCode && r.CampaignId == campaign.Id && r.OrgUnitCode == unit.Code && r.Day < day && r.IsLatest)
            .Select(r => r.Figures).ToListAsync(ct);
        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var cell in rows.SelectMany(ParseCells))
        {
            if (DailyFigures.Find(cell.Key) is { Computed: false, Cumulates: true })
            {
                sums[cell.Key] = sums.GetValueOrDefault(cell.Key) + cell.Today;
            }
        }
        return sums;
    }

    /// <summary>The cells of a stored table (<see cref="DailyReport.Figures"/>).</summary>
    public static List<FigureCell> ParseCells(string json) => JsonSerializer.Deserialize<List<FigureCell>>(json, Json) ?? [];

    private static void CheckValue(string key, decimal? value)
    {
        if (value is { } v && (v < 0 || (key != DailyFigures.Coverage && v != decimal.Truncate(v))))
        {
            throw new AppProblemException(Problems.ReportFigureInvalid.With("key", key));
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private static DailyReportDto ToDto(DailyReport r) => new(r.Id, r.OrgUnitCode, r.Day, r.Revision, r.SubmittedAt, r.SubmittedBy,
        r.SubmittedByName, r.OnTime, r.IsLatest, ParseCells(r.Figures), r.WorkDone, r.Problems, r.NextSteps);
}
