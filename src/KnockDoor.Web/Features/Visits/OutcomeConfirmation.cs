using KnockDoor.Core.Auditing;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Coverage;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Visits;

/// <summary>A township officer confirms “moved away” or “deceased”: the registry status follows, audited.</summary>
public sealed class OutcomeConfirmation(AppDbContext db, AuditLog audit, VisitService visits, TimeProvider clock)
{
    public async Task<VisitDto> ConfirmAsync(CurrentUser user, Guid visitId, CancellationToken ct)
    {
        var visit = await db.Visits.VisibleTo(user).FirstOrDefaultAsync(v => v.Id == visitId, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var status = visit.Outcome switch
        {
            VisitOutcome.MovedAway => TargetStatus.MovedAway,
            VisitOutcome.Deceased => TargetStatus.Deceased,
            VisitOutcome.Visited or VisitOutcome.NobodyHome or VisitOutcome.Refused or VisitOutcome.Other =>
                throw new AppProblemException(Problems.VisitOutcomeNotConfirmable),
            _ => throw new AppProblemException(Problems.VisitOutcomeNotConfirmable),
        };
        if (!visit.OutcomeConfirmed)
        {
            var target = visit.TargetId is { } targetId
                ? await db.Targets.VisibleTo(user).FirstOrDefaultAsync(t => t.Id == targetId, ct)
                : null;
            if (target is null)
            {
                throw new AppProblemException(Problems.NotFound);
            }
            if (target.Status != status)
            {
                var before = TargetMapping.Snapshot(target);
                target.Status = status;
                target.UpdatedAt = clock.GetUtcNow();
                target.Version++;
                audit.Add(user, AuditActions.Update, "target", target.Id.ToString(), target.OrgUnitCode, before, TargetMapping.Snapshot(target),
                    details: "确认入户结果：" + TargetNames.StatusName(status));
            }
            visit.OutcomeConfirmed = true;
            visit.OutcomeConfirmedBy = user.Id;
            audit.Add(user, "confirm-outcome", "visit", visit.Id.ToString(), visit.OrgUnitCode,
                after: new { visit.Outcome, TargetId = target.Id });
            await TargetProgressWriter.SaveChangesAsync(db, ct);
        }
        return await visits.GetAsync(user, visitId, ct);
    }
}
