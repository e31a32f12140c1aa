using System.Security.Cryptography;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Features.Hazards;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Institutions;

public sealed record InstitutionRef(string Code, string Name, string Path, string CountyCode, string? TownshipName);

public sealed record DutyInput(DateOnly? Day, DutyShift? Shift, string? StaffName, string? Post, string? Phone);
public sealed record PatrolInput(Guid? ClientId, DateTimeOffset? At, string? PatrolledBy, List<string>? Areas, string? OtherAreas, bool AllClear,
    string? Findings, bool ToHazard, Severity? Severity);
public sealed record CheckItem(EquipmentSystem? System, bool? Passed, string? Note);
public sealed record ChecksInput(Guid? ClientId, DateTimeOffset? At, string? CheckedBy, List<CheckItem>? Items);
public sealed record ResidentsInput(DateOnly? Day, int? Present, int? WentOut, string? Outings, bool BadWeather, bool DiscouragedOutings, string? Note);
public sealed record StaffInput(string? Name, StaffRole? Role, string? Phone);
public sealed record TrainingInput(Guid? ClientId, DateOnly? Day, string? Topic, string? Trainer, string? Note, List<Guid>? Attendees);
public sealed record SupplyInput(SupplyKind? Kind, string? Name, string? Unit, decimal? Target, decimal? OnHand);
public sealed record PlanTaskInput(string? Task, string? Responsible, string? Phone, int? SortOrder);
public sealed record ToHazardInput(Severity? Severity);

public sealed record DutyDto(Guid Id, DateOnly Day, DutyShift Shift, string StaffName, string? Post, string? Phone);
public sealed record PatrolDto(Guid Id, Guid ClientId, DateTimeOffset At, DateOnly Day, string PatrolledBy, string Areas, bool AllClear, string? Findings,
    Guid? HazardId, string RecordedByName);
public sealed record CheckDto(Guid Id, Guid ClientId, DateTimeOffset At, DateOnly Day, EquipmentSystem System, bool Passed, string? Note, string CheckedBy,
    Guid? HazardId, bool HazardOpen);
public sealed record ResidentsDto(DateOnly Day, int Present, int WentOut, string? Outings, bool BadWeather, bool DiscouragedOutings, string? Note,
    string RecordedByName, DateTimeOffset UpdatedAt);
public sealed record StaffDto(Guid Id, string Name, StaffRole Role, string? Phone, DateOnly? LastTrained);
public sealed record TrainingDto(Guid Id, Guid ClientId, DateOnly Day, string Topic, string Trainer, string? Note, int AttendeeCount, List<string> Attendees);
public sealed record SupplyDto(Guid Id, SupplyKind Kind, string Name, string Unit, decimal Target, decimal OnHand, bool BelowTarget, DateTimeOffset UpdatedAt,
    string UpdatedByName);
public sealed record PlanDocumentDto(Guid Id, string FileName, string ContentType, int Size, string UploadedByName, DateTimeOffset UploadedAt);
public sealed record PlanTaskDto(Guid Id, int SortOrder, string Task, string Responsible, string? Phone);

/// <summary>Everything recorded for an institution, with the day's roster, rounds, checks and residents.</summary>
public sealed record InstitutionRecords(InstitutionRef Institution, DateOnly Day, bool BadWeatherWarning, List<DutyDto> Roster, List<PatrolDto> Patrols,
    List<CheckDto> Checks, ResidentsDto? Residents, List<StaffDto> Staff, List<StaffDto> Untrained, List<TrainingDto> Trainings,
    List<SupplyDto> Supplies, List<PlanDocumentDto> PlanVersions, List<PlanTaskDto> Tasks);

/// <summary>An institution's state today, so that a township sees at a glance who is behind.</summary>
public sealed record InstitutionState(string Code, string Name, string? TownshipName, bool DayDuty, bool NightDuty, int PatrolRounds, int OpenFailedChecks,
    int? Residents, int Staff, int Untrained, int SuppliesBelowTarget, bool PlanUploaded);

/// <summary>
/// The records an elderly-care institution keeps (duty roster, patrol log, equipment checks, residents, staff and training,
/// supplies, emergency plan tasks). Reads need the institution in the caller's scope; writes also need
/// <see cref="Permission.InstitutionRecordsWrite"/>. Every write is audited with its change; a finding or a failed check
/// becomes a hazard of the ledger through <see cref="HazardService.RecordAsync"/>, in the same transaction as the record.
/// </summary>
public sealed class InstitutionRecordService(AppDbContext db, AuditLog audit, TimeProvider clock, HazardService hazards, CriticalHazardAlerts alerts)
{
    public const int MaxCount = 100_000;
    public const int MaxDaysBack = 31;
    public const int MaxRosterDaysAhead = 31;

    public const string Delete = "delete";
    public const string Download = "download";

    // ---- the institution and its scope ----

