using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Meals;

public sealed record CentreSummary(string Code, string Name, string TownshipName, DateOnly Day, bool On, int Recipients, int Delivered, int NotHome,
    int Declined);

/// <summary>A person on a centre's list: ID number and phone masked (the list needs neither in full).</summary>
public sealed record RecipientDto(Guid Id, Guid TargetId, string Name, string IdNumber, string Phone, string Categories, string VillageName,
    string? Address, string? Note, DateTimeOffset AddedAt);

public sealed record CandidateDto(Guid TargetId, string Name, string IdNumber, string Phone, string Categories, string VillageName, string? Address,
    bool OnList);

public sealed record PeriodDto(Guid Id, DateOnly FromDay, DateOnly ToDay, Guid? WarningId, string? Reason, string SwitchedByName,
    DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

/// <summary>One line of the day's list (送餐名单): the person and, when recorded, the outcome.</summary>
public sealed record DayListRow(Guid TargetId, string Name, string Phone, string VillageName, string? Address, string? Note, bool OnList,
    MealOutcome? Outcome, string? DeliveredBy, DateTimeOffset? At);

public sealed record HistoryDay(DateOnly Day, int Delivered, int NotHome, int Declined);

public sealed record CentreDto(string Code, string Name, string TownshipName, DateOnly Day, DateOnly Today, bool On, bool CanWrite,
    List<PeriodDto> Periods, List<RecipientDto> Recipients, List<DayListRow> DayList, List<HistoryDay> History);

public sealed record AddRecipientRequest(Guid? TargetId, string? Note);

public sealed record RecipientNoteRequest(string? Note);

public sealed record PeriodRequest(DateOnly? FromDay, DateOnly? ToDay, string? Reason);

/// <summary>A delivery: <c>day</c> defaults to today, <c>deliveredBy</c> to the caller's name, <c>at</c> to now (noon of a past day).</summary>
public sealed record DeliveryRequest(Guid? TargetId, DateOnly? Day, MealOutcome? Outcome, string? DeliveredBy, DateTimeOffset? At, string? Note);

public sealed record DeliveryDto(Guid Id, string CentreCode, Guid TargetId, DateOnly Day, MealOutcome Outcome, DateTimeOffset At, string DeliveredBy,
    string? Note, DateTimeOffset ReceivedAt);

/// <summary>
/// Meals brought home in bad weather (送餐上门) by day-care centres: each centre's list of elderly people from the registry,
/// the days delivery is on, and one delivery per centre, person and day, corrected in place.
/// </summary>
public sealed class MealService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string DayCareType = "日间照料中心";
    public const int MaxNote = 500;
    public const int MaxName = 100;
    public const int MaxPeriodDays = 31;
    public const int HistoryDays = 60;

    /// <summary>Whether a centre brings meals home on a day: a period not cancelled covers it.</summary>
    public Task<bool> IsOnAsync(string countyCode, string centreCode, DateOnly day, CancellationToken ct) =>
        db.MealServicePeriods.AnyAsync(p => p.CountyCode == countyCode && p.CentreCode == centreCode && p.CancelledAt == null
            && p.FromDay <= day && p.ToDay >= day, ct);

    /// <summary>The centres of a county (under <paramref name="path"/>, the whole county by default) that bring meals home on a day.</summary>
    public Task<List<string>> CentresOnAsync(string countyCode, DateOnly day, CancellationToken ct, string? path = null) =>
        db.MealServicePeriods.AsNoTracking()
            .Where(p => p.CountyCode == countyCode && p.CancelledAt == null && p.FromDay <= day && p.ToDay >= day
                && (path == null || p.OrgPath.StartsWith(path)))
            .Select(p => p.CentreCode).Distinct().ToListAsync(ct);

    /// <summary>The day-care centres the caller sees, with the day's state.</summary>
    public async Task<List<CentreSummary>> CentresAsync(CurrentUser user, DateOnly? day, CancellationToken ct)
    {
        var d = CheckDay(day);
        var centres = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.CountyCode == user.CountyCode && o.Kind == OrgUnitKind.Institution && o.InstitutionType == DayCareType)
            .OrderBy(o => o.Path)
            .Select(o => new { o.Code, o.Name, Township = db.OrgUnits.Where(p => p.Code == o.ParentCode).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var codes = centres.Select(c => c.Code).ToList();
        var on = (await CentresOnAsync(user.CountyCode, d, ct, user.OrgPath)).ToHashSet();
        var recipients = await db.MealRecipients.AsNoTracking()
            .Where(r => r.CountyCode == user.CountyCode && codes.Contains(r.CentreCode) && r.Active)
            .GroupBy(r => r.CentreCode).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var outcomes = await db.MealDeliveries.AsNoTracking()
            .Where(m => m.CountyCode == user.CountyCode && m.Day == d && codes.Contains(m.CentreCode))
            .GroupBy(m => new { m.CentreCode, m.Outcome }).Select(g => new { g.Key.CentreCode, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(ct);
        int Count(string code, MealOutcome outcome) => outcomes.Where(o => o.CentreCode == code && o.Outcome == outcome).Sum(o => o.Count);
        return [.. centres.Select(c => new CentreSummary(c.Code, c.Name, c.Township ?? "", d, on.Contains(c.Code), recipients.GetValueOrDefault(c.Code),
            Count(c.Code, MealOutcome.Delivered), Count(c.Code, MealOutcome.NotHome), Count(c.Code, MealOutcome.Declined)))];
    }

    /// <summary>A centre's page: whether delivery is on for the day, its periods, its list, the day's list and the history.</summary>
    public async Task<CentreDto> GetAsync(CurrentUser user, string code, DateOnly? day, CancellationToken ct)
    {
        var centre = await CentreAsync(user, code, ct);
        var d = CheckDay(day);
        var today = ChinaTime.Today(clock);
        var on = await IsOnAsync(centre.CountyCode, centre.Code, d, ct);
        var periods = await db.MealServicePeriods.AsNoTracking()
            .Where(p => p.CountyCode == centre.CountyCode && p.CentreCode == centre.Code && p.ToDay >= today.AddDays(-HistoryDays))
            .OrderByDescending(p => p.FromDay).ThenByDescending(p => p.CreatedAt)
            .Select(p => new PeriodDto(p.Id, p.FromDay, p.ToDay, p.WarningId, p.Reason, p.SwitchedByName, p.CreatedAt, p.CancelledAt))
            .ToListAsync(ct);
        var recipients = await RecipientsAsync(centre, ct);
        var deliveries = await db.MealDeliveries.AsNoTracking()
            .Where(m => m.CountyCode == centre.CountyCode && m.CentreCode == centre.Code && m.Day == d)
            .ToDictionaryAsync(m => m.TargetId, ct);
        var dayList = recipients.Select(r => Row(r.TargetId, r.Name, r.Phone, r.VillageName, r.Address, r.Note, true, deliveries)).ToList();
        // A person taken off the list after a delivery of that day was recorded still shows with it.
        var gone = deliveries.Keys.Except(recipients.Select(r => r.TargetId)).ToList();
        if (gone.Count > 0)
        {
            var people = await PeopleAsync(db.Targets.Where(t => gone.Contains(t.Id)), ct);
            dayList.AddRange(people.Select(p => Row(p.TargetId, p.Name, p.Phone, p.VillageName, p.Address, null, false, deliveries)));
        }
        var history = await HistoryAsync(centre, today.AddDays(-HistoryDays), today, ct);
        return new CentreDto(centre.Code, centre.Name, centre.TownshipName, d, today, on, CanWrite(user), periods, recipients, dayList, history);
    }

    private static DayListRow Row(Guid targetId, string name, string phone, string village, string? address, string? note, bool onList,
        Dictionary<Guid, MealDelivery> deliveries)
    {
        var m = deliveries.GetValueOrDefault(targetId);
        return new DayListRow(targetId, name, phone, village, address, note, onList, m?.Outcome, m?.DeliveredBy, m?.At);
    }

    /// <summary>Delivered, not at home and declined per day, newest first.</summary>
    public async Task<List<HistoryDay>> HistoryAsync(CurrentUser user, string code, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var centre = await CentreAsync(user, code, ct);
        var today = ChinaTime.Today(clock);
        var t = to ?? today;
        var f = from ?? t.AddDays(-HistoryDays);
        if (f > t || t.DayNumber - f.DayNumber > 366)
        {
            throw MealProblems.Invalid("查询的日期范围有误（开始日期不能晚于结束日期，最长一年）");
        }
        return await HistoryAsync(centre, f, t, ct);
    }

    private async Task<List<HistoryDay>> HistoryAsync(Centre centre, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.MealDeliveries.AsNoTracking()
            .Where(m => m.CountyCode == centre.CountyCode && m.CentreCode == centre.Code && m.Day >= from && m.Day <= to)
            .GroupBy(m => new { m.Day, m.Outcome }).Select(g => new { g.Key.Day, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Day).OrderByDescending(g => g.Key).Select(g => new HistoryDay(g.Key,
            g.Where(r => r.Outcome == MealOutcome.Delivered).Sum(r => r.Count),
            g.Where(r => r.Outcome == MealOutcome.NotHome).Sum(r => r.Count),
            g.Where(r => r.Outcome == MealOutcome.Declined).Sum(r => r.Count)))];
    }

    /// <summary>Active people of the registry under the centre's township whose name holds <paramref name="q"/>, masked.</summary>
    public async Task<List<CandidateDto>> CandidatesAsync(CurrentUser user, string code, string? q, CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        var text = Clean(q);
        if (text is null)
        {
            return [];
        }
        if (text.Length > 20)
        {
            throw MealProblems.Invalid("查找的姓名不能超过 20 个字");
        }
        var people = await PeopleAsync(AtHome(centre).Where(t => t.Name.Contains(text)).OrderBy(t => t.Name).Take(20), ct);
        var ids = people.Select(p => p.TargetId).ToList();
        var onList = (await db.MealRecipients.AsNoTracking()
            .Where(r => r.CountyCode == centre.CountyCode && r.CentreCode == centre.Code && r.Active && ids.Contains(r.TargetId))
            .Select(r => r.TargetId).ToListAsync(ct)).ToHashSet();
        return [.. people.Select(p => new CandidateDto(p.TargetId, p.Name, p.IdNumber, p.Phone, p.Categories, p.VillageName, p.Address,
            onList.Contains(p.TargetId)))];
    }

    /// <summary>Puts a person on the list (again); a person already on it stays as they are. Returns the row and whether it is new.</summary>
    public async Task<(RecipientDto Recipient, bool Created)> AddRecipientAsync(CurrentUser user, string code, AddRecipientRequest request,
        CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        if (request.TargetId is not { } targetId)
        {
            throw MealProblems.Invalid("请选择要加入名单的老人");
        }
        var note = CheckNote(request.Note);
        var inTownship = await AtHome(centre).AnyAsync(t => t.Id == targetId, ct);
        if (!inTownship)
        {
            throw new AppProblemException(MealProblems.RecipientOutside);
        }
        var row = await db.MealRecipients.FirstOrDefaultAsync(r => r.CountyCode == centre.CountyCode && r.CentreCode == centre.Code
            && r.TargetId == targetId, ct);
        var created = false;
        if (row is null)
        {
            row = new MealRecipient
            {
                Id = Guid.NewGuid(),
                CountyCode = centre.CountyCode,
                CentreCode = centre.Code,
                OrgPath = centre.Path,
                TargetId = targetId,
                Note = note,
                AddedBy = user.Id,
                AddedAt = clock.GetUtcNow(),
            };
            db.MealRecipients.Add(row);
            audit.Add(user, "meals.recipient.add", nameof(MealRecipient), row.Id.ToString(), centre.Code, after: Snapshot(row));
            created = true;
        }
        else if (!row.Active)
        {
            var before = Snapshot(row);
            row.Active = true;
            row.Note = note ?? row.Note;
            row.AddedBy = user.Id;
            row.AddedAt = clock.GetUtcNow();
            audit.Add(user, "meals.recipient.add", nameof(MealRecipient), row.Id.ToString(), centre.Code, before, Snapshot(row));
            created = true;
        }
        if (created)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
            {
                // Two taps at once: the other one put the person on the list.
                db.ChangeTracker.Clear();
                created = false;
            }
        }
        var dto = (await RecipientsAsync(centre, ct, targetId)).FirstOrDefault()
            ?? throw new AppProblemException(MealProblems.RecipientOutside);
        return (dto, created);
    }

    public async Task<RecipientDto> UpdateNoteAsync(CurrentUser user, string code, Guid id, RecipientNoteRequest request, CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        var note = CheckNote(request.Note);
        var row = await db.MealRecipients.FirstOrDefaultAsync(r => r.Id == id && r.CountyCode == centre.CountyCode && r.CentreCode == centre.Code
            && r.Active, ct) ?? throw new AppProblemException(Problems.NotFound);
        if (row.Note != note)
        {
            var before = Snapshot(row);
            row.Note = note;
            audit.Add(user, "meals.recipient.note", nameof(MealRecipient), row.Id.ToString(), centre.Code, before, Snapshot(row));
            await db.SaveChangesAsync(ct);
        }
        return (await RecipientsAsync(centre, ct, row.TargetId)).First();
    }

    /// <summary>Takes a person off the list (the row stays, inactive, with the deliveries already recorded).</summary>
    public async Task RemoveRecipientAsync(CurrentUser user, string code, Guid id, CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        var row = await db.MealRecipients.FirstOrDefaultAsync(r => r.Id == id && r.CountyCode == centre.CountyCode && r.CentreCode == centre.Code
            && r.Active, ct) ?? throw new AppProblemException(Problems.NotFound);
        var before = Snapshot(row);
        row.Active = false;
        audit.Add(user, "meals.recipient.remove", nameof(MealRecipient), row.Id.ToString(), centre.Code, before, Snapshot(row));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Switches delivery on by hand for days (from and to default to today).</summary>
    public async Task<PeriodDto> SwitchOnAsync(CurrentUser user, string code, PeriodRequest request, CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        var from = request.FromDay ?? ChinaTime.Today(clock);
        var to = request.ToDay ?? from;
        if (to < from || to.DayNumber - from.DayNumber + 1 > MaxPeriodDays)
        {
            throw new AppProblemException(MealProblems.PeriodInvalid);
        }
        var reason = CheckNote(request.Reason, "原因");
        var period = new MealServicePeriod
        {
            Id = Guid.NewGuid(),
            CountyCode = centre.CountyCode,
            CentreCode = centre.Code,
            OrgPath = centre.Path,
            FromDay = from,
            ToDay = to,
            Reason = reason,
            SwitchedBy = user.Id,
            SwitchedByName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50),
            CreatedAt = clock.GetUtcNow(),
        };
        db.MealServicePeriods.Add(period);
        audit.Add(user, "meals.period.on", nameof(MealServicePeriod), period.Id.ToString(), centre.Code,
            after: new { period.FromDay, period.ToDay, period.Reason });
        await db.SaveChangesAsync(ct);
        return ToDto(period);
    }

    /// <summary>Cancels a period (by hand or a warning's); the deliveries already recorded stay.</summary>
    public async Task<PeriodDto> CancelPeriodAsync(CurrentUser user, string code, Guid id, CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        var period = await db.MealServicePeriods.FirstOrDefaultAsync(p => p.Id == id && p.CountyCode == centre.CountyCode
            && p.CentreCode == centre.Code, ct) ?? throw new AppProblemException(Problems.NotFound);
        if (period.CancelledAt is not null)
        {
            throw new AppProblemException(MealProblems.PeriodCancelled);
        }
        period.CancelledAt = clock.GetUtcNow();
        audit.Add(user, "meals.period.cancel", nameof(MealServicePeriod), period.Id.ToString(), centre.Code,
            before: new { period.FromDay, period.ToDay, period.WarningId }, after: new { period.CancelledAt });
        await db.SaveChangesAsync(ct);
        return ToDto(period);
    }

    /// <summary>
    /// Records the outcome for a person of the list on a day delivery is on: one row per centre, person and day, so a second
    /// tap (or a retry) corrects that row and never adds another.
    /// </summary>
    public async Task<DeliveryDto> RecordDeliveryAsync(CurrentUser user, string code, DeliveryRequest request, CancellationToken ct)
    {
        var centre = await WritableCentreAsync(user, code, ct);
        if (request.TargetId is not { } targetId)
        {
            throw MealProblems.Invalid("请选择送餐对象");
        }
        if (request.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            throw new AppProblemException(MealProblems.OutcomeRequired);
        }
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var day = request.Day ?? today;
        var at = request.At ?? (day == today ? now : ChinaTime.StartOf(day).AddHours(12));
        if (day > today || ChinaTime.IsInFuture(at, now))
        {
            throw new AppProblemException(MealProblems.DayInFuture);
        }
        if (ChinaTime.DayOf(at) != day)
        {
            throw MealProblems.Invalid("送达时间应在送餐当天");
        }
        var deliveredBy = Clean(request.DeliveredBy) ?? Clean(user.DisplayName) ?? user.UserName;
        if (deliveredBy.Length > MaxName)
        {
            throw MealProblems.Invalid($"送餐人不能超过 {MaxName} 个字");
        }
        var note = CheckNote(request.Note);
        if (!await IsOnAsync(centre.CountyCode, centre.Code, day, ct))
        {
            throw new AppProblemException(MealProblems.DeliveryOff);
        }
        var onList = await db.MealRecipients.AnyAsync(r => r.CountyCode == centre.CountyCode && r.CentreCode == centre.Code
            && r.TargetId == targetId && r.Active
            && db.Targets.Any(t => t.Id == r.TargetId && t.Status == TargetStatus.Active), ct);
        if (!onList)
        {
            throw new AppProblemException(MealProblems.NotOnList);
        }
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.MealDeliveries.FirstOrDefaultAsync(m => m.CountyCode == centre.CountyCode && m.CentreCode == centre.Code
                && m.TargetId == targetId && m.Day == day, ct);
            if (row is null)
            {
                row = new MealDelivery
                {
                    Id = Guid.NewGuid(),
                    CountyCode = centre.CountyCode,
                    CentreCode = centre.Code,
                    OrgPath = centre.Path,
                    TargetId = targetId,
                    Day = day,
                    Outcome = outcome,
                    At = at,
                    DeliveredBy = deliveredBy,
                    Note = note,
                    RecordedBy = user.Id,
                    ReceivedAt = now,
                };
                db.MealDeliveries.Add(row);
                audit.Add(user, "meals.delivery.record", nameof(MealDelivery), row.Id.ToString(), centre.Code, after: Snapshot(row));
            }
            else
            {
                var before = Snapshot(row);
                row.Outcome = outcome;
                row.At = at;
                row.DeliveredBy = deliveredBy;
                row.Note = note;
                row.RecordedBy = user.Id;
                row.ReceivedAt = now;
                audit.Add(user, "meals.delivery.correct", nameof(MealDelivery), row.Id.ToString(), centre.Code, before, Snapshot(row));
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return ToDto(row);
            }
            catch (DbUpdateException e) when (attempt == 0 && Database.IsUniqueViolation(e))
            {
                // Another tap stored the day's row first: correct that one.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static object Snapshot(MealDelivery m) => new { m.TargetId, m.Day, m.Outcome, m.At, m.DeliveredBy, m.Note };

    private static object Snapshot(MealRecipient r) => new { r.TargetId, r.Active, r.Note };

    private static DeliveryDto ToDto(MealDelivery m) => new(m.Id, m.CentreCode, m.TargetId, m.Day, m.Outcome, m.At, m.DeliveredBy, m.Note, m.ReceivedAt);

    private static PeriodDto ToDto(MealServicePeriod p) => new(p.Id, p.FromDay, p.ToDay, p.WarningId, p.Reason, p.SwitchedByName, p.CreatedAt,
        p.CancelledAt);

    private sealed record Centre(string Code, string Name, string Path, string CountyCode, string TownshipPath, string TownshipName);

    private sealed record Person(Guid TargetId, string Name, string IdNumber, string Phone, string Categories, string VillageName, string? Address);

    /// <summary>A day-care centre the caller sees (its unit or below); any other code is not found, whoever asks.</summary>
    private async Task<Centre> CentreAsync(CurrentUser user, string code, CancellationToken ct)
    {
        var centre = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Code == code && o.CountyCode == user.CountyCode && o.Kind == OrgUnitKind.Institution && o.InstitutionType == DayCareType)
            .Select(o => new
            {
                o.Code,
                o.Name,
                o.Path,
                o.CountyCode,
                Township = db.OrgUnits.Where(p => p.Code == o.ParentCode).Select(p => new { p.Path, p.Name }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct) ?? throw new AppProblemException(Problems.NotFound);
        // A centre is attached to a township (or the county): its list is drawn from the people registered there.
        var township = centre.Township ?? throw new AppProblemException(Problems.NotFound);
        return new Centre(centre.Code, centre.Name, centre.Path, centre.CountyCode, township.Path, township.Name);
    }

    private async Task<Centre> WritableCentreAsync(CurrentUser user, string code, CancellationToken ct)
    {
        if (!CanWrite(user))
        {
            throw new AppProblemException(Problems.Forbidden);
        }
        return await CentreAsync(user, code, ct);
    }

    /// <summary>
    /// The people a centre may take on its list: active, registered in a village of the centre's township (people living in
    /// an institution are fed there).
    /// </summary>
    private IQueryable<Target> AtHome(Centre centre) =>
        db.Targets.Where(t => t.CountyCode == centre.CountyCode && t.Status == TargetStatus.Active && t.OrgPath.StartsWith(centre.TownshipPath)
            && db.OrgUnits.Any(o => o.Code == t.OrgUnitCode && o.Kind == OrgUnitKind.Village));

    public static bool CanWrite(CurrentUser user) => user.Can(Permission.MealsWrite);

    private async Task<List<RecipientDto>> RecipientsAsync(Centre centre, CancellationToken ct, Guid? only = null)
    {
        var rows = await db.MealRecipients.AsNoTracking()
            .Where(r => r.CountyCode == centre.CountyCode && r.CentreCode == centre.Code && r.Active && (only == null || r.TargetId == only))
            .Join(db.Targets.Where(t => t.Status == TargetStatus.Active), r => r.TargetId, t => t.Id, (r, t) => new
            {
                r.Id,
                r.TargetId,
                t.Name,
                t.IdNumber,
                t.Phone,
                t.Categories,
                Village = db.OrgUnits.Where(o => o.Code == t.OrgUnitCode).Select(o => o.Name).FirstOrDefault(),
                t.Address,
                r.Note,
                r.AddedAt,
            })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Village, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new RecipientDto(r.Id, r.TargetId, r.Name, Masking.IdNumber(r.IdNumber), Masking.Phone(r.Phone),
                TargetNames.CategoryList(r.Categories), r.Village ?? "", r.Address, r.Note, r.AddedAt))];
    }

    private async Task<List<Person>> PeopleAsync(IQueryable<Target> targets, CancellationToken ct)
    {
        var rows = await targets.AsNoTracking().Select(t => new
        {
            t.Id,
            t.Name,
            t.IdNumber,
            t.Phone,
            t.Categories,
            Village = db.OrgUnits.Where(o => o.Code == t.OrgUnitCode).Select(o => o.Name).FirstOrDefault(),
            t.Address,
        }).ToListAsync(ct);
        return [.. rows.Select(r => new Person(r.Id, r.Name, Masking.IdNumber(r.IdNumber), Masking.Phone(r.Phone), TargetNames.CategoryList(r.Categories),
            r.Village ?? "", r.Address))];
    }

    private DateOnly CheckDay(DateOnly? day)
    {
        var today = ChinaTime.Today(clock);
        var d = day ?? today;
        if (d > today.AddDays(MaxPeriodDays) || d < today.AddDays(-366))
        {
            throw MealProblems.Invalid("日期超出可查询的范围（一年以内）");
        }
        return d;
    }

    private static string? CheckNote(string? value, string label = "备注")
    {
        var text = Clean(value);
        if (text is { Length: > MaxNote })
        {
            throw MealProblems.Invalid($"{label}不能超过 {MaxNote} 个字");
        }
        return text;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
