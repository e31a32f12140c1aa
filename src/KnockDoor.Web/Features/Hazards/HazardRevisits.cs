using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Hazards;

/// <summary>A new revisit list: <c>mode</c> "all" or "sample" (with <c>percent</c>, 1–100); the campaign defaults to the active one.</summary>
public sealed record RevisitListRequest(string? OrgUnitCode, string? Mode, int? Percent, Guid? CampaignId);

public sealed record RevisitListResult(string OrgUnitCode, string Mode, int? Percent, Guid CampaignId, int Count);

public sealed record RevisitRow(Guid Id, int Version, string OrgUnitCode, string? PlaceName, Guid? TargetId, string? PersonName, string? ItemCode,
    string Description, Severity Severity, HazardStatus Status, DateOnly? ClosedDay, DateTimeOffset? ListedAt, DateTimeOffset? RevisitedAt,
    string? RevisitedByName, HazardRevisitResult? Result, string? RevisitNote);

public sealed record RevisitList(int Total, List<RevisitRow> Items);

/// <summary>A unit a revisit list can be made for: the county or a township in the caller's scope.</summary>
public sealed record RevisitUnit(string Code, string Name, OrgUnitKind Kind);

/// <summary>
/// The revisit (回头看) lists: closed hazards of a township or the county are put on the list (all, or a random share);
/// the revisit itself is a move of the lifecycle (ConfirmRevisit, Reopen) through <see cref="HazardService"/>.
/// </summary>
public sealed class HazardRevisits(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ModeAll = "all";
    public const string ModeSample = "sample";
    public const string StatePending = "pending";
    public const string StateDone = "done";
    public const int MaxTake = 2000;

    /// <summary>The county and the townships the caller may make lists for.</summary>
    public Task<List<RevisitUnit>> UnitsAsync(CurrentUser user, CancellationToken ct) =>
        db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Kind == OrgUnitKind.County || o.Kind == OrgUnitKind.Township)
            .OrderBy(o => o.Kind).ThenBy(o => o.Code).Select(o => new RevisitUnit(o.Code, o.Name, o.Kind)).ToListAsync(ct);

    /// <summary>
    /// Puts the closed hazards (Closed, FixedOnSpot) of a unit and a campaign that were never listed on the list, in one
    /// transaction with its audit row. A sample takes ceil(n × percent / 100) of the n candidates, in random order.
    /// </summary>
    public async Task<RevisitListResult> CreateAsync(CurrentUser user, RevisitListRequest request, CancellationToken ct)
    {
        if (!user.Can(Permission.HazardsManage))
        {
            throw new AppProblemException(Problems.Forbidden);
        }
        var mode = request.Mode?.Trim().ToLowerInvariant();
        if (mode is not (ModeAll or ModeSample))
        {
            throw new AppProblemException(Problems.HazardRevisitModeInvalid);
        }
        if (request.Percent is < 1 or > 100 || (mode == ModeSample && request.Percent is null))
        {
            throw new AppProblemException(Problems.HazardRevisitPercentInvalid);
        }
        var unit = await UnitAsync(user, request.OrgUnitCode, ct);
        if (unit.Kind is not (OrgUnitKind.County or OrgUnitKind.Township))
        {
            throw new AppProblemException(Problems.HazardRevisitUnitInvalid);
        }
        var campaigns = db.Campaigns.AsNoTracking().Where(c => c.CountyCode == user.CountyCode);
        var campaignId = request.CampaignId is { } requested
            ? await campaigns.Where(c => c.Id == requested).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.HazardRevisitCampaignInvalid)
            // The active campaign, as a visit picks it.
            : await campaigns.OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart)
                .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.PlanNoCampaign);

        var now = clock.GetUtcNow();
        var path = unit.Path;
        var candidates = db.Hazards.VisibleTo(user, db)
            .Where(h => h.CountyCode == user.CountyCode && h.CampaignId == campaignId && h.OrgPath.StartsWith(path)
                && (h.Status == HazardStatus.Closed || h.Status == HazardStatus.FixedOnSpot)
                // Never listed, or reopened by a revisit and closed again since: revisited anew.
                && (h.RevisitListedAt == null || h.RevisitResult == HazardRevisitResult.Reopened));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        int count;
        if (mode == ModeAll)
        {
            count = await candidates.ExecuteUpdateAsync(s => s.SetProperty(h => h.RevisitListedAt, now).SetProperty(h => h.UpdatedAt, now)
                .SetProperty(h => h.RevisitedAt, (DateTimeOffset?)null).SetProperty(h => h.RevisitResult, (HazardRevisitResult?)null)
                .SetProperty(h => h.RevisitedByName, (string?)null).SetProperty(h => h.RevisitNote, (string?)null), ct);
        }
        else
        {
            var available = await candidates.CountAsync(ct);
            var share = SampleSize(available, request.Percent!.Value);
            count = share == 0 ? 0 : await candidates.OrderBy(h => EF.Functions.Random()).Take(share)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.RevisitListedAt, now).SetProperty(h => h.UpdatedAt, now)
                    .SetProperty(h => h.RevisitedAt, (DateTimeOffset?)null).SetProperty(h => h.RevisitResult, (HazardRevisitResult?)null)
                    .SetProperty(h => h.RevisitedByName, (string?)null).SetProperty(h => h.RevisitNote, (string?)null), ct);
        }
        audit.Add(user, "revisit-list", "hazard-revisit-list", unit.Code, unit.Code,
            after: new { Unit = unit.Code, Mode = mode, Percent = mode == ModeSample ? request.Percent : null, Count = count, CampaignId = campaignId });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RevisitListResult(unit.Code, mode, mode == ModeSample ? request.Percent : null, campaignId, count);
    }

    /// <summary>How many of <paramref name="available"/> a sample of <paramref name="percent"/> % takes: rounded up, so at least one when any.</summary>
    public static int SampleSize(int available, int percent) => (int)Math.Min(available, ((long)available * percent + 99) / 100);

    /// <summary>The listed hazards of a unit (default: the caller's): pending (not yet revisited, oldest closed first) or done (latest first).</summary>
    public async Task<RevisitList> ListAsync(CurrentUser user, string? orgUnitCode, string? state, Guid? campaignId, int take, CancellationToken ct)
    {
        var pending = (state?.Trim().ToLowerInvariant() ?? StatePending) switch
        {
            StatePending => true,
            StateDone => false,
            _ => throw new AppProblemException(Problems.HazardRevisitStateInvalid),
        };
        var unit = await UnitAsync(user, string.IsNullOrWhiteSpace(orgUnitCode) ? user.OrgUnitCode : orgUnitCode, ct);
        var path = unit.Path;
        var query = db.Hazards.AsNoTracking().VisibleTo(user, db).Where(h => h.OrgPath.StartsWith(path) && h.RevisitListedAt != null);
        if (campaignId is { } campaign)
        {
            query = query.Where(h => h.CampaignId == campaign);
        }
        query = pending ? query.Where(h => h.RevisitedAt == null) : query.Where(h => h.RevisitedAt != null);
        var total = await query.CountAsync(ct);
        var ordered = pending
            ? query.OrderBy(h => h.ClosedDay).ThenBy(h => h.OrgPath).ThenBy(h => h.Id)
            : query.OrderByDescending(h => h.RevisitedAt).ThenBy(h => h.Id);
        var items = await ordered.Take(Math.Clamp(take, 1, MaxTake))
            .Select(h => new RevisitRow(h.Id, h.Version, h.OrgUnitCode,
                db.OrgUnits.Where(o => o.Code == h.OrgUnitCode).Select(o => o.Name).FirstOrDefault(),
                h.TargetId,
                db.Targets.Where(t => t.Id == h.TargetId).Select(t => t.Name).FirstOrDefault(),
                h.ItemCode, h.Description, h.Severity, h.Status, h.ClosedDay, h.RevisitListedAt, h.RevisitedAt, h.RevisitedByName,
                h.RevisitResult, h.RevisitNote))
            .ToListAsync(ct);
        return new RevisitList(total, items);
    }

    /// <summary>A unit in the caller's scope; outside it (or unknown) the answer is 404, as for any record.</summary>
    private async Task<OrgUnit> UnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new AppProblemException(Problems.HazardRevisitUnitInvalid);
        }
        var trimmed = code.Trim();
        return await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == trimmed, ct)
            ?? throw new AppProblemException(Problems.NotFound);
    }

    public static void MapRevisitApi(RouteGroupBuilder hazards)
    {
        hazards.MapPost("/revisits", (RevisitListRequest request, HttpContext http, HazardRevisits revisits, CancellationToken ct) =>
            revisits.CreateAsync(http.RequireUser(), request, ct))
            .RequirePermission(Permission.HazardsManage)
            .WithSummary("生成回头看清单：某乡镇或全县已销号的隐患，全部或按比例随机抽取（mode=all|sample，percent 1–100）");

        hazards.MapGet("/revisits", (HttpContext http, HazardRevisits revisits, string? orgUnitCode, string? state, Guid? campaignId, int? take,
            CancellationToken ct) => revisits.ListAsync(http.RequireUser(), orgUnitCode, state, campaignId, take ?? 500, ct))
            .RequirePermission(Permission.HazardsRead)
            .WithSummary("回头看清单：state=pending 待回访，state=done 已回访（含结果）");
    }
}
