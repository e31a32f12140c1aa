using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Weather;

/// <summary>A warning as the office enters it. <see cref="Id"/> is made by the form (or client) once: a retry is the same warning.</summary>
public sealed record WarningInput(Guid? Id, WeatherKind? Kind, WarningLevel? Level, IReadOnlyList<string>? Townships, bool WholeCounty,
    DateTimeOffset? From, DateTimeOffset? To, string? Note);

public sealed record WarningAreaDto(string Code, string Name);

public sealed record WarningDto(Guid Id, WeatherKind Kind, WarningLevel Level, string Title, DateTimeOffset From, DateTimeOffset To,
    bool WholeCounty, List<WarningAreaDto> Areas, string? Note, string IssuedByName, DateTimeOffset IssuedAt, DateTimeOffset? CancelledAt,
    bool InForce, string Status, int Revisits, int Revisited, List<string> MealCentres);

/// <summary>A person on a warning's revisit list, as the caller may see it (ID number masked).</summary>
public sealed record RevisitDto(Guid TargetId, string Name, string IdNumber, string VillageCode, string VillageName, RiskFactors Reasons,
    string ReasonText, Guid? WorkerId, string? WorkerName, bool Revisited);

/// <summary>
/// Weather warnings (README.md): issuing makes, in one transaction, the warning, its revisit list and the meal periods of
/// the day-care centres, then the reminders to institutions and township officers (stored once each by their dedupe key);
/// cancelling ends the warning and its meal periods.
/// </summary>
public sealed class WeatherService(AppDbContext db, AuditLog audit, TimeProvider clock, Outbox outbox, WeatherBanner banner)
{
    public const int MaxDays = 15;
    public const int MaxNote = 500;
    public const string DayCareCentre = "日间照料中心";
    public const string InstitutionNotice = "weather-warning-institution";
    public const string TownshipNotice = "weather-warning-township";

