using System.Security.Cryptography;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Hazards;

public sealed record TransitionRequest(HazardAction? Action, int? Version, Guid? AssigneeId, DateOnly? Deadline, string? Note, string? Reason,
    string? InterimMeasures, List<Guid>? PhotoIds);

/// <summary>A hazard entered by hand: at a person (targetId) or at a village or institution (orgUnitCode).</summary>
public sealed record RecordRequest(Guid? TargetId, string? OrgUnitCode, string? ItemCode, string? Description, Severity? Severity);

public sealed record HazardEventDto(DateTimeOffset At, Guid ActorId, string ActorName, HazardAction Action, HazardStatus? FromStatus,
    HazardStatus ToStatus, string? Note, DateOnly? Deadline, Guid? AssigneeId);

public sealed record HazardPhotoDto(Guid Id, string ContentType, int Size, DateTimeOffset ReceivedAt);

public sealed record HazardDto(Guid Id, string OrgUnitCode, Guid? VisitId, Guid? TargetId, string? ItemCode, string Description, Severity Severity,
    HazardStatus Status, Guid FoundBy, string FoundByName, DateTimeOffset FoundAt, DateOnly FoundDay, Guid? AssigneeId, string? AssigneeName,
    DateOnly? Deadline, string? FixNote, Guid? ReportedFixedBy, string? ReportedFixedByName, DateTimeOffset? ReportedFixedAt, string? SendBackReason,
    Guid? VerifiedBy, string? VerifiedByName, DateTimeOffset? VerifiedAt, DateTimeOffset? EscalatedAt, string? InterimMeasures, string? ResolutionNote,
    DateTimeOffset? ClosedAt, int Version, List<HazardEventDto> Events, List<HazardPhotoDto> Photos);

/// <summary>Reads hazards and moves them through <see cref="HazardLifecycle"/>, one version at a time.</summary>
public sealed class HazardService(AppDbContext db, AuditLog audit, TimeProvider clock, CriticalHazardAlerts alerts)
{
    public const int MaxText = 1000;
    public const int MaxPhotos = 9;
    public const int MaxDescription = 2000;

    public async Task<HazardDto> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var hazard = await db.Hazards.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(h => h.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        return await ToDtoAsync(hazard, ct);
    }

