using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace KnockDoor.Web.Features.Coverage;

/// <summary>
/// Keeps <see cref="TargetProgress"/> right, in the transaction of the change that moves it: a household visit
/// stored, or a target's village, status or categories changed. Code that stores visits or changes targets saves
/// through <see cref="SaveChangesAsync"/> instead of <c>db.SaveChangesAsync</c>.
/// </summary>
public static class TargetProgressWriter
{
    /// <summary>
    /// Saves the context's changes; in the same transaction, folds every added household visit into its target's
    /// row and copies the changed village, path, status or categories of every modified target into its rows.
    /// </summary>
    public static async Task<int> SaveChangesAsync(AppDbContext db, CancellationToken ct)
    {
        var visits = db.ChangeTracker.Entries<Visit>()
            .Where(e => e.State == EntityState.Added && e.Entity.TargetId is not null).Select(e => e.Entity.Id).ToList();
        var targets = db.ChangeTracker.Entries<Target>()
            .Where(e => e.State == EntityState.Modified && CopiesChanged(e)).Select(e => e.Entity).ToList();
        if (visits.Count == 0 && targets.Count == 0)
        {
            return await db.SaveChangesAsync(ct);
        }
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // Changes are accepted only once the rows below are written too: a failure leaves the context as it was.
        var saved = await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
        foreach (var target in targets)
        {
            await db.TargetProgress.Where(p => p.TargetId == target.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.CountyCode, target.CountyCode)
                .SetProperty(p => p.OrgUnitCode, target.OrgUnitCode)
                .SetProperty(p => p.OrgPath, target.OrgPath)
                .SetProperty(p => p.Status, target.Status)
                .SetProperty(p => p.Categories, target.Categories)
                .SetProperty(p => p.UpdatedAt, target.UpdatedAt), ct);
        }
        var record = RecordSql(postgres: !db.Database.IsSqlite());
        foreach (var visitId in visits)
        {
            await db.Database.ExecuteSqlRawAsync(record, [visitId], ct);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.AcceptAllChanges();
        return saved;
    }

    /// <summary>
    /// Recomputes a campaign's rows from its visits (what <see cref="SaveChangesAsync"/> keeps up visit by visit):
    /// for loaders that store visits in bulk, and as the reference the tests compare against.
    /// </summary>
    public static async Task RebuildAsync(AppDbContext db, Guid campaignId, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.TargetProgress.Where(p => p.CampaignId == campaignId).ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync(RebuildSql, [campaignId], ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    private static bool CopiesChanged(EntityEntry<Target> e) =>
        e.Property(t => t.CountyCode).IsModified || e.Property(t => t.OrgUnitCode).IsModified || e.Property(t => t.OrgPath).IsModified
        || e.Property(t => t.Status).IsModified || e.Property(t => t.Categories).IsModified;

    private const string Columns = """
        "TargetId", "CampaignId", "CountyCode", "OrgUnitCode", "OrgPath", "Status", "Categories",
        "Visited", "FirstVisitedDay", "LastOutcome", "LastVisitAt", "VisitCount", "UpdatedAt"
        """;

    private static readonly int Visited = (int)VisitOutcome.Visited;

    /// <summary>
    /// One visit ({0}: its id) into its target's row: inserted, or folded into the row there is. Visited stays once
    /// set; the last outcome is replaced only by a visit that finished later, so a phone syncing old visits late
    /// changes nothing but the count. The target's copies are read in the statement; on PostgreSQL its row is
    /// share-locked, so that a concurrent change of the target waits for this transaction (or this for it) and
    /// then sees this row.
    /// </summary>
    private static string RecordSql(bool postgres) => $$"""
        INSERT INTO "TargetProgress" ({{Columns}})
        SELECT v."TargetId", v."CampaignId", t."CountyCode", t."OrgUnitCode", t."OrgPath", t."Status", t."Categories",
            v."Outcome" = {{Visited}}, CASE WHEN v."Outcome" = {{Visited}} THEN v."Day" END, v."Outcome", v."FinishedAt", 1, v."ReceivedAt"
        FROM "Visits" AS v
        JOIN "Targets" AS t ON t."Id" = v."TargetId"
        WHERE v."Id" = {0}{{(postgres ? " FOR SHARE OF t" : "")}}
        ON CONFLICT ("TargetId", "CampaignId") DO UPDATE SET
            "CountyCode" = excluded."CountyCode",
            "OrgUnitCode" = excluded."OrgUnitCode",
            "OrgPath" = excluded."OrgPath",
            "Status" = excluded."Status",
            "Categories" = excluded."Categories",
            "Visited" = "TargetProgress"."Visited" OR excluded."Visited",
            "FirstVisitedDay" = CASE
                WHEN excluded."FirstVisitedDay" IS NULL THEN "TargetProgress"."FirstVisitedDay"
                WHEN "TargetProgress"."FirstVisitedDay" IS NULL OR excluded."FirstVisitedDay" < "TargetProgress"."FirstVisitedDay"
                    THEN excluded."FirstVisitedDay"
                ELSE "TargetProgress"."FirstVisitedDay" END,
            "LastOutcome" = CASE WHEN excluded."LastVisitAt" > "TargetProgress"."LastVisitAt"
                THEN excluded."LastOutcome" ELSE "TargetProgress"."LastOutcome" END,
            "LastVisitAt" = CASE WHEN excluded."LastVisitAt" > "TargetProgress"."LastVisitAt"
                THEN excluded."LastVisitAt" ELSE "TargetProgress"."LastVisitAt" END,
            "VisitCount" = "TargetProgress"."VisitCount" + 1,
            "UpdatedAt" = excluded."UpdatedAt"
        """;

    /// <summary>
    /// The rows of one campaign ({0}) from all its visits at once: per target, visited if any visit was, the
    /// outcome of the visit that finished last (of two that finished together, the one received first, as the
    /// visit-by-visit fold keeps it), the count, and the latest arrival. The same text runs on both engines.
    /// </summary>
    private static readonly string RebuildSql = $$"""
        INSERT INTO "TargetProgress" ({{Columns}})
        SELECT l."TargetId", l."CampaignId", t."CountyCode", t."OrgUnitCode", t."OrgPath", t."Status", t."Categories",
            l."Visited" = 1, l."FirstVisitedDay", l."Outcome", l."FinishedAt", l."VisitCount", l."ReceivedAt"
        FROM (
            SELECT v."TargetId", v."CampaignId", v."Outcome", v."FinishedAt",
                MAX(CASE WHEN v."Outcome" = {{Visited}} THEN 1 ELSE 0 END) OVER (PARTITION BY v."TargetId") AS "Visited",
                MIN(CASE WHEN v."Outcome" = {{Visited}} THEN v."Day" END) OVER (PARTITION BY v."TargetId") AS "FirstVisitedDay",
                COUNT(*) OVER (PARTITION BY v."TargetId") AS "VisitCount",
                MAX(v."ReceivedAt") OVER (PARTITION BY v."TargetId") AS "ReceivedAt",
                ROW_NUMBER() OVER (PARTITION BY v."TargetId" ORDER BY v."FinishedAt" DESC, v."ReceivedAt", v."Id") AS "Rank"
            FROM "Visits" AS v
            WHERE v."CampaignId" = {0} AND v."TargetId" IS NOT NULL
        ) AS l
        JOIN "Targets" AS t ON t."Id" = l."TargetId"
        WHERE l."Rank" = 1
        """;
}
