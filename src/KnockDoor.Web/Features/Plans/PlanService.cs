using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Plans;

public sealed record PlanUnitRow(string OrgUnitCode, string Name, string Kind, string? TownshipName, int Targets, int Assigned, int Unassigned);

public sealed record PlanSummary(Guid? CampaignId, string? CampaignName, IReadOnlyList<PlanUnitRow> Units, int Targets, int Assigned, int Unassigned);

public sealed record PlanTargetItem(Guid TargetId, string Name, string Categories, string IdNumberMasked, string Sex, int Age,
    string OrgUnitCode, string? VillageName, string? Address, Guid? WorkerId, string? WorkerName, DateOnly? PlannedDate);

public sealed record PlanTargetPage(int Total, int Page, int PageSize, IReadOnlyList<PlanTargetItem> Items);

public sealed record PlanWorker(Guid Id, string UserName, string DisplayName, string OrgUnitCode, string? OrgUnitName, int Assigned);

public sealed record PlanFilter(string? OrgUnit, TargetCategory? Category, bool? OnlyUnassigned, Guid? WorkerId);

public sealed record AssignRequest(IReadOnlyList<Guid>? TargetIds, PlanFilter? Filter, Guid WorkerId, DateOnly? PlannedDate);

public sealed record AssignResult(int Assigned, int Reassigned, int Unchanged);

