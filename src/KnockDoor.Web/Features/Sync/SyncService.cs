using KnockDoor.Core.Accounts;
using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Devices;
using KnockDoor.Web.Features.Plans;
using KnockDoor.Web.Features.Visits;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Sync;

public sealed record SyncCampaign(Guid Id, string Name);

public sealed record SyncTemplate(Guid Id, ChecklistKind Kind, int Version, ChecklistDefinition Definition);

public sealed record SyncVisit(Guid Id, Guid? TargetId, VisitOutcome Outcome, DateTimeOffset FinishedAt);

/// <summary>The answer of GET /api/v1/sync (docs/field-app.md, “Sync”).</summary>
public sealed record SyncResponse(string Token, bool Full, DateTimeOffset ServerTime, SyncCampaign? Campaign, List<TaskItem> Tasks,
    List<Guid> Removed, List<SyncTemplate> Templates, List<SyncVisit> Visits);

/// <summary>
/// What a field worker's phone needs, all of it (full) or only what changed since its last sync (incremental).
/// Changes are found by time: assignments, targets and tombstones carry the server time of their last change,
/// visits the time they were received. A sync reads everything changed since the token's time minus
/// <see cref="Overlap"/>, so a transaction that took its timestamp before the last sync but committed after it is
/// never missed; an item returned twice is harmless (the phone upserts).
/// </summary>
public sealed class SyncService(AppDbContext db, TaskService tasks, DeviceService devices, TimeProvider clock)
{
    /// <summary>How far back before the token's time an incremental sync reads.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    /// <summary>A token older than this gets a full sync (tombstones are kept at least this long).</summary>
    public static readonly TimeSpan MaxTokenAge = TimeSpan.FromDays(30);

    /// <summary>A full sync carries the worker's own visits of this many last days.</summary>
    public static readonly TimeSpan VisitHistory = TimeSpan.FromDays(30);

    public async Task<SyncResponse> SyncAsync(CurrentUser user, string? since, Guid? deviceId, string? userAgent, CancellationToken ct)
    {
        // The token's time is taken before anything is read: a change this answer misses was either stamped later, or
        // stamped earlier by a transaction still open, which the next sync's overlap window catches.
        var now = clock.GetUtcNow().ToUniversalTime();
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var token = SyncToken.Decode(since);
        var incremental = campaign is not null && token is not null && token.CampaignId == campaign.Id && token.UserId == user.Id
            && token.Scope == SyncToken.ScopeOf(user) && token.At <= now.Add(Overlap) && now - token.At <= MaxTokenAge;
        var next = SyncToken.For(user, campaign?.Id ?? Guid.Empty, now).Encode();

        SyncResponse response;
        if (campaign is null)
        {
            response = new SyncResponse(next, true, now, null, [], [], await TemplatesAsync(user, null, ct), []);
        }
        else if (incremental)
        {
            var cutoff = token!.At.ToUniversalTime() - Overlap;
            var (changed, removed) = await ChangesAsync(user, campaign, cutoff, ct);
            var items = changed.Count == 0 ? [] : await tasks.BuildAsync(user, campaign, changed, activeOnly: true, ct);
            var visits = await OwnVisits(user, campaign.Id).Where(v => v.ReceivedAt >= cutoff)
                .OrderBy(v => v.FinishedAt).Select(v => new SyncVisit(v.Id, v.TargetId, v.Outcome, v.FinishedAt)).ToListAsync(ct);
            response = new SyncResponse(next, false, now, new SyncCampaign(campaign.Id, campaign.Name), items, removed,
                await TemplatesAsync(user, cutoff, ct), visits);
        }
        else
        {
            var items = await tasks.BuildAsync(user, campaign, targetIds: null, activeOnly: true, ct);
            var after = now - VisitHistory;
            var visits = await OwnVisits(user, campaign.Id).Where(v => v.FinishedAt >= after)
                .OrderBy(v => v.FinishedAt).Select(v => new SyncVisit(v.Id, v.TargetId, v.Outcome, v.FinishedAt)).ToListAsync(ct);
            response = new SyncResponse(next, true, now, new SyncCampaign(campaign.Id, campaign.Name), items, [],
                await TemplatesAsync(user, null, ct), visits);
        }
        if (campaign is not null && response.Tasks.Count > 0)
        {
            // Stored before the answer leaves the server: no audit row, no phones.
            tasks.AuditDownload(user, campaign, response.Tasks.Count, response.Full);
            await db.SaveChangesAsync(ct);
        }
        if (deviceId is { } device)
        {
            await devices.RecordSyncAsync(user, device, userAgent, now, ct);
        }
        return response;
    }