    /// <summary>Issues a warning; a second call with the same id returns the first warning (Created false) and stores nothing new.</summary>
    public async Task<(WarningDto Warning, bool Created)> IssueAsync(CurrentUser user, WarningInput input, CancellationToken ct)
    {
        if (input.Id is { } existingId
            && await db.WeatherWarnings.AsNoTracking().AnyAsync(w => w.Id == existingId && w.CountyCode == user.CountyCode, ct))
        {
            // A retry of a stored warning: the same warning, and any reminder the first try did not store.
            await RemindAsync(existingId, ct);
            return (await GetAsync(user, existingId, ct), false);
        }
        var kind = input.Kind is { } k && Enum.IsDefined(k) ? k : throw new AppProblemException(WeatherProblems.KindRequired);
        var level = input.Level is { } l && Enum.IsDefined(l) ? l : throw new AppProblemException(WeatherProblems.LevelRequired);
        if (input.From is not { } fromInput || input.To is not { } toInput)
        {
            throw new AppProblemException(WeatherProblems.TimeInvalid);
        }
        var from = fromInput.ToUniversalTime();
        var to = toInput.ToUniversalTime();
        if (to <= from)
        {
            throw new AppProblemException(WeatherProblems.RangeInvalid);
        }
        if (to - from > TimeSpan.FromDays(MaxDays))
        {
            throw new AppProblemException(WeatherProblems.TooLong);
        }
        var now = clock.GetUtcNow();
        if (to <= now)
        {
            throw new AppProblemException(WeatherProblems.AlreadyOver);
        }
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > MaxNote })
        {
            throw new AppProblemException(WeatherProblems.NoteTooLong);
        }
        var areas = await AreasAsync(user, input, ct);

        var warning = new WeatherWarning
        {
            Id = input.Id ?? Guid.NewGuid(),
            CountyCode = user.CountyCode,
            Kind = kind,
            Level = level,
            From = from,
            To = to,
            Note = note,
            IssuedBy = user.Id,
            IssuedByName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50),
            IssuedAt = now,
        };
        warning.Areas = [.. areas.Select(a => new WeatherWarningArea
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            WarningId = warning.Id,
            TownshipCode = a.Code,
            OrgPath = a.Path,
        })];
        db.WeatherWarnings.Add(warning);
        var revisits = await RevisitListAsync(warning, ct);
        db.WarningRevisits.AddRange(revisits);
        var centres = WeatherRisk.SwitchesMealsOn(kind) ? await DayCareCentresAsync(warning, ct) : [];
        db.MealServicePeriods.AddRange(centres.Select(c => new MealServicePeriod
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            CentreCode = c.Code,
            OrgPath = c.Path,
            FromDay = ChinaTime.DayOf(from),
            // A warning that ends at midnight ends on the day before.
            ToDay = ChinaTime.DayOf(to.AddTicks(-1)),
            WarningId = warning.Id,
            Reason = WeatherNames.Title(kind, level),
            SwitchedBy = user.Id,
            SwitchedByName = warning.IssuedByName,
            CreatedAt = now,
        }));
        audit.Add(user, "issue", "weather-warning", warning.Id.ToString(), user.CountyCode, after: new
        {
            warning.Kind,
            warning.Level,
            From = ChinaTime.Text(from),
            To = ChinaTime.Text(to),
            Areas = areas.Select(a => a.Code).ToList(),
            warning.Note,
            Revisits = revisits.Count,
            MealCentres = centres.Select(c => c.Code).ToList(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e) && input.Id is not null)
        {
            // Two tries of one form at once: the other stored it.
            db.ChangeTracker.Clear();
            if (!await db.WeatherWarnings.AsNoTracking().AnyAsync(w => w.Id == warning.Id && w.CountyCode == user.CountyCode, ct))
            {
                // The id is taken outside the caller's county: a client's mistake, not this county's warning.
                throw new AppProblemException(Problems.Validation with { Message = "该预警编号已被使用，请刷新页面后重新填写" });
            }
            await RemindAsync(warning.Id, ct);
            return (await GetAsync(user, warning.Id, ct), false);
        }
        banner.Forget(user.CountyCode);
        await TouchAssignmentsAsync(user.CountyCode, warning.Id, now, ct);
        await RemindAsync(warning.Id, ct);
        return (await GetAsync(user, warning.Id, ct), true);
    }

    /// <summary>Ends a warning before its time: it leaves the banner and the plan, its meal periods are cancelled. Cancelling twice changes nothing.</summary>
    public async Task<WarningDto> CancelAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var warning = await db.WeatherWarnings.FirstOrDefaultAsync(w => w.Id == id && w.CountyCode == user.CountyCode, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (warning.CancelledAt is null)
        {
            var now = clock.GetUtcNow();
            warning.CancelledAt = now;
            var periods = await db.MealServicePeriods
                .Where(p => p.CountyCode == user.CountyCode && p.WarningId == id && p.CancelledAt == null).ToListAsync(ct);
            foreach (var period in periods)
            {
                period.CancelledAt = now;
            }
            audit.Add(user, "cancel", "weather-warning", id.ToString(), user.CountyCode,
                before: new { CancelledAt = (DateTimeOffset?)null }, after: new { CancelledAt = now, MealPeriodsCancelled = periods.Count });
            await db.SaveChangesAsync(ct);
            banner.Forget(user.CountyCode);
            await TouchAssignmentsAsync(user.CountyCode, id, now, ct);
        }
        return await GetAsync(user, id, ct);
    }

    /// <summary>
    /// Marks the assignments of the people on a warning's revisit list as changed, so that the workers' phones pick up
    /// the flag 预警回访 (or its end, when the warning is cancelled) at their next sync.
    /// </summary>
    private Task<int> TouchAssignmentsAsync(string countyCode, Guid warningId, DateTimeOffset now, CancellationToken ct) =>
        db.Assignments.Where(a => a.CountyCode == countyCode
                && db.WarningRevisits.Any(r => r.CountyCode == countyCode && r.WarningId == warningId && r.TargetId == a.TargetId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now), ct);

    /// <summary>The warnings that touch the caller's unit (newest first): a covered township or below, or any warning for the county's own accounts.</summary>
    public async Task<List<WarningDto>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        var warnings = await db.WeatherWarnings.AsNoTracking().Include(w => w.Areas)
            .Where(w => w.CountyCode == user.CountyCode)
            .OrderByDescending(w => w.IssuedAt).Take(200).ToListAsync(ct);
        var visible = warnings.Where(w => Touches(user.OrgPath, w.Areas.Select(a => a.OrgPath))).ToList();
        return await ToDtosAsync(user, visible, ct);
    }

    public async Task<WarningDto> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var warning = await db.WeatherWarnings.AsNoTracking().Include(w => w.Areas)
            .FirstOrDefaultAsync(w => w.Id == id && w.CountyCode == user.CountyCode, ct);
        if (warning is null || !Touches(user.OrgPath, warning.Areas.Select(a => a.OrgPath)))
        {
            throw new AppProblemException(Problems.NotFound);
        }
        return (await ToDtosAsync(user, [warning], ct))[0];
    }

    /// <summary>The revisit list of a warning, the part under the caller's unit, with whether each person was visited since the warning began.</summary>
    public async Task<List<RevisitDto>> RevisitsAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var warning = await GetAsync(user, id, ct);
        var since = warning.From;
        var rows = await (from r in db.WarningRevisits.AsNoTracking()
                          where r.CountyCode == user.CountyCode && r.WarningId == id && r.OrgPath.StartsWith(user.OrgPath)
                          join t in db.Targets on r.TargetId equals t.Id
                          join o in db.OrgUnits on t.OrgUnitCode equals o.Code
                          orderby o.Code, t.Name
                          select new
                          {
                              r.TargetId,
                              t.Name,
                              t.IdNumber,
                              VillageCode = o.Code,
                              VillageName = o.Name,
                              r.Reasons,
                              r.WorkerId,
                              Revisited = db.Visits.Any(v => v.TargetId == r.TargetId && v.StartedAt > since),
                          }).ToListAsync(ct);
        var workerIds = rows.Where(r => r.WorkerId is not null).Select(r => r.WorkerId!.Value).Distinct().ToList();
        var workers = await db.Users.AsNoTracking().Where(u => workerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. rows.Select(r => new RevisitDto(r.TargetId, r.Name, Masking.IdNumber(r.IdNumber), r.VillageCode, r.VillageName, r.Reasons,
            WeatherNames.FactorList(r.Reasons), r.WorkerId, r.WorkerId is { } w ? workers.GetValueOrDefault(w) : null, r.Revisited))];
    }

    /// <summary>The warnings in force or still to come (not cancelled) that touch the caller's unit, each with its revisit list (the township's plan).</summary>
    public async Task<List<(WarningDto Warning, List<RevisitDto> Revisits)>> CurrentWithRevisitsAsync(CurrentUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var result = new List<(WarningDto, List<RevisitDto>)>();
        foreach (var warning in (await ListAsync(user, ct)).Where(w => w.CancelledAt is null && now < w.To))
        {
            result.Add((warning, await RevisitsAsync(user, warning.Id, ct)));
        }
        return result;
    }

    /// <summary>Whether a unit (its path) is touched by a warning over these areas: inside a covered area, or above one (the county's accounts).</summary>
    public static bool Touches(string unitPath, IEnumerable<string> areaPaths) =>
        areaPaths.Any(a => unitPath.StartsWith(a, StringComparison.Ordinal) || a.StartsWith(unitPath, StringComparison.Ordinal));

    private sealed record Unit(string Code, string Name, string Path, OrgUnitKind Kind);

    /// <summary>The covered areas: the county itself (全县, which also covers the institutions the county runs) or the chosen townships.</summary>
    private async Task<List<Unit>> AreasAsync(CurrentUser user, WarningInput input, CancellationToken ct)
    {
        if (input.WholeCounty)
        {
            var county = await db.OrgUnits.AsNoTracking().Where(o => o.Code == user.CountyCode && o.Kind == OrgUnitKind.County)
                .Select(o => new Unit(o.Code, o.Name, o.Path, o.Kind)).FirstOrDefaultAsync(ct);
            return county is null ? throw new AppProblemException(WeatherProblems.TownshipUnknown) : [county];
        }
        var codes = (input.Townships ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            throw new AppProblemException(WeatherProblems.TownshipsRequired);
        }
        if (codes.Count > 200 || codes.Any(c => c.Length > 24))
        {
            throw new AppProblemException(WeatherProblems.TownshipUnknown);
        }
        var units = await db.OrgUnits.AsNoTracking()
            .Where(o => codes.Contains(o.Code) && o.Kind == OrgUnitKind.Township && o.CountyCode == user.CountyCode)
            .OrderBy(o => o.Code).Select(o => new Unit(o.Code, o.Name, o.Path, o.Kind)).ToListAsync(ct);
        return units.Count != codes.Count ? throw new AppProblemException(WeatherProblems.TownshipUnknown) : units;
    }

    private sealed record Candidate(Guid Id, string OrgPath, TargetCategory Categories, HeatingKind? Heating, bool Bedridden, bool HouseAtRisk);

    /// <summary>The active people registered in the villages of the covered areas with at least one factor this kind of weather counts.</summary>
    private async Task<List<WarningRevisit>> RevisitListAsync(WeatherWarning warning, CancellationToken ct)
    {
        var counted = WeatherRisk.Counted(warning.Kind);
        var items = WeatherRisk.HeatingItems.Concat(WeatherRisk.HouseItems).ToList();
        const TargetCategory Categories = TargetCategory.LivingAlone | TargetCategory.GuguaElderly | TargetCategory.Disabled;
        var county = warning.CountyCode;
        var campaign = await CampaignEndpoints.CurrentAsync(db, county, ct);
        var rows = new List<WarningRevisit>();
        foreach (var path in warning.Areas.Select(a => a.OrgPath))
        {
            // Only those who could have a factor are read: the registry's flags, or a hazard of the ledger that tells one.
            var candidates = await db.Targets.AsNoTracking()
                .Where(t => t.CountyCode == county && t.OrgPath.StartsWith(path) && t.Status == TargetStatus.Active
                    && db.OrgUnits.Any(o => o.Code == t.OrgUnitCode && o.Kind == OrgUnitKind.Village)
                    && ((t.Categories & Categories) != 0 || t.Heating == HeatingKind.Coal || t.Heating == HeatingKind.Charcoal
                        || t.Bedridden || t.HouseAtRisk
                        || db.Hazards.Any(h => h.TargetId == t.Id && (h.Severity == Severity.Critical || items.Contains(h.ItemCode!)))))
                .Select(t => new Candidate(t.Id, t.OrgPath, t.Categories, t.Heating, t.Bedridden, t.HouseAtRisk))
                .ToListAsync(ct);
            var hazards = (await db.Hazards.AsNoTracking()
                    .Where(h => h.CountyCode == county && h.TargetId != null && h.OrgPath.StartsWith(path)
                        && (h.Severity == Severity.Critical || items.Contains(h.ItemCode!)))
                    .Select(h => new { TargetId = h.TargetId!.Value, h.ItemCode, h.Severity }).ToListAsync(ct))
                .ToLookup(h => h.TargetId, h => (h.ItemCode, h.Severity));
            var workers = campaign is null
                ? []
                : await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaign.Id && a.OrgPath.StartsWith(path))
                    .Select(a => new { a.TargetId, a.WorkerId }).ToListAsync(ct);
            var workerOf = workers.GroupBy(a => a.TargetId).ToDictionary(g => g.Key, g => g.First().WorkerId);
            foreach (var person in candidates)
            {
                var reasons = WeatherRisk.Of(person.Categories, person.Heating, person.Bedridden, person.HouseAtRisk, hazards[person.Id]) & counted;
                if (reasons == RiskFactors.None)
                {
                    continue;
                }
                rows.Add(new WarningRevisit
                {
                    Id = Guid.NewGuid(),
                    CountyCode = county,
                    WarningId = warning.Id,
                    TargetId = person.Id,
                    OrgPath = person.OrgPath,
                    Reasons = reasons,
                    WorkerId = workerOf.TryGetValue(person.Id, out var worker) ? worker : null,
                    ListedAt = warning.IssuedAt,
                });
            }
        }
        return rows;
    }

    private async Task<List<Unit>> DayCareCentresAsync(WeatherWarning warning, CancellationToken ct)
    {
        var centres = new List<Unit>();
        foreach (var path in warning.Areas.Select(a => a.OrgPath))
        {
            centres.AddRange(await db.OrgUnits.AsNoTracking()
                .Where(o => o.CountyCode == warning.CountyCode && o.Kind == OrgUnitKind.Institution && o.InstitutionType == DayCareCentre
                    && o.Path.StartsWith(path))
                .Select(o => new Unit(o.Code, o.Name, o.Path, o.Kind)).ToListAsync(ct));
        }
        return [.. centres.DistinctBy(c => c.Code)];
    }

    /// <summary>
    /// The reminders of a warning: each institution under the covered areas (its staff) about 24-hour duty, patrols and
    /// outings; the officers of each covered township about the revisit list. Each is stored once (its dedupe key), so a
    /// retry of the issue stores only what the first try did not.
    /// </summary>
    private async Task RemindAsync(Guid id, CancellationToken ct)
    {
        var warning = await db.WeatherWarnings.AsNoTracking().Include(w => w.Areas).FirstAsync(w => w.Id == id, ct);
        if (warning.CancelledAt is not null)
        {
            return;
        }
        var title = WeatherNames.Title(warning.Kind, warning.Level);
        var span = $"{ChinaTime.Text(warning.From)} 至 {ChinaTime.Text(warning.To)}";
        var link = $"/Weather/Details/{id}";
        var now = clock.GetUtcNow();
        var notifications = new List<Notification>();
        var townships = new List<Unit>();
        foreach (var path in warning.Areas.Select(a => a.OrgPath))
        {
            var institutions = await db.OrgUnits.AsNoTracking()
                .Where(o => o.CountyCode == warning.CountyCode && o.Kind == OrgUnitKind.Institution && o.Path.StartsWith(path))
                .Select(o => new Unit(o.Code, o.Name, o.Path, o.Kind)).ToListAsync(ct);
            notifications.AddRange(institutions.Select(i => new Notification
            {
                CountyCode = warning.CountyCode,
                OrgUnitCode = i.Code,
                RoleKey = Roles.Key(Role.InstitutionStaff),
                DedupeKey = $"weather:{id:N}:institution:{i.Code}",
                Kind = InstitutionNotice,
                Title = $"{title}：请落实值班巡查",
                Body = $"{span}，{title}。请严格执行24小时值班和巡查制度，检查供暖、供水、供电和防滑措施，"
                    + "劝导老年人不要在雨雪大风天气下私自、独自外出，有情况及时报告乡镇和县民政局。",
                Link = link,
                CreatedAt = now,
            }));
            townships.AddRange(await db.OrgUnits.AsNoTracking()
                .Where(o => o.CountyCode == warning.CountyCode && o.Kind == OrgUnitKind.Township && o.Path.StartsWith(path))
                .Select(o => new Unit(o.Code, o.Name, o.Path, o.Kind)).ToListAsync(ct));
        }
        var counts = await db.WarningRevisits.AsNoTracking().Where(r => r.CountyCode == warning.CountyCode && r.WarningId == id)
            .Select(r => r.OrgPath).ToListAsync(ct);
        foreach (var township in townships.DistinctBy(t => t.Code))
        {
            var count = counts.Count(p => p.StartsWith(township.Path, StringComparison.Ordinal));
            notifications.Add(new Notification
            {
                CountyCode = warning.CountyCode,
                OrgUnitCode = township.Code,
                RoleKey = Roles.Key(Role.TownshipOfficer),
                DedupeKey = $"weather:{id:N}:township:{township.Code}",
                Kind = TownshipNotice,
                Title = $"{title}：{township.Name}有 {count} 人需回访",
                Body = $"{span}，{title}。已在入户计划中生成天气预警回访名单（{count} 人：燃煤炭火取暖、独居、卧床、危旧房屋等），"
                    + "请安排入户人员尽快回访，并督促辖区养老机构落实值班巡查。",
                Link = link,
                CreatedAt = now,
            });
        }
        await outbox.StoreNewAsync([], notifications, ct);
    }

    private async Task<List<WarningDto>> ToDtosAsync(CurrentUser user, List<WeatherWarning> warnings, CancellationToken ct)
    {
        if (warnings.Count == 0)
        {
            return [];
        }
        var ids = warnings.Select(w => w.Id).ToList();
        var areaCodes = warnings.SelectMany(w => w.Areas).Select(a => a.TownshipCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => areaCodes.Contains(o.Code))
            .ToDictionaryAsync(o => o.Code, o => o.Name, StringComparer.Ordinal, ct);
        var revisits = await db.WarningRevisits.AsNoTracking()
            .Where(r => r.CountyCode == user.CountyCode && ids.Contains(r.WarningId) && r.OrgPath.StartsWith(user.OrgPath))
            .Select(r => new { r.WarningId, r.TargetId }).ToListAsync(ct);
        var centres = await (from p in db.MealServicePeriods.AsNoTracking()
                             where p.CountyCode == user.CountyCode && p.WarningId != null && ids.Contains(p.WarningId.Value)
                             join o in db.OrgUnits on p.CentreCode equals o.Code
                             select new { WarningId = p.WarningId!.Value, o.Name, o.Path }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var result = new List<WarningDto>();
        foreach (var w in warnings)
        {
            var mine = revisits.Where(r => r.WarningId == w.Id).Select(r => r.TargetId).ToList();
            var revisited = mine.Count == 0 ? 0 : await db.Visits.AsNoTracking()
                .Where(v => v.CountyCode == user.CountyCode && v.TargetId != null && v.StartedAt > w.From
                    && db.WarningRevisits.Any(r => r.WarningId == w.Id && r.TargetId == v.TargetId && r.OrgPath.StartsWith(user.OrgPath)))
                .Select(v => v.TargetId).Distinct().CountAsync(ct);
            var wholeCounty = w.Areas.Any(a => a.TownshipCode == w.CountyCode);
            result.Add(new WarningDto(w.Id, w.Kind, w.Level, WeatherNames.Title(w.Kind, w.Level), w.From, w.To, wholeCounty,
                [.. w.Areas.OrderBy(a => a.TownshipCode, StringComparer.Ordinal).Select(a => new WarningAreaDto(a.TownshipCode,
                    wholeCounty ? "全县" : names.GetValueOrDefault(a.TownshipCode, a.TownshipCode)))],
                w.Note, w.IssuedByName, w.IssuedAt, w.CancelledAt, w.CancelledAt is null && w.From <= now && now < w.To,
                w.CancelledAt is not null ? "cancelled" : now < w.From ? "upcoming" : now < w.To ? "in-force" : "over",
                mine.Count, revisited,
                [.. centres.Where(c => c.WarningId == w.Id && c.Path.StartsWith(user.OrgPath, StringComparison.Ordinal)).Select(c => c.Name)]));
        }
        return result;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
