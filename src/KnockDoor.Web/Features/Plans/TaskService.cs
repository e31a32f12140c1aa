using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Plans;

/// <summary>
/// One target of a worker's list. <c>TargetVersion</c> is the registry version the values come from (the phone
/// sends it back with the visit, see registry conflicts); <c>AssignmentVersion</c> the plan row's.
/// </summary>
public sealed record TaskItem(Guid TargetId, string Name, string Categories, string IdNumberMasked, string Sex, int Age, string? Phone,
    string? Address, string? Household, string? GuardianName, string? GuardianPhone, string OrgUnitCode, string? VillageName,
    string? TownshipName, DateOnly? PlannedDate, bool Visited, VisitOutcome? LastOutcome, DateTimeOffset? LastVisitAt, bool PastCritical,
    int TargetVersion, int AssignmentVersion, string? RevisitWarning = null, DateTimeOffset? RevisitUntil = null);

/// <summary>A field worker's own list for the current campaign (contract 3): phones in full, so one audit row per download.</summary>
public sealed class TaskService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<List<TaskItem>> MyTasksAsync(CurrentUser user, CancellationToken ct)
    {
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        if (campaign is null)
        {
            return [];
        }
        var items = await BuildAsync(user, campaign, targetIds: null, activeOnly: true, ct);
        AuditDownload(user, campaign, items.Count, full: null);
        await db.SaveChangesAsync(ct);
        return items;
    }

    /// <summary>The caller's own assignments of the campaign in the caller's scope.</summary>
    public IQueryable<Assignment> Mine(CurrentUser user, Guid campaignId) =>
        db.Assignments.AsNoTracking().VisibleTo(user).Where(a => a.CampaignId == campaignId && a.WorkerId == user.Id);

    /// <summary>
    /// The worker's tasks: all of them, or those of the given targets; with <paramref name="activeOnly"/> only targets
    /// still in the registry (moved-away or deceased people are not visited). Unvisited first.
    /// </summary>
    public async Task<List<TaskItem>> BuildAsync(CurrentUser user, Campaign campaign, IReadOnlyCollection<Guid>? targetIds, bool activeOnly, CancellationToken ct)
    {
        var rows = new List<(Assignment Assignment, Target Target)>();
        var mine = Mine(user, campaign.Id);
        var targets = db.Targets.AsNoTracking().VisibleTo(user);
        if (activeOnly)
        {
            targets = targets.Where(t => t.Status == TargetStatus.Active);
        }
        if (targetIds is null)
        {
            rows.AddRange((await (from a in mine join t in targets on a.TargetId equals t.Id select new { a, t }).ToListAsync(ct)).Select(r => (r.a, r.t)));
        }
        else
        {
            foreach (var chunk in targetIds.Chunk(1000))
            {
                var list = chunk.ToList();
                rows.AddRange((await (from a in mine.Where(a => list.Contains(a.TargetId))
                                      join t in targets on a.TargetId equals t.Id
                                      select new { a, t }).ToListAsync(ct)).Select(r => (r.a, r.t)));
            }
        }
        var ids = rows.Select(r => r.Target.Id).ToList();

        var visits = new Dictionary<Guid, (bool Visited, VisitOutcome Last, DateTimeOffset At)>();
        var critical = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(1000))
        {
            var list = chunk.Select(id => (Guid?)id).ToList();
            // One grouped pass: per target, whether a Visited visit exists and the latest visit.
            var grouped = await db.Visits.AsNoTracking().VisibleTo(user)
                .Where(v => v.CampaignId == campaign.Id && v.Kind == ChecklistKind.Household && list.Contains(v.TargetId))
                .Select(v => new { v.TargetId, v.Outcome, v.FinishedAt })
                .ToListAsync(ct);
            foreach (var g in grouped.GroupBy(v => v.TargetId!.Value))
            {
                var last = g.MaxBy(v => v.FinishedAt)!;
                visits[g.Key] = (g.Any(v => v.Outcome == VisitOutcome.Visited), last.Outcome, last.FinishedAt);
            }
            foreach (var id in await db.Hazards.AsNoTracking()
                .Where(h => h.OrgPath.StartsWith(user.OrgPath) && h.Severity == Severity.Critical && list.Contains(h.TargetId))
                .Select(h => h.TargetId!.Value).Distinct().ToListAsync(ct))
            {
                critical.Add(id);
            }
        }

        // On a weather warning's revisit list (预警回访) while the warning lasts: the most severe warning, and when it ends
        // (the phone drops the flag then by itself; issuing or cancelling a warning touches the assignments, so it syncs).
        var warnings = new Dictionary<Guid, (string Title, DateTimeOffset Until, Core.Duties.WarningLevel Level)>();
        var at = clock.GetUtcNow();
        foreach (var chunk in ids.Chunk(1000))
        {
            var list = chunk.ToList();
            var listed = await (from r in db.WarningRevisits.AsNoTracking().Where(r => r.CountyCode == user.CountyCode && list.Contains(r.TargetId))
                                join w in db.WeatherWarnings.AsNoTracking() on r.WarningId equals w.Id
                                where w.CancelledAt == null && w.To > at
                                select new { r.TargetId, w.Kind, w.Level, w.To }).ToListAsync(ct);
            foreach (var w in listed)
            {
                if (!warnings.TryGetValue(w.TargetId, out var held) || w.Level > held.Level || (w.Level == held.Level && w.To > held.Until))
                {
                    warnings[w.TargetId] = (Weather.WeatherNames.Title(w.Kind, w.Level), w.To, w.Level);
                }
            }
        }

        var codes = rows.SelectMany(r => r.Target.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var today = ChinaTime.Today(clock);
        return rows.Select(r =>
        {
            var t = r.Target;
            var parts = t.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var township = parts.Length >= 2 ? names.GetValueOrDefault(parts[^2]) : null;
            var v = visits.TryGetValue(t.Id, out var found) ? found : ((bool, VisitOutcome, DateTimeOffset)?)null;
            return new TaskItem(t.Id, t.Name, TargetNames.CategoryList(t.Categories), Core.Common.Masking.IdNumber(t.IdNumber),
                TargetNames.SexName(t.Sex), t.AgeOn(today), t.Phone, t.Address, t.Household, t.GuardianName, t.GuardianPhone,
                t.OrgUnitCode, names.GetValueOrDefault(t.OrgUnitCode), township, r.Assignment.PlannedDate,
                v?.Item1 ?? false, v?.Item2, v?.Item3, critical.Contains(t.Id), t.Version, r.Assignment.Version,
                warnings.TryGetValue(t.Id, out var warning) ? warning.Title : null, warnings.TryGetValue(t.Id, out warning) ? warning.Until : null);
        })
        .OrderBy(i => i.Visited).ThenBy(i => i.VillageName, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.TargetId)
        .ToList();
    }

    /// <summary>The audit row of a download of tasks (phones in full): the count, never the personal data.</summary>
    public void AuditDownload(CurrentUser user, Campaign campaign, int count, bool? full) =>
        audit.Add(user, "download", "tasks", campaign.Id.ToString(), user.OrgUnitCode,
            details: AuditLog.Snapshot(full is null ? new { count } : (object)new { count, sync = true, full }));
}