    private IQueryable<Visit> OwnVisits(CurrentUser user, Guid campaignId) =>
        db.Visits.AsNoTracking().VisibleTo(user).Where(v => v.CampaignId == campaignId && v.VisitorId == user.Id);

    /// <summary>
    /// The targets whose task changed since <paramref name="cutoff"/> (still the worker's, active and in scope), and the
    /// targets the worker lost since then (unassigned, given to another worker, no longer active or out of scope).
    /// </summary>
    private async Task<(List<Guid> Changed, List<Guid> Removed)> ChangesAsync(CurrentUser user, Campaign campaign, DateTimeOffset cutoff, CancellationToken ct)
    {
        var mine = tasks.Mine(user, campaign.Id);
        var candidates = new HashSet<Guid>();
        // The plan row changed: newly assigned to this worker, reassigned to them, or a new planned date.
        candidates.UnionWith(await mine.Where(a => a.UpdatedAt >= cutoff).Select(a => a.TargetId).ToListAsync(ct));
        // The registry entry changed (address, phone, status, village…).
        candidates.UnionWith(await (from a in mine
                                    join t in db.Targets.AsNoTracking() on a.TargetId equals t.Id
                                    where t.UpdatedAt >= cutoff
                                    select a.TargetId).ToListAsync(ct));
        // Someone visited the target: its visited, last-outcome and critical flags may have changed.
        candidates.UnionWith(await mine
            .Where(a => db.Visits.Any(v => v.CampaignId == a.CampaignId && v.TargetId == a.TargetId && v.ReceivedAt >= cutoff))
            .Select(a => a.TargetId).ToListAsync(ct));

        var changed = new List<Guid>();
        var removed = new HashSet<Guid>();
        foreach (var chunk in candidates.Chunk(1000))
        {
            var list = chunk.ToList();
            // Read without the scope filter on purpose: a target that left the worker's scope must be reported as removed.
            foreach (var t in await db.Targets.AsNoTracking().Where(t => list.Contains(t.Id)).Select(t => new { t.Id, t.Status, t.OrgPath }).ToListAsync(ct))
            {
                if (t.Status == TargetStatus.Active && user.Sees(t.OrgPath))
                {
                    changed.Add(t.Id);
                }
                else
                {
                    removed.Add(t.Id);
                }
            }
        }

        var lost = await db.AssignmentRemovals.AsNoTracking().VisibleTo(user)
            .Where(r => r.WorkerId == user.Id && r.CampaignId == campaign.Id && r.RemovedAt >= cutoff)
            .Select(r => r.TargetId).Distinct().ToListAsync(ct);
        if (lost.Count > 0)
        {
            // A target lost and then given back is the worker's again: the current plan wins over the tombstone.
            var back = new HashSet<Guid>();
            foreach (var chunk in lost.Chunk(1000))
            {
                var list = chunk.ToList();
                back.UnionWith(await mine.Where(a => list.Contains(a.TargetId)).Select(a => a.TargetId).ToListAsync(ct));
            }
            removed.UnionWith(lost.Where(id => !back.Contains(id)));
        }
        removed.ExceptWith(changed);
        return (changed, [.. removed.Order()]);
    }

    /// <summary>
    /// The current template of each kind the account fills (household; institution too for accounts that inspect
    /// institutions): all of them, or those published since <paramref name="cutoff"/>.
    /// </summary>
    private async Task<List<SyncTemplate>> TemplatesAsync(CurrentUser user, DateTimeOffset? cutoff, CancellationToken ct)
    {
        var kinds = new List<ChecklistKind> { ChecklistKind.Household };
        if (user.Can(Permission.InstitutionsInspect))
        {
            kinds.Add(ChecklistKind.Institution);
        }
        var query = db.ChecklistTemplates.AsNoTracking().Where(t => t.CountyCode == user.CountyCode && t.IsCurrent && kinds.Contains(t.Kind));
        if (cutoff is { } f)
        {
            query = query.Where(t => t.PublishedAt >= f);
        }
        var rows = await query.OrderBy(t => t.Kind).Select(t => new { t.Id, t.Kind, t.Version, t.Definition }).ToListAsync(ct);
        return [.. rows.Select(t => new SyncTemplate(t.Id, t.Kind, t.Version, TemplateCache.Parse(t.Id, t.Definition)))];
    }
}