/// <summary>
/// The visit plan (入户计划) of the current campaign: who visits whom, and when. Every read goes through the
/// scope filter; every change is audited (one row per bulk).
/// </summary>
public sealed class PlanService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxBulk = 20_000;

    public async Task<Campaign> CampaignAsync(CurrentUser user, CancellationToken ct) =>
        await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct) ?? throw new AppProblemException(Problems.PlanNoCampaign);

    /// <summary>The unit asked for (default: the caller's own), visible to the caller, else 404.</summary>
    public async Task<OrgUnit> UnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        var wanted = string.IsNullOrWhiteSpace(code) ? user.OrgUnitCode : code.Trim();
        return await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == wanted, ct)
            ?? throw new AppProblemException(Problems.NotFound);
    }

    /// <summary>Active targets under a unit, in the caller's scope, of a category.</summary>
    public IQueryable<Target> ActiveTargets(CurrentUser user, OrgUnit unit, TargetCategory? category)
    {
        var query = db.Targets.AsNoTracking().VisibleTo(user)
            .Where(t => t.OrgPath.StartsWith(unit.Path) && t.Status == TargetStatus.Active);
        if (category is { } c && c != TargetCategory.None)
        {
            query = query.Where(t => (t.Categories & c) != 0);
        }
        return query;
    }

    private IQueryable<Target> Filtered(CurrentUser user, OrgUnit unit, Guid campaignId, PlanFilter filter)
    {
        var query = ActiveTargets(user, unit, filter.Category);
        if (filter.WorkerId is { } worker)
        {
            query = query.Where(t => db.Assignments.Any(a => a.CampaignId == campaignId && a.TargetId == t.Id && a.WorkerId == worker));
        }
        else if (filter.OnlyUnassigned == true)
        {
            query = query.Where(t => !db.Assignments.Any(a => a.CampaignId == campaignId && a.TargetId == t.Id));
        }
        else if (filter.OnlyUnassigned == false)
        {
            query = query.Where(t => db.Assignments.Any(a => a.CampaignId == campaignId && a.TargetId == t.Id));
        }
        return query;
    }

    public async Task<PlanSummary> SummaryAsync(CurrentUser user, string? orgUnit, CancellationToken ct)
    {
        var unit = await UnitAsync(user, orgUnit, ct);
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;
        var targets = ActiveTargets(user, unit, null);
        var totals = await targets.GroupBy(t => t.OrgUnitCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var assigned = await (from a in db.Assignments.AsNoTracking().VisibleTo(user)
                              join t in targets on a.TargetId equals t.Id
                              where a.CampaignId == campaignId
                              group t by t.OrgUnitCode into g
                              select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Path.StartsWith(unit.Path) && (o.Kind == OrgUnitKind.Village || o.Kind == OrgUnitKind.Institution || o.Kind == OrgUnitKind.Township))
            .OrderBy(o => o.Path).ToListAsync(ct);
        var townships = units.Where(o => o.Kind == OrgUnitKind.Township).ToDictionary(o => o.Code, o => o.Name);
        var rows = units.Where(o => o.Kind != OrgUnitKind.Township)
            .Select(o =>
            {
                var total = totals.GetValueOrDefault(o.Code);
                var done = assigned.GetValueOrDefault(o.Code);
                var township = o.ParentCode is null ? null : townships.GetValueOrDefault(o.ParentCode);
                return new PlanUnitRow(o.Code, o.Name, OrgUnit.KindName(o.Kind), township, total, done, total - done);
            })
            .Where(r => r.Targets > 0 || r.Kind == OrgUnit.KindName(OrgUnitKind.Village))
            .ToList();
        var sumTargets = totals.Values.Sum();
        var sumAssigned = assigned.Values.Sum();
        return new PlanSummary(campaign?.Id, campaign?.Name, rows, sumTargets, sumAssigned, sumTargets - sumAssigned);
    }

    public async Task<PlanTargetPage> TargetsAsync(CurrentUser user, PlanFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var unit = await UnitAsync(user, filter.OrgUnit, ct);
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;
        pageSize = Math.Clamp(pageSize, 1, 1000);
        page = Math.Max(1, page);
        var query = Filtered(user, unit, campaignId, filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(t => t.OrgPath).ThenBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var assignments = await db.Assignments.AsNoTracking().VisibleTo(user)
            .Where(a => a.CampaignId == campaignId && ids.Contains(a.TargetId)).ToDictionaryAsync(a => a.TargetId, ct);
        var workerIds = assignments.Values.Select(a => a.WorkerId).Distinct().ToList();
        var workers = await db.Users.AsNoTracking().Where(u => workerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var unitCodes = rows.Select(r => r.OrgUnitCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => unitCodes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var today = Today();
        var items = rows.Select(t =>
        {
            var a = assignments.GetValueOrDefault(t.Id);
            return new PlanTargetItem(t.Id, t.Name, TargetNames.CategoryList(t.Categories), Core.Common.Masking.IdNumber(t.IdNumber),
                TargetNames.SexName(t.Sex), t.AgeOn(today), t.OrgUnitCode, names.GetValueOrDefault(t.OrgUnitCode), t.Address,
                a?.WorkerId, a is null ? null : workers.GetValueOrDefault(a.WorkerId), a?.PlannedDate);
        }).ToList();
        return new PlanTargetPage(total, page, pageSize, items);
    }

    public async Task<List<PlanWorker>> WorkersAsync(CurrentUser user, CancellationToken ct)
    {
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;
        var workers = await db.Users.AsNoTracking().VisibleTo(user)
            .Where(u => u.Role == Role.FieldWorker && !u.IsDisabled)
            .OrderBy(u => u.OrgPath).ThenBy(u => u.DisplayName).ToListAsync(ct);
        var counts = await db.Assignments.AsNoTracking().VisibleTo(user).Where(a => a.CampaignId == campaignId)
            .GroupBy(a => a.WorkerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var codes = workers.Select(w => w.OrgUnitCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return workers.Select(w => new PlanWorker(w.Id, w.UserName ?? "", w.DisplayName, w.OrgUnitCode, names.GetValueOrDefault(w.OrgUnitCode),
            counts.GetValueOrDefault(w.Id))).ToList();
    }

    public async Task<AssignResult> AssignAsync(CurrentUser user, AssignRequest request, CancellationToken ct)
    {
        var campaign = await CampaignAsync(user, ct);
        var worker = await db.Users.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(u => u.Id == request.WorkerId, ct)
            ?? throw new AppProblemException(Problems.PlanWorkerNotFound);
        if (worker.Role != Role.FieldWorker || worker.IsDisabled)
        {
            throw new AppProblemException(Problems.PlanWorkerInvalid);
        }

        List<(Guid Id, string OrgPath, TargetStatus Status)> targets;
        if (request.TargetIds is { Count: > 0 } ids)
        {
            var wanted = ids.Distinct().ToList();
            if (wanted.Count > MaxBulk)
            {
                throw new AppProblemException(Problems.Validation with { Message = $"一次最多分配 {MaxBulk} 人" });
            }
            targets = [.. (await db.Targets.AsNoTracking().VisibleTo(user).Where(t => wanted.Contains(t.Id))
                .Select(t => new { t.Id, t.OrgPath, t.Status }).ToListAsync(ct)).Select(t => (t.Id, t.OrgPath, t.Status))];
            if (targets.Count != wanted.Count)
            {
                throw new AppProblemException(Problems.NotFound);
            }
            if (targets.Any(t => t.Status != TargetStatus.Active))
            {
                throw new AppProblemException(Problems.PlanTargetInactive);
            }
        }
        else if (request.Filter is { } filter)
        {
            var unit = await UnitAsync(user, filter.OrgUnit, ct);
            targets = [.. (await Filtered(user, unit, campaign.Id, filter).Take(MaxBulk + 1)
                .Select(t => new { t.Id, t.OrgPath, t.Status }).ToListAsync(ct)).Select(t => (t.Id, t.OrgPath, t.Status))];
            if (targets.Count > MaxBulk)
            {
                throw new AppProblemException(Problems.Validation with { Message = $"一次最多分配 {MaxBulk} 人，请按村分批分配" });
            }
        }
        else
        {
            throw new AppProblemException(Problems.PlanNothingSelected);
        }
        if (targets.Count == 0)
        {
            throw new AppProblemException(Problems.PlanNothingSelected);
        }

        var now = clock.GetUtcNow();
        var targetIds = targets.Select(t => t.Id).ToList();
        var existing = new Dictionary<Guid, Assignment>();
        // The existing assignments of the set, loaded in chunks (never one query per target).
        foreach (var chunk in targetIds.Chunk(1000))
        {
            var list = chunk.ToList();
            foreach (var a in await db.Assignments.Where(a => a.CampaignId == campaign.Id && list.Contains(a.TargetId)).ToListAsync(ct))
            {
                existing[a.TargetId] = a;
            }
        }
        int assigned = 0, reassigned = 0, unchanged = 0;
        foreach (var target in targets)
        {
            if (existing.TryGetValue(target.Id, out var row))
            {
                if (row.WorkerId == worker.Id && row.PlannedDate == request.PlannedDate)
                {
                    unchanged++;
                    continue;
                }
                if (row.WorkerId != worker.Id)
                {
                    // The previous worker's phone must learn at its next sync that the target is no longer theirs.
                    db.AssignmentRemovals.Add(Removal(row, now));
                }
                row.WorkerId = worker.Id;
                row.PlannedDate = request.PlannedDate;
                row.AssignedBy = user.Id;
                row.AssignedAt = now;
                row.UpdatedAt = now;
                row.Version++;
                reassigned++;
            }
            else
            {
                db.Assignments.Add(new Assignment
                {
                    Id = Guid.NewGuid(),
                    CountyCode = user.CountyCode,
                    CampaignId = campaign.Id,
                    TargetId = target.Id,
                    OrgPath = target.OrgPath,
                    WorkerId = worker.Id,
                    PlannedDate = request.PlannedDate,
                    AssignedAt = now,
                    AssignedBy = user.Id,
                    UpdatedAt = now,
                    Version = 1,
                });
                assigned++;
            }
        }
        audit.Add(user, "assign", "plan", campaign.Id.ToString(), user.OrgUnitCode,
            details: AuditLog.Snapshot(new { workerId = worker.Id, plannedDate = request.PlannedDate, assigned, reassigned, unchanged, bulk = request.TargetIds is not { Count: > 0 } }));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else assigned some of these at the same moment: nothing of this bulk is kept.
            throw new AppProblemException(Problems.VersionConflict);
        }
        await tx.CommitAsync(ct);
        return new AssignResult(assigned, reassigned, unchanged);
    }

    public async Task UnassignAsync(CurrentUser user, Guid targetId, CancellationToken ct)
    {
        var campaign = await CampaignAsync(user, ct);
        var row = await db.Assignments.VisibleTo(user).FirstOrDefaultAsync(a => a.CampaignId == campaign.Id && a.TargetId == targetId, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        db.Assignments.Remove(row);
        db.AssignmentRemovals.Add(Removal(row, clock.GetUtcNow()));
        audit.Add(user, "unassign", "plan", targetId.ToString(), user.OrgUnitCode,
            before: new { row.WorkerId, row.PlannedDate, row.Version });
        await db.SaveChangesAsync(ct);
    }

    public DateOnly Today() => ChinaTime.Today(clock);

    /// <summary>The tombstone of an assignment its worker loses (stored with the change, in its transaction).</summary>
    private static AssignmentRemoval Removal(Assignment row, DateTimeOffset now) => new()
    {
        CountyCode = row.CountyCode,
        CampaignId = row.CampaignId,
        TargetId = row.TargetId,
        WorkerId = row.WorkerId,
        OrgPath = row.OrgPath,
        RemovedAt = now,
    };
}