    public async Task<HazardDto> TransitionAsync(CurrentUser user, Guid id, TransitionRequest request, CancellationToken ct)
    {
        if (request.Action is not { } action || request.Version is not { } version)
        {
            throw Invalid("缺少操作(action)或版本号(version)");
        }
        var hazard = await db.Hazards.VisibleTo(user, db).FirstOrDefaultAsync(h => h.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (hazard.Version != version)
        {
            throw new AppProblemException(Problems.HazardVersionConflict);
        }
        var note = Clean(request.Note);
        var reason = Clean(request.Reason);
        var interim = Clean(request.InterimMeasures);
        foreach (var (text, label) in new[] { (note, "说明"), (reason, "原因"), (interim, "临时管控措施") })
        {
            if (text is { Length: > MaxText })
            {
                throw Invalid($"{label}不能超过 {MaxText} 个字");
            }
        }
        var photoIds = (request.PhotoIds ?? []).Distinct().ToList();
        if (photoIds.Count > MaxPhotos)
        {
            throw Invalid($"照片最多 {MaxPhotos} 张");
        }
        if (photoIds.Count > 0 && await db.HazardPhotos.CountAsync(p => photoIds.Contains(p.Id) && p.HazardId == id, ct) != photoIds.Count)
        {
            throw new AppProblemException(Problems.HazardPhotoUnknown);
        }

        // A field worker may also report the fix of a hazard of a household in their visiting plan.
        var visitsTheTarget = action == HazardAction.ReportFix && user.Role == Role.FieldWorker && hazard.TargetId is { } targetId
            && await db.Assignments.AnyAsync(a => a.TargetId == targetId && a.WorkerId == user.Id, ct);
        var today = ChinaTime.Today(clock);
        var decision = HazardLifecycle.Decide(
            new HazardState(hazard.Status, hazard.FoundBy, hazard.AssigneeId, hazard.ReportedFixedBy, hazard.Deadline,
                AwaitingRevisit: hazard.RevisitListedAt is not null && hazard.RevisitedAt is null),
            new HazardActor(user.Id, user.Role, visitsTheTarget),
            new HazardMove(action, request.AssigneeId, request.Deadline, note, reason, interim, photoIds.Count),
            today);
        if (decision.Refusal is { } refusal)
        {
            var problem = ProblemOf(refusal);
            // One code for every missing reason; the message names the reason this move asks for.
            throw new AppProblemException(refusal == HazardRefusal.ReasonRequired && action == HazardAction.Reopen
                ? problem with { Message = "请填写重新打开的原因（回头看发现的问题）" }
                : problem);
        }
        var to = decision.To!.Value;
        var from = hazard.Status;
        var now = clock.GetUtcNow();
        var actorName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50);
        string? eventNote = null;
        switch (action)
        {
            case HazardAction.Assign:
            case HazardAction.Reassign:
                {
                    var assignee = await db.Users.AsNoTracking().VisibleTo(user)
                        .Where(u => u.Id == request.AssigneeId && !u.IsDisabled
                            && (u.Role == Role.FieldWorker || u.Role == Role.TownshipOfficer || u.Role == Role.InstitutionStaff))
                        .Select(u => new { u.Id, u.DisplayName, u.OrgPath }).FirstOrDefaultAsync(ct);
                    if (assignee is null || !hazard.OrgPath.StartsWith(assignee.OrgPath, StringComparison.Ordinal))
                    {
                        throw new AppProblemException(Problems.HazardAssigneeInvalid);
                    }
                    hazard.AssigneeId = assignee.Id;
                    hazard.AssigneeName = Truncate(assignee.DisplayName, 50);
                    hazard.Deadline = request.Deadline ?? hazard.Deadline;
                    hazard.ReportedFixedBy = null;
                    hazard.ReportedFixedByName = null;
                    hazard.ReportedFixedAt = null;
                    eventNote = note;
                    break;
                }
            case HazardAction.ReportFix:
                hazard.FixNote = note;
                hazard.ReportedFixedBy = user.Id;
                hazard.ReportedFixedByName = actorName;
                hazard.ReportedFixedAt = now;
                eventNote = note;
                break;
            case HazardAction.Verify:
                hazard.VerifiedBy = user.Id;
                hazard.VerifiedByName = actorName;
                hazard.VerifiedAt = now;
                hazard.ClosedAt = now;
                hazard.ClosedDay = today;
                eventNote = note;
                break;
            case HazardAction.SendBack:
                hazard.SendBackReason = reason;
                eventNote = reason;
                break;
            case HazardAction.Escalate:
                hazard.EscalatedAt = now;
                hazard.InterimMeasures = interim;
                eventNote = interim;
                break;
            case HazardAction.Resolve:
                hazard.ResolutionNote = note;
                hazard.ClosedAt = now;
                hazard.ClosedDay = today;
                eventNote = note;
                break;
            case HazardAction.ConfirmRevisit:
                hazard.RevisitedAt = now;
                hazard.RevisitedByName = actorName;
                hazard.RevisitResult = HazardRevisitResult.Confirmed;
                hazard.RevisitNote = note;
                eventNote = note;
                break;
            case HazardAction.Reopen:
                // Back to the start: the hazard needs assigning again; a critical one is due the day it is reopened.
                hazard.RevisitedAt = now;
                hazard.RevisitedByName = actorName;
                hazard.RevisitResult = HazardRevisitResult.Reopened;
                hazard.RevisitNote = reason;
                hazard.ClosedAt = null;
                hazard.ClosedDay = null;
                hazard.VerifiedBy = null;
                hazard.VerifiedByName = null;
                hazard.VerifiedAt = null;
                hazard.ReportedFixedBy = null;
                hazard.ReportedFixedByName = null;
                hazard.ReportedFixedAt = null;
                hazard.AssigneeId = null;
                hazard.AssigneeName = null;
                hazard.Deadline = hazard.Severity == Severity.Critical ? today : null;
                eventNote = reason;
                break;
            case HazardAction.Found:
            case HazardAction.FixOnSpot:
            case HazardAction.Record:
                throw new AppProblemException(Problems.HazardIllegalTransition);
        }
        hazard.Status = to;
        hazard.UpdatedAt = now;
        hazard.Version = version + 1;
        db.HazardEvents.Add(new HazardEvent
        {
            Id = Guid.NewGuid(),
            CountyCode = hazard.CountyCode,
            HazardId = hazard.Id,
            Version = hazard.Version,
            At = now,
            ActorId = user.Id,
            ActorName = actorName,
            Action = action,
            FromStatus = from,
            ToStatus = to,
            Note = eventNote,
            Deadline = action is HazardAction.Assign or HazardAction.Reassign ? hazard.Deadline : null,
            AssigneeId = action is HazardAction.Assign or HazardAction.Reassign ? hazard.AssigneeId : null,
            PhotoIds = photoIds.Count == 0 ? null : string.Join(',', photoIds),
        });
        audit.Add(user, AuditActions.Update, "hazard", hazard.Id.ToString(), hazard.OrgUnitCode,
            before: new { Status = from }, after: new { Status = to, Action = action, hazard.AssigneeId, hazard.Deadline });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new AppProblemException(Problems.HazardVersionConflict);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            // Another move from the same version stored its event first (the events are unique by hazard and version).
            throw new AppProblemException(Problems.HazardVersionConflict);
        }
        return await ToDtoAsync(hazard, ct);
    }

    /// <summary>
    /// Enters a hazard by hand (HazardAction.Record): open, found by the caller today, a critical one due today. The
    /// place must be in the caller's scope, the item (if any) in the current checklist of its kind. Everything is
    /// checked before anything is added, and the hazard, its first event and the audit row are stored together.
    /// </summary>
    public async Task<HazardDto> RecordAsync(CurrentUser user, RecordRequest request, CancellationToken ct)
    {
        if (!user.Can(HazardLifecycle.PermissionFor(HazardAction.Record)))
        {
            throw new AppProblemException(Problems.HazardNotPermitted);
        }
        var description = Clean(request.Description) ?? throw Invalid("请填写隐患描述");
        if (description.Length > MaxDescription)
        {
            throw Invalid($"隐患描述不能超过 {MaxDescription} 个字");
        }
        if (request.Severity is not { } severity || !Enum.IsDefined(severity))
        {
            throw Invalid("请选择严重程度");
        }
        string orgUnitCode, orgPath;
        Guid? targetId = null;
        var categories = Core.Targets.TargetCategory.None;
        var kind = ChecklistKind.Household;
        if (request.TargetId is { } id)
        {
            var target = await db.Targets.AsNoTracking().VisibleTo(user).Where(t => t.Id == id)
                .Select(t => new { t.Id, t.OrgUnitCode, t.OrgPath, t.Categories }).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.NotFound);
            (targetId, orgUnitCode, orgPath, categories) = (target.Id, target.OrgUnitCode, target.OrgPath, target.Categories);
        }
        else if (Clean(request.OrgUnitCode) is { } code)
        {
            var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user)
                .Where(o => o.Code == code && (o.Kind == Core.OrgUnits.OrgUnitKind.Village || o.Kind == Core.OrgUnits.OrgUnitKind.Institution))
                .Select(o => new { o.Code, o.Path, o.Kind }).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.OrgUnitUnknown);
            (orgUnitCode, orgPath) = (unit.Code, unit.Path);
            kind = unit.Kind == Core.OrgUnits.OrgUnitKind.Institution ? ChecklistKind.Institution : ChecklistKind.Household;
        }
        else
        {
            throw new AppProblemException(Problems.HazardPlaceRequired);
        }
        var itemCode = Clean(request.ItemCode);
        if (itemCode is not null)
        {
            var template = await db.ChecklistTemplates.AsNoTracking()
                .Where(t => t.CountyCode == user.CountyCode && t.Kind == kind && t.IsCurrent)
                .OrderByDescending(t => t.Version).Select(t => new { t.Id, t.Definition }).FirstOrDefaultAsync(ct);
            if (template is null || !TemplateCache.Parse(template.Id, template.Definition).AllItems.Any(i => i.Code == itemCode))
            {
                throw new AppProblemException(Problems.HazardItemUnknown);
            }
        }
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.CountyCode == user.CountyCode)
            .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.PlanNoCampaign);

        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var actorName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50);
        var hazard = new Hazard
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            OrgUnitCode = orgUnitCode,
            OrgPath = orgPath,
            CampaignId = campaign,
            TargetId = targetId,
            Categories = categories,
            ItemCode = itemCode,
            Description = description,
            Severity = severity,
            Status = HazardStatus.Open,
            FoundBy = user.Id,
            FoundByName = actorName,
            FoundAt = now,
            FoundDay = today,
            // Critical hazards (CO from charcoal, gas leaks) must be dealt with the day they are found.
            Deadline = severity == Severity.Critical ? today : null,
            UpdatedAt = now,
            Version = 1,
        };
        db.Hazards.Add(hazard);
        db.HazardEvents.Add(new HazardEvent
        {
            Id = Guid.NewGuid(),
            CountyCode = hazard.CountyCode,
            HazardId = hazard.Id,
            Version = 1,
            At = now,
            ActorId = user.Id,
            ActorName = actorName,
            Action = HazardAction.Record,
            ToStatus = HazardStatus.Open,
            Deadline = hazard.Deadline,
        });
        if (severity == Severity.Critical)
        {
            // As from a visit: the township's officers hear of a critical hazard at once, in the app, by e-mail and on the robots.
            var codes = orgPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var places = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code))
                .Select(o => new { o.Code, o.Name, o.Kind }).ToListAsync(ct);
            var township = places.FirstOrDefault(o => o.Kind == Core.OrgUnits.OrgUnitKind.Township);
            var place = places.FirstOrDefault(o => o.Code == orgUnitCode)?.Name ?? "";
            var title = Truncate("重大隐患：" + Truncate(description, 40), 200);
            var body = Truncate($"{place}登记重大隐患：{description}。请立即核实处置。", 2000);
            if (township is not null)
            {
                db.Notifications.Add(new Core.Notifications.Notification
                {
                    CountyCode = hazard.CountyCode,
                    OrgUnitCode = township.Code,
                    RoleKey = Roles.Key(Role.TownshipOfficer),
                    Kind = NotificationKinds.CriticalHazard,
                    Title = title,
                    Body = body,
                    Link = $"/Hazards/Details/{hazard.Id}",
                    CreatedAt = now,
                });
            }
            db.Deliveries.AddRange(await alerts.DeliveriesAsync(hazard.CountyCode, campaign, township?.Code, today,
                [new(hazard.Id, title, $"{body}\n登记人：{actorName}，时间：{Outbox.China(now)}")], now, ct));
        }
        audit.Add(user, AuditActions.Create, "hazard", hazard.Id.ToString(), hazard.OrgUnitCode,
            after: new { Action = HazardAction.Record, hazard.TargetId, hazard.ItemCode, hazard.Severity, hazard.Status, hazard.Deadline });
        await db.SaveChangesAsync(ct);
        if (severity == Severity.Critical)
        {
            alerts.Wake();
        }
        return await ToDtoAsync(hazard, ct);
    }

    public async Task<HazardPhotoDto> UploadPhotoAsync(CurrentUser user, Guid id, IFormFile file, CancellationToken ct)
    {
        var hazard = await db.Hazards.AsNoTracking().VisibleTo(user, db).Where(h => h.Id == id)
            .Select(h => new { h.Id, h.CountyCode, h.OrgUnitCode, h.Status }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (hazard.Status == HazardStatus.Closed)
        {
            throw new AppProblemException(Problems.HazardIllegalTransition);
        }
        if (file.Length > VisitPhotos.MaxPhotoBytes)
        {
            throw new AppProblemException(Problems.HazardPhotoTooLarge);
        }
        var content = await file.ReadAllAsync(ct);
        var type = VisitPhotos.SniffType(content);
        if (type is not ("image/jpeg" or "image/png"))
        {
            throw new AppProblemException(Problems.HazardPhotoType);
        }
        var photo = new HazardPhoto
        {
            Id = Guid.NewGuid(),
            CountyCode = hazard.CountyCode,
            HazardId = hazard.Id,
            ContentType = type,
            Content = content,
            Size = content.Length,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedBy = user.Id,
            ReceivedAt = clock.GetUtcNow(),
        };
        db.HazardPhotos.Add(photo);
        audit.Add(user, AuditActions.Create, "hazard-photo", photo.Id.ToString(), hazard.OrgUnitCode, after: new { HazardId = hazard.Id, photo.Size });
        await db.SaveChangesAsync(ct);
        return new HazardPhotoDto(photo.Id, photo.ContentType, photo.Size, photo.ReceivedAt);
    }

    public async Task<(byte[] Content, string ContentType)> GetPhotoAsync(CurrentUser user, Guid id, Guid photoId, CancellationToken ct)
    {
        if (!await db.Hazards.AsNoTracking().VisibleTo(user, db).AnyAsync(h => h.Id == id, ct))
        {
            throw new AppProblemException(Problems.NotFound);
        }
        var photo = await db.HazardPhotos.AsNoTracking().Where(p => p.Id == photoId && p.HazardId == id)
            .Select(p => new { p.Content, p.ContentType }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        return (photo.Content, photo.ContentType);
    }

    /// <summary>The one mapping of the lifecycle's refusals to problem codes.</summary>
    public static AppProblem ProblemOf(HazardRefusal refusal) => refusal switch
    {
        HazardRefusal.NotPermitted => Problems.HazardNotPermitted,
        HazardRefusal.IllegalTransition => Problems.HazardIllegalTransition,
        HazardRefusal.NotAssignee => Problems.HazardNotAssignee,
        HazardRefusal.VerifierIsFixer => Problems.HazardVerifierIsFixer,
        HazardRefusal.AssigneeRequired => Problems.HazardAssigneeRequired,
        HazardRefusal.DeadlineRequired => Problems.HazardDeadlineRequired,
        HazardRefusal.DeadlineInPast => Problems.HazardDeadlineInPast,
        HazardRefusal.NoteRequired => Problems.HazardNoteRequired,
        HazardRefusal.PhotoRequired => Problems.HazardPhotoRequired,
        HazardRefusal.ReasonRequired => Problems.HazardReasonRequired,
        HazardRefusal.InterimMeasuresRequired => Problems.HazardInterimMeasuresRequired,
        HazardRefusal.NotOnRevisitList => Problems.HazardNotOnRevisitList,
    };

    private async Task<HazardDto> ToDtoAsync(Hazard h, CancellationToken ct)
    {
        var events = await db.HazardEvents.AsNoTracking().Where(e => e.HazardId == h.Id).OrderBy(e => e.Version)
            .Select(e => new HazardEventDto(e.At, e.ActorId, e.ActorName, e.Action, e.FromStatus, e.ToStatus, e.Note, e.Deadline, e.AssigneeId))
            .ToListAsync(ct);
        var photos = await db.HazardPhotos.AsNoTracking().Where(p => p.HazardId == h.Id).OrderBy(p => p.ReceivedAt)
            .Select(p => new HazardPhotoDto(p.Id, p.ContentType, p.Size, p.ReceivedAt)).ToListAsync(ct);
        return new HazardDto(h.Id, h.OrgUnitCode, h.VisitId, h.TargetId, h.ItemCode, h.Description, h.Severity, h.Status, h.FoundBy, h.FoundByName,
            h.FoundAt, h.FoundDay, h.AssigneeId, h.AssigneeName, h.Deadline, h.FixNote, h.ReportedFixedBy, h.ReportedFixedByName, h.ReportedFixedAt,
            h.SendBackReason, h.VerifiedBy, h.VerifiedByName, h.VerifiedAt, h.EscalatedAt, h.InterimMeasures, h.ResolutionNote, h.ClosedAt, h.Version,
            events, photos);
    }

    private static AppProblemException Invalid(string message) =>
        new((Problems.Validation with { Message = message }).With("errors", new[] { message }));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