    public async Task<InstitutionRef> FindAsync(CurrentUser user, string code, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Code == code && o.Kind == OrgUnitKind.Institution)
            .Select(o => new { o.Code, o.Name, o.Path, o.CountyCode, o.ParentCode }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var township = unit.ParentCode is null ? null
            : await db.OrgUnits.AsNoTracking().Where(o => o.Code == unit.ParentCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return new InstitutionRef(unit.Code, unit.Name, unit.Path, unit.CountyCode, township);
    }

    private async Task<InstitutionRef> FindForWriteAsync(CurrentUser user, string code, CancellationToken ct)
    {
        if (!user.Can(Permission.InstitutionRecordsWrite))
        {
            throw new AppProblemException(Problems.Forbidden);
        }
        return await FindAsync(user, code, ct);
    }

    public async Task<List<InstitutionState>> OverviewAsync(CurrentUser user, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var path = user.OrgPath;
        var county = user.CountyCode;
        var units = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Kind == OrgUnitKind.Institution)
            .OrderBy(o => o.Path).Select(o => new { o.Code, o.Name, o.ParentCode }).ToListAsync(ct);
        var parents = units.Select(u => u.ParentCode).OfType<string>().Distinct().ToList();
        var townships = await db.OrgUnits.AsNoTracking().Where(o => parents.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);

        var shifts = await db.DutyRoster.AsNoTracking().Where(d => d.CountyCode == county && d.OrgPath.StartsWith(path) && d.Day == today)
            .Select(d => new { d.OrgUnitCode, d.Shift }).Distinct().ToListAsync(ct);
        var rounds = await db.InstitutionPatrols.AsNoTracking().Where(p => p.CountyCode == county && p.OrgPath.StartsWith(path) && p.Day == today)
            .GroupBy(p => p.OrgUnitCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var openFailed = await db.EquipmentChecks.AsNoTracking()
            .Where(c => c.CountyCode == county && c.OrgPath.StartsWith(path) && !c.Passed
                && (c.HazardId == null || db.Hazards.Any(h => h.Id == c.HazardId && h.Status != HazardStatus.Closed && h.Status != HazardStatus.FixedOnSpot)))
            .GroupBy(c => c.OrgUnitCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var residents = await db.ResidentDays.AsNoTracking().Where(r => r.CountyCode == county && r.OrgPath.StartsWith(path) && r.Day == today)
            .ToDictionaryAsync(r => r.OrgUnitCode, r => r.Present, ct);
        var since = await CampaignStartAsync(county, ct);
        var staff = await db.InstitutionStaff.AsNoTracking().Where(s => s.CountyCode == county && s.OrgPath.StartsWith(path) && s.Active)
            .Select(s => new
            {
                s.OrgUnitCode,
                Trained = db.TrainingAttendances.Any(a => a.StaffId == s.Id
                    && db.TrainingSessions.Any(t => t.Id == a.TrainingId && t.Day >= since)),
            })
            .GroupBy(s => s.OrgUnitCode)
            .Select(g => new { g.Key, Count = g.Count(), Untrained = g.Count(s => !s.Trained) })
            .ToDictionaryAsync(x => x.Key, x => (x.Count, x.Untrained), ct);
        var below = await db.SupplyStocks.AsNoTracking().Where(s => s.CountyCode == county && s.OrgPath.StartsWith(path) && s.OnHand < s.Target)
            .GroupBy(s => s.OrgUnitCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var plans = (await db.EmergencyPlanDocuments.AsNoTracking().Where(d => d.CountyCode == county && d.OrgPath.StartsWith(path))
            .Select(d => d.OrgUnitCode).Distinct().ToListAsync(ct)).ToHashSet();

        return [.. units.Select(u => new InstitutionState(u.Code, u.Name, u.ParentCode is { } p ? townships.GetValueOrDefault(p) : null,
            shifts.Any(s => s.OrgUnitCode == u.Code && s.Shift == DutyShift.Day),
            shifts.Any(s => s.OrgUnitCode == u.Code && s.Shift == DutyShift.Night),
            rounds.GetValueOrDefault(u.Code), openFailed.GetValueOrDefault(u.Code),
            residents.TryGetValue(u.Code, out var present) ? present : null,
            staff.GetValueOrDefault(u.Code).Count, staff.GetValueOrDefault(u.Code).Untrained,
            below.GetValueOrDefault(u.Code), plans.Contains(u.Code)))];
    }

    public async Task<InstitutionRecords> GetAsync(CurrentUser user, string code, DateOnly? day, CancellationToken ct)
    {
        var inst = await FindAsync(user, code, ct);
        var today = ChinaTime.Today(clock);
        var d = day ?? today;
        CheckDay(d, today, ahead: MaxRosterDaysAhead);
        var county = inst.CountyCode;
        var roster = await db.DutyRoster.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code && x.Day == d)
            .OrderBy(x => x.Shift).ThenBy(x => x.StaffName)
            .Select(x => new DutyDto(x.Id, x.Day, x.Shift, x.StaffName, x.Post, x.Phone)).ToListAsync(ct);
        // The log of the day and the six days before, newest first.
        var from = d.AddDays(-6);
        var patrols = await db.InstitutionPatrols.AsNoTracking()
            .Where(x => x.CountyCode == county && x.OrgUnitCode == code && x.Day >= from && x.Day <= d)
            .OrderByDescending(x => x.At).Take(200)
            .Select(x => new PatrolDto(x.Id, x.ClientId, x.At, x.Day, x.PatrolledBy, x.Areas, x.AllClear, x.Findings, x.HazardId, x.RecordedByName))
            .ToListAsync(ct);
        var checks = await db.EquipmentChecks.AsNoTracking()
            .Where(x => x.CountyCode == county && x.OrgUnitCode == code && x.Day >= from && x.Day <= d)
            .OrderByDescending(x => x.At).ThenBy(x => x.System).Take(200)
            .Select(x => new CheckDto(x.Id, x.ClientId, x.At, x.Day, x.System, x.Passed, x.Note, x.CheckedBy, x.HazardId,
                x.HazardId != null && db.Hazards.Any(h => h.Id == x.HazardId && h.Status != HazardStatus.Closed && h.Status != HazardStatus.FixedOnSpot)))
            .ToListAsync(ct);
        var residents = await db.ResidentDays.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code && x.Day == d)
            .Select(x => new ResidentsDto(x.Day, x.Present, x.WentOut, x.Outings, x.BadWeather, x.DiscouragedOutings, x.Note, x.RecordedByName, x.UpdatedAt))
            .FirstOrDefaultAsync(ct);
        var since = await CampaignStartAsync(county, ct);
        var staff = await db.InstitutionStaff.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code && x.Active)
            .OrderBy(x => x.Role).ThenBy(x => x.Name)
            .Select(x => new StaffDto(x.Id, x.Name, x.Role, x.Phone,
                db.TrainingAttendances.Where(a => a.StaffId == x.Id)
                    .Join(db.TrainingSessions, a => a.TrainingId, t => t.Id, (a, t) => (DateOnly?)t.Day).Max()))
            .ToListAsync(ct);
        var untrained = staff.Where(s => s.LastTrained is not { } last || last < since).ToList();
        var trainings = await db.TrainingSessions.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code)
            .OrderByDescending(x => x.Day).ThenByDescending(x => x.RecordedAt).Take(50)
            .Select(x => new { x.Id, x.ClientId, x.Day, x.Topic, x.Trainer, x.Note, x.AttendeeCount }).ToListAsync(ct);
        var trainingIds = trainings.Select(t => t.Id).ToList();
        var attendees = await db.TrainingAttendances.AsNoTracking().Where(a => a.CountyCode == county && trainingIds.Contains(a.TrainingId))
            .Join(db.InstitutionStaff, a => a.StaffId, s => s.Id, (a, s) => new { a.TrainingId, s.Name }).ToListAsync(ct);
        var supplies = await db.SupplyStocks.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code)
            .OrderBy(x => x.Kind).ThenBy(x => x.Name)
            .Select(x => new SupplyDto(x.Id, x.Kind, x.Name, x.Unit, x.Target, x.OnHand, x.OnHand < x.Target, x.UpdatedAt, x.UpdatedByName))
            .ToListAsync(ct);
        var versions = await db.EmergencyPlanDocuments.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code)
            .OrderByDescending(x => x.UploadedAt)
            .Select(x => new PlanDocumentDto(x.Id, x.FileName, x.ContentType, x.Size, x.UploadedByName, x.UploadedAt)).ToListAsync(ct);
        var tasks = await db.EmergencyPlanTasks.AsNoTracking().Where(x => x.CountyCode == county && x.OrgUnitCode == code)
            .OrderBy(x => x.SortOrder).ThenBy(x => x.UpdatedAt)
            .Select(x => new PlanTaskDto(x.Id, x.SortOrder, x.Task, x.Responsible, x.Phone)).ToListAsync(ct);
        return new InstitutionRecords(inst, d, await BadWeatherAsync(inst, ct), roster, patrols, checks, residents, staff, untrained,
            [.. trainings.Select(t => new TrainingDto(t.Id, t.ClientId, t.Day, t.Topic, t.Trainer, t.Note, t.AttendeeCount,
                [.. attendees.Where(a => a.TrainingId == t.Id).Select(a => a.Name).Order(StringComparer.Ordinal)]))],
            supplies, versions, tasks);
    }

    /// <summary>Whether a weather warning covers the institution's township now (the residents' form then asks about outings).</summary>
    public async Task<bool> BadWeatherAsync(InstitutionRef inst, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var path = inst.Path;
        return await db.WeatherWarningAreas.AsNoTracking()
            .Where(a => a.CountyCode == inst.CountyCode && path.StartsWith(a.OrgPath))
            .AnyAsync(a => db.WeatherWarnings.Any(w => w.Id == a.WarningId && w.CancelledAt == null && w.From <= now && w.To >= now), ct);
    }

    // ---- duty roster ----

    public async Task<DutyDto> AddDutyAsync(CurrentUser user, string code, DutyInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var day = input.Day ?? throw Invalid("请选择值班日期");
        CheckDay(day, ChinaTime.Today(clock), ahead: MaxRosterDaysAhead);
        if (input.Shift is not { } shift || !Enum.IsDefined(shift))
        {
            throw Invalid("请选择白班或夜班");
        }
        var entry = new DutyRosterEntry
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgUnitCode = inst.Code,
            OrgPath = inst.Path,
            Day = day,
            Shift = shift,
            StaffName = Required(input.StaffName, "值班人员", 50),
            Post = Optional(input.Post, "岗位", 50),
            Phone = Optional(input.Phone, "电话", 30),
            RecordedBy = user.Id,
            RecordedAt = clock.GetUtcNow(),
        };
        db.DutyRoster.Add(entry);
        audit.Add(user, AuditActions.Create, "duty-roster", entry.Id.ToString(), inst.Code,
            after: new { entry.Day, entry.Shift, entry.StaffName, entry.Post, entry.Phone });
        await db.SaveChangesAsync(ct);
        return new DutyDto(entry.Id, entry.Day, entry.Shift, entry.StaffName, entry.Post, entry.Phone);
    }

    public async Task RemoveDutyAsync(CurrentUser user, string code, Guid id, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var entry = await db.DutyRoster.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        db.DutyRoster.Remove(entry);
        audit.Add(user, Delete, "duty-roster", entry.Id.ToString(), inst.Code, before: new { entry.Day, entry.Shift, entry.StaffName, entry.Post });
        await db.SaveChangesAsync(ct);
    }

    // ---- patrol log ----

    /// <summary>Records a round; a second submission of the same client id returns the first round (Created false).</summary>
    public async Task<(PatrolDto Patrol, bool Created)> RecordPatrolAsync(CurrentUser user, string code, PatrolInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var clientId = input.ClientId is { } c && c != Guid.Empty ? c : throw Invalid("缺少记录编号(clientId)");
        if (await ExistingPatrolAsync(inst, clientId, ct) is { } existing)
        {
            return (existing, false);
        }
        var now = clock.GetUtcNow();
        var at = (input.At ?? now).ToUniversalTime();
        CheckTime(at, now);
        var areas = (input.Areas ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
        if (Optional(input.OtherAreas, "其他区域", 200) is { } other)
        {
            areas.AddRange(other.Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        areas = [.. areas.Distinct()];
        if (areas.Count == 0)
        {
            throw Invalid("请选择或填写巡查的区域");
        }
        var areaText = string.Join('、', areas);
        if (areaText.Length > 500)
        {
            throw new AppProblemException(InstitutionProblems.TextTooLong);
        }
        var findings = Optional(input.Findings, "发现的问题", 2000);
        if (!input.AllClear && findings is null)
        {
            throw new AppProblemException(InstitutionProblems.FindingsRequired);
        }
        if (input.AllClear)
        {
            findings = null;
        }
        var patrol = new InstitutionPatrol
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgUnitCode = inst.Code,
            OrgPath = inst.Path,
            ClientId = clientId,
            At = at,
            Day = ChinaTime.DayOf(at),
            PatrolledBy = Required(input.PatrolledBy, "巡查人", 100),
            Areas = areaText,
            AllClear = input.AllClear,
            Findings = findings,
            RecordedBy = user.Id,
            RecordedByName = Name(user),
            ReceivedAt = now,
        };
        var toHazard = input.ToHazard && findings is not null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (toHazard)
        {
            patrol.HazardId = await NewHazardAsync(user, inst, $"巡查发现（{areaText}）：{findings}", input.Severity ?? Severity.Medium, ct);
        }
        db.InstitutionPatrols.Add(patrol);
        audit.Add(user, AuditActions.Create, "institution-patrol", patrol.Id.ToString(), inst.Code,
            after: new { patrol.At, patrol.PatrolledBy, patrol.Areas, patrol.AllClear, patrol.Findings, patrol.HazardId });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            WakeAlertsIf(toHazard);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            // The same round arrived twice at once: the other request stored it (and its hazard); this one stores nothing.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (await ExistingPatrolAsync(inst, clientId, ct) ?? throw new AppProblemException(InstitutionProblems.ClientIdConflict), false);
        }
        return (ToDto(patrol), true);
    }

    /// <summary>转为隐患: a finding of an earlier round becomes a hazard of the ledger, and the round keeps its id.</summary>
    public async Task<PatrolDto> PatrolToHazardAsync(CurrentUser user, string code, Guid id, ToHazardInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var patrol = await db.InstitutionPatrols.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (patrol.HazardId is not null)
        {
            throw new AppProblemException(InstitutionProblems.AlreadyHazard);
        }
        if (patrol.Findings is null)
        {
            throw new AppProblemException(InstitutionProblems.NoFindings);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        patrol.HazardId = await NewHazardAsync(user, inst, $"巡查发现（{patrol.Areas}）：{patrol.Findings}", input.Severity ?? Severity.Medium, ct);
        audit.Add(user, AuditActions.Update, "institution-patrol", patrol.Id.ToString(), inst.Code,
            before: new { HazardId = (Guid?)null }, after: new { patrol.HazardId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        WakeAlertsIf(true);
        return ToDto(patrol);
    }

    /// <summary>
    /// A critical hazard's alerts were stored with it, inside this service's transaction; the hazard service woke the
    /// dispatcher before the commit, so it may have found nothing yet. Wake it again now that they are committed.
    /// </summary>
    private void WakeAlertsIf(bool madeHazards)
    {
        if (madeHazards)
        {
            alerts.Wake();
        }
    }

    private async Task<PatrolDto?> ExistingPatrolAsync(InstitutionRef inst, Guid clientId, CancellationToken ct)
    {
        var row = await db.InstitutionPatrols.AsNoTracking().FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.ClientId == clientId, ct);
        if (row is not null && row.OrgUnitCode != inst.Code)
        {
            throw new AppProblemException(InstitutionProblems.ClientIdConflict);
        }
        return row is null ? null : ToDto(row);
    }

    private static PatrolDto ToDto(InstitutionPatrol x) =>
        new(x.Id, x.ClientId, x.At, x.Day, x.PatrolledBy, x.Areas, x.AllClear, x.Findings, x.HazardId, x.RecordedByName);

    private async Task<Guid> NewHazardAsync(CurrentUser user, InstitutionRef inst, string description, Severity severity, CancellationToken ct)
    {
        if (description.Length > HazardService.MaxDescription)
        {
            description = description[..HazardService.MaxDescription];
        }
        var hazard = await hazards.RecordAsync(user, new RecordRequest(null, inst.Code, null, description, severity), ct);
        return hazard.Id;
    }

    // ---- equipment checks ----

    /// <summary>
    /// Records the checks of one form (one row per installation checked); each row's client id is derived from the form's
    /// and the installation, so a second submission returns the rows of the first. A failure becomes a hazard.
    /// </summary>
    public async Task<(List<CheckDto> Checks, bool Created)> RecordChecksAsync(CurrentUser user, string code, ChecksInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var clientId = input.ClientId is { } c && c != Guid.Empty ? c : throw Invalid("缺少记录编号(clientId)");
        var items = input.Items ?? [];
        if (items.Count == 0)
        {
            throw Invalid("请至少填写一项设施设备的检查结果");
        }
        foreach (var item in items)
        {
            if (item.System is not { } s || !Enum.IsDefined(s) || item.Passed is null)
            {
                throw Invalid("每一项检查都要选择设施和合格/不合格");
            }
        }
        if (items.Select(i => i.System).Distinct().Count() != items.Count)
        {
            throw Invalid("同一项设施在一次检查中只能填写一次");
        }
        var ids = items.Select(i => ItemClientId(clientId, i.System!.Value)).ToList();
        if (await ExistingChecksAsync(inst, ids, ct) is { Count: > 0 } existing)
        {
            return (existing, false);
        }
        var now = clock.GetUtcNow();
        var at = (input.At ?? now).ToUniversalTime();
        CheckTime(at, now);
        var checkedBy = Required(input.CheckedBy, "检查人", 100);
        var rows = new List<EquipmentCheck>();
        foreach (var item in items)
        {
            var note = Optional(item.Note, "情况说明", 500);
            if (item.Passed == false && note is null)
            {
                throw Invalid($"{InstitutionNames.System(item.System!.Value)}不合格，请写明存在的问题");
            }
            rows.Add(new EquipmentCheck
            {
                Id = Guid.NewGuid(),
                CountyCode = inst.CountyCode,
                OrgUnitCode = inst.Code,
                OrgPath = inst.Path,
                ClientId = ItemClientId(clientId, item.System!.Value),
                At = at,
                Day = ChinaTime.DayOf(at),
                System = item.System!.Value,
                Passed = item.Passed!.Value,
                Note = note,
                CheckedBy = checkedBy,
                RecordedBy = user.Id,
                ReceivedAt = now,
            });
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var row in rows.Where(r => !r.Passed))
        {
            row.HazardId = await NewHazardAsync(user, inst, $"设施设备检查不合格（{InstitutionNames.System(row.System)}）：{row.Note}",
                InstitutionNames.FailureSeverity(row.System), ct);
        }
        db.EquipmentChecks.AddRange(rows);
        foreach (var row in rows)
        {
            audit.Add(user, AuditActions.Create, "equipment-check", row.Id.ToString(), inst.Code,
                after: new { row.At, row.System, row.Passed, row.Note, row.CheckedBy, row.HazardId });
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            WakeAlertsIf(rows.Any(r => !r.Passed));
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (await ExistingChecksAsync(inst, ids, ct), false);
        }
        return ([.. rows.Select(r => new CheckDto(r.Id, r.ClientId, r.At, r.Day, r.System, r.Passed, r.Note, r.CheckedBy, r.HazardId, r.HazardId is not null))], true);
    }

    private async Task<List<CheckDto>> ExistingChecksAsync(InstitutionRef inst, List<Guid> ids, CancellationToken ct)
    {
        var rows = await db.EquipmentChecks.AsNoTracking().Where(x => x.CountyCode == inst.CountyCode && ids.Contains(x.ClientId))
            .OrderBy(x => x.System).ToListAsync(ct);
        if (rows.Any(r => r.OrgUnitCode != inst.Code))
        {
            throw new AppProblemException(InstitutionProblems.ClientIdConflict);
        }
        return [.. rows.Select(r => new CheckDto(r.Id, r.ClientId, r.At, r.Day, r.System, r.Passed, r.Note, r.CheckedBy, r.HazardId, r.HazardId is not null))];
    }

    /// <summary>The client id of one installation's row of a form: stable for the form's id and the installation.</summary>
    public static Guid ItemClientId(Guid formId, EquipmentSystem system)
    {
        Span<byte> input = stackalloc byte[17];
        formId.TryWriteBytes(input);
        input[16] = (byte)system;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    // ---- residents and outings ----

    /// <summary>The residents of a day: one row per day, corrected in place.</summary>
    public async Task<ResidentsDto> SaveResidentsAsync(CurrentUser user, string code, ResidentsInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var today = ChinaTime.Today(clock);
        var day = input.Day ?? today;
        CheckDay(day, today, ahead: 0);
        if (input.Present is not { } present || input.WentOut is not { } wentOut)
        {
            throw Invalid("请填写在院人数和外出人数");
        }
        if (present is < 0 or > MaxCount || wentOut is < 0 or > MaxCount)
        {
            throw new AppProblemException(InstitutionProblems.CountInvalid);
        }
        var outings = Optional(input.Outings, "外出情况", 500);
        var note = Optional(input.Note, "备注", 500);
        if (input.BadWeather && wentOut > 0 && !input.DiscouragedOutings)
        {
            throw new AppProblemException(InstitutionProblems.OutingAdviceRequired);
        }
        var row = await db.ResidentDays.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Day == day, ct);
        var before = row is null ? null : new { row.Present, row.WentOut, row.Outings, row.BadWeather, row.DiscouragedOutings, row.Note };
        if (row is null)
        {
            row = new ResidentDay
            {
                Id = Guid.NewGuid(),
                CountyCode = inst.CountyCode,
                OrgUnitCode = inst.Code,
                OrgPath = inst.Path,
                Day = day,
                RecordedByName = "",
            };
            db.ResidentDays.Add(row);
        }
        row.Present = present;
        row.WentOut = wentOut;
        row.Outings = outings;
        row.BadWeather = input.BadWeather;
        row.DiscouragedOutings = input.BadWeather && input.DiscouragedOutings;
        row.Note = note;
        row.RecordedBy = user.Id;
        row.RecordedByName = Name(user);
        row.UpdatedAt = clock.GetUtcNow();
        audit.Add(user, before is null ? AuditActions.Create : AuditActions.Update, "resident-day", row.Id.ToString(), inst.Code, before: before,
            after: new { row.Day, row.Present, row.WentOut, row.Outings, row.BadWeather, row.DiscouragedOutings, row.Note });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            // Two first entries of the day at once: the other was stored; this one is a correction of it.
            db.ChangeTracker.Clear();
            return await SaveResidentsAsync(user, code, input, ct);
        }
        return new ResidentsDto(row.Day, row.Present, row.WentOut, row.Outings, row.BadWeather, row.DiscouragedOutings, row.Note, row.RecordedByName, row.UpdatedAt);
    }

    // ---- staff and training ----

    public async Task<StaffDto> AddStaffAsync(CurrentUser user, string code, StaffInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        if (input.Role is not { } role || !Enum.IsDefined(role))
        {
            throw Invalid("请选择人员类别");
        }
        var staff = new InstitutionStaff
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgUnitCode = inst.Code,
            OrgPath = inst.Path,
            Name = Required(input.Name, "姓名", 50),
            Role = role,
            Phone = Optional(input.Phone, "电话", 30),
            CreatedAt = clock.GetUtcNow(),
        };
        db.InstitutionStaff.Add(staff);
        audit.Add(user, AuditActions.Create, "institution-staff", staff.Id.ToString(), inst.Code, after: new { staff.Name, staff.Role, staff.Phone });
        await db.SaveChangesAsync(ct);
        return new StaffDto(staff.Id, staff.Name, staff.Role, staff.Phone, null);
    }

    /// <summary>A member who left: kept for the sessions they attended, no longer listed.</summary>
    public async Task RemoveStaffAsync(CurrentUser user, string code, Guid id, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var staff = await db.InstitutionStaff.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Id == id && x.Active, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        staff.Active = false;
        audit.Add(user, Delete, "institution-staff", staff.Id.ToString(), inst.Code, before: new { staff.Name, staff.Role });
        await db.SaveChangesAsync(ct);
    }

    public async Task<(TrainingDto Training, bool Created)> RecordTrainingAsync(CurrentUser user, string code, TrainingInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var clientId = input.ClientId is { } c && c != Guid.Empty ? c : throw Invalid("缺少记录编号(clientId)");
        if (await ExistingTrainingAsync(inst, clientId, ct) is { } existing)
        {
            return (existing, false);
        }
        var today = ChinaTime.Today(clock);
        var day = input.Day ?? today;
        CheckDay(day, today, ahead: 0);
        var ids = (input.Attendees ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            throw Invalid("请选择参加培训的人员");
        }
        var staff = await db.InstitutionStaff.AsNoTracking()
            .Where(s => s.CountyCode == inst.CountyCode && s.OrgUnitCode == inst.Code && s.Active && ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.Role }).ToListAsync(ct);
        if (staff.Count != ids.Count)
        {
            throw new AppProblemException(InstitutionProblems.StaffUnknown);
        }
        var session = new TrainingSession
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgUnitCode = inst.Code,
            OrgPath = inst.Path,
            ClientId = clientId,
            Day = day,
            Topic = Required(input.Topic, "培训内容", 200),
            Trainer = Required(input.Trainer, "授课人", 100),
            Note = Optional(input.Note, "备注", 500),
            AttendeeCount = staff.Count,
            RecordedBy = user.Id,
            RecordedByName = Name(user),
            RecordedAt = clock.GetUtcNow(),
        };
        db.TrainingSessions.Add(session);
        db.TrainingAttendances.AddRange(staff.Select(s => new TrainingAttendance
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgPath = inst.Path,
            TrainingId = session.Id,
            StaffId = s.Id,
            Role = s.Role,
        }));
        audit.Add(user, AuditActions.Create, "training", session.Id.ToString(), inst.Code,
            after: new { session.Day, session.Topic, session.Trainer, session.AttendeeCount, Attendees = staff.Select(s => s.Name) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return (await ExistingTrainingAsync(inst, clientId, ct) ?? throw new AppProblemException(InstitutionProblems.ClientIdConflict), false);
        }
        return (new TrainingDto(session.Id, clientId, day, session.Topic, session.Trainer, session.Note, session.AttendeeCount,
            [.. staff.Select(s => s.Name).Order(StringComparer.Ordinal)]), true);
    }

    private async Task<TrainingDto?> ExistingTrainingAsync(InstitutionRef inst, Guid clientId, CancellationToken ct)
    {
        var row = await db.TrainingSessions.AsNoTracking().FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.ClientId == clientId, ct);
        if (row is null)
        {
            return null;
        }
        if (row.OrgUnitCode != inst.Code)
        {
            throw new AppProblemException(InstitutionProblems.ClientIdConflict);
        }
        var names = await db.TrainingAttendances.AsNoTracking().Where(a => a.TrainingId == row.Id)
            .Join(db.InstitutionStaff, a => a.StaffId, s => s.Id, (a, s) => s.Name).ToListAsync(ct);
        return new TrainingDto(row.Id, row.ClientId, row.Day, row.Topic, row.Trainer, row.Note, row.AttendeeCount, [.. names.Order(StringComparer.Ordinal)]);
    }

    // ---- supplies ----

    /// <summary>A reserve against its target: one row per kind and name, corrected in place.</summary>
    public async Task<SupplyDto> SaveSupplyAsync(CurrentUser user, string code, SupplyInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw Invalid("请选择物资类别");
        }
        var name = Required(input.Name, "物资名称", 50);
        var unit = Required(input.Unit, "单位", 20);
        if (input.Target is not { } target || input.OnHand is not { } onHand)
        {
            throw Invalid("请填写储备目标和现有数量");
        }
        if (target is < 0 or > 999_999_999 || onHand is < 0 or > 999_999_999 || decimal.Round(target, 2) != target || decimal.Round(onHand, 2) != onHand)
        {
            throw new AppProblemException(InstitutionProblems.CountInvalid);
        }
        var row = await db.SupplyStocks.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Kind == kind && x.Name == name, ct);
        var before = row is null ? null : new { row.Unit, row.Target, row.OnHand };
        if (row is null)
        {
            row = new SupplyStock
            {
                Id = Guid.NewGuid(),
                CountyCode = inst.CountyCode,
                OrgUnitCode = inst.Code,
                OrgPath = inst.Path,
                Kind = kind,
                Name = name,
                Unit = unit,
                UpdatedByName = "",
            };
            db.SupplyStocks.Add(row);
        }
        row.Unit = unit;
        row.Target = target;
        row.OnHand = onHand;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedByName = Name(user);
        audit.Add(user, before is null ? AuditActions.Create : AuditActions.Update, "supply-stock", row.Id.ToString(), inst.Code, before: before,
            after: new { row.Kind, row.Name, row.Unit, row.Target, row.OnHand });
        await db.SaveChangesAsync(ct);
        return new SupplyDto(row.Id, row.Kind, row.Name, row.Unit, row.Target, row.OnHand, row.OnHand < row.Target, row.UpdatedAt, row.UpdatedByName);
    }

    public async Task RemoveSupplyAsync(CurrentUser user, string code, Guid id, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var row = await db.SupplyStocks.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        db.SupplyStocks.Remove(row);
        audit.Add(user, Delete, "supply-stock", row.Id.ToString(), inst.Code, before: new { row.Kind, row.Name, row.Target, row.OnHand });
        await db.SaveChangesAsync(ct);
    }

    // ---- emergency plan tasks ----

    public async Task<PlanTaskDto> AddTaskAsync(CurrentUser user, string code, PlanTaskInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var order = input.SortOrder ?? (await db.EmergencyPlanTasks.Where(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code)
            .MaxAsync(x => (int?)x.SortOrder, ct) ?? 0) + 1;
        var task = new EmergencyPlanTask
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgUnitCode = inst.Code,
            OrgPath = inst.Path,
            SortOrder = Math.Clamp(order, 0, 10_000),
            Task = Required(input.Task, "任务", 500),
            Responsible = Required(input.Responsible, "责任人", 50),
            Phone = Optional(input.Phone, "电话", 30),
            UpdatedAt = clock.GetUtcNow(),
        };
        db.EmergencyPlanTasks.Add(task);
        audit.Add(user, AuditActions.Create, "emergency-plan-task", task.Id.ToString(), inst.Code, after: new { task.Task, task.Responsible, task.Phone });
        await db.SaveChangesAsync(ct);
        return new PlanTaskDto(task.Id, task.SortOrder, task.Task, task.Responsible, task.Phone);
    }

    public async Task<PlanTaskDto> UpdateTaskAsync(CurrentUser user, string code, Guid id, PlanTaskInput input, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var task = await db.EmergencyPlanTasks.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var before = new { task.Task, task.Responsible, task.Phone, task.SortOrder };
        task.Task = Required(input.Task, "任务", 500);
        task.Responsible = Required(input.Responsible, "责任人", 50);
        task.Phone = Optional(input.Phone, "电话", 30);
        task.SortOrder = Math.Clamp(input.SortOrder ?? task.SortOrder, 0, 10_000);
        task.UpdatedAt = clock.GetUtcNow();
        audit.Add(user, AuditActions.Update, "emergency-plan-task", task.Id.ToString(), inst.Code, before: before,
            after: new { task.Task, task.Responsible, task.Phone, task.SortOrder });
        await db.SaveChangesAsync(ct);
        return new PlanTaskDto(task.Id, task.SortOrder, task.Task, task.Responsible, task.Phone);
    }

    public async Task RemoveTaskAsync(CurrentUser user, string code, Guid id, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        var task = await db.EmergencyPlanTasks.FirstOrDefaultAsync(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && x.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        db.EmergencyPlanTasks.Remove(task);
        audit.Add(user, Delete, "emergency-plan-task", task.Id.ToString(), inst.Code, before: new { task.Task, task.Responsible, task.Phone });
        await db.SaveChangesAsync(ct);
    }

    // ---- emergency plan documents ----

    public async Task<PlanDocumentDto> UploadPlanAsync(CurrentUser user, string code, IFormFile? file, CancellationToken ct)
    {
        var inst = await FindForWriteAsync(user, code, ct);
        if (file is null || file.Length == 0)
        {
            throw new AppProblemException(InstitutionProblems.PlanEmpty);
        }
        if (file.Length > PlanFiles.MaxBytes)
        {
            throw new AppProblemException(InstitutionProblems.PlanTooLarge);
        }
        var content = await file.ReadAllAsync(ct);
        var fileName = PlanFiles.SafeName(file.FileName);
        var type = PlanFiles.ContentTypeOf(fileName, content) ?? throw new AppProblemException(InstitutionProblems.PlanType);
        var doc = new EmergencyPlanDocument
        {
            Id = Guid.NewGuid(),
            CountyCode = inst.CountyCode,
            OrgUnitCode = inst.Code,
            OrgPath = inst.Path,
            FileName = fileName,
            ContentType = type,
            Content = content,
            Size = content.Length,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedBy = user.Id,
            UploadedByName = Name(user),
            UploadedAt = clock.GetUtcNow(),
        };
        db.EmergencyPlanDocuments.Add(doc);
        audit.Add(user, AuditActions.Create, "emergency-plan", doc.Id.ToString(), inst.Code,
            after: new { doc.FileName, doc.ContentType, doc.Size, doc.ContentHash });
        await db.SaveChangesAsync(ct);
        return new PlanDocumentDto(doc.Id, doc.FileName, doc.ContentType, doc.Size, doc.UploadedByName, doc.UploadedAt);
    }

    /// <summary>A version of the plan (the latest when <paramref name="id"/> is null); every download is audited.</summary>
    public async Task<(byte[] Content, string ContentType, string FileName)> DownloadPlanAsync(CurrentUser user, string code, Guid? id, CancellationToken ct)
    {
        var inst = await FindAsync(user, code, ct);
        var doc = await db.EmergencyPlanDocuments.AsNoTracking()
            .Where(x => x.CountyCode == inst.CountyCode && x.OrgUnitCode == inst.Code && (id == null || x.Id == id))
            .OrderByDescending(x => x.UploadedAt).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        audit.Add(user, Download, "emergency-plan", doc.Id.ToString(), inst.Code, details: doc.FileName);
        await db.SaveChangesAsync(ct);
        return (doc.Content, doc.ContentType, doc.FileName);
    }

    // ---- rules shared by the records ----

    private async Task<DateOnly> CampaignStartAsync(string countyCode, CancellationToken ct) =>
        await db.Campaigns.AsNoTracking().Where(c => c.CountyCode == countyCode)
            .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart)
            .Select(c => (DateOnly?)c.MobilisationStart).FirstOrDefaultAsync(ct) ?? DateOnly.MinValue;

    private static void CheckTime(DateTimeOffset at, DateTimeOffset now)
    {
        if (ChinaTime.IsInFuture(at, now))
        {
            throw new AppProblemException(InstitutionProblems.InFuture);
        }
        if (at < now.AddDays(-MaxDaysBack))
        {
            throw new AppProblemException(InstitutionProblems.DayOutOfRange);
        }
    }

    private static void CheckDay(DateOnly day, DateOnly today, int ahead)
    {
        if (day > today.AddDays(ahead))
        {
            throw new AppProblemException(ahead == 0 ? InstitutionProblems.InFuture : InstitutionProblems.DayOutOfRange);
        }
        if (day < today.AddDays(-MaxDaysBack))
        {
            throw new AppProblemException(InstitutionProblems.DayOutOfRange);
        }
    }

    private static string Required(string? value, string label, int max) =>
        Optional(value, label, max) ?? throw Invalid($"请填写{label}");

    private static string? Optional(string? value, string label, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Trim();
        if (text.Length > max)
        {
            var message = $"{label}不能超过 {max} 个字";
            throw new AppProblemException((InstitutionProblems.TextTooLong with { Message = message }).With("errors", new[] { message }));
        }
        return text;
    }

    private static string Name(CurrentUser user)
    {
        var name = user.DisplayName.Length > 0 ? user.DisplayName : user.UserName;
        return name.Length <= 50 ? name : name[..50];
    }

    private static AppProblemException Invalid(string message) =>
        new((Problems.Validation with { Message = message }).With("errors", new[] { message }));
}
