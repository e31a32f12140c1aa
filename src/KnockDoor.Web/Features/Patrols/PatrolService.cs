using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Visits;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Patrols;

public sealed record PatrolRequest(Guid? ClientId, DateTimeOffset? At, string? OrgUnitCode, string? Area, string? Members, PatrolPartners? Partners,
    string? Note);

public sealed record PersonRequest(Guid? ClientId, DateTimeOffset? FoundAt, string? Description, string? Place, string? Condition, HelpGiven? Help,
    string? HelpNote);

public sealed record PersonDto(Guid Id, Guid ClientId, Guid? PatrolId, Guid? LeadId, string OrgUnitCode, DateTimeOffset FoundAt, DateOnly Day,
    string Description, string Place, string? Condition, HelpGiven Help, string? HelpNote, bool HasPhoto, string RecordedByName, DateTimeOffset ReceivedAt);

public sealed record PatrolDto(Guid Id, Guid ClientId, string OrgUnitCode, string OrgUnitName, DateTimeOffset At, DateOnly Day, string Area, string Members,
    PatrolPartners Partners, string? Note, string RecordedByName, DateTimeOffset ReceivedAt, int PersonsFound, int PersonsHelped);

public sealed record PatrolDetailsDto(PatrolDto Patrol, List<PersonDto> Persons);

/// <summary>A stored record and whether this call stored it (false: the same client id was sent before, the first record is returned).</summary>
public sealed record Stored<T>(T Value, bool Created);

/// <summary>
/// Street patrols (街面巡查) and the people found on them or through a lead, with the help given. A record's client id is made
/// once by the form or the app: a second post of it returns the first record and stores nothing.
/// </summary>
public sealed class PatrolService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxArea = 500;
    public const int MaxMembers = 500;
    public const int MaxNote = 2000;
    public const int MaxDescription = 500;
    public const int MaxPlace = 200;
    public const int MaxCondition = 500;
    public const int MaxHelpNote = 500;
    public const int MaxPhotoBytes = VisitPhotos.MaxPhotoBytes;


    /// <summary>"Something was found and helped": any help other than only declining it.</summary>
    public static bool Helped(HelpGiven help) => (help & ~HelpGiven.Declined) != HelpGiven.None;

    public async Task<List<PatrolDto>> ListAsync(CurrentUser user, DateOnly? day, string? orgUnitCode, int take, CancellationToken ct)
    {
        var query = db.StreetPatrols.AsNoTracking().VisibleTo(user);
        if (day is { } d)
        {
            query = query.Where(p => p.Day == d);
        }
        if (Clean(orgUnitCode) is { } code)
        {
            var path = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Code == code).Select(o => o.Path).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.OrgUnitUnknown);
            query = query.Where(p => p.OrgPath.StartsWith(path));
        }
        var patrols = await query.OrderByDescending(p => p.At).ThenByDescending(p => p.ReceivedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return await ToDtosAsync(patrols, ct);
    }

    public async Task<PatrolDetailsDto> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var patrol = await db.StreetPatrols.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var persons = await db.PersonsFound.AsNoTracking().VisibleTo(user).Where(p => p.PatrolId == id).OrderBy(p => p.FoundAt)
            .Select(ToPersonDto).ToListAsync(ct);
        return new PatrolDetailsDto((await ToDtosAsync([patrol], ct))[0], persons);
    }

    public async Task<Stored<PatrolDto>> RecordAsync(CurrentUser user, PatrolRequest request, CancellationToken ct)
    {
        var clientId = request.ClientId is { } c && c != Guid.Empty ? c : throw PatrolProblems.Invalid("ClientId", "缺少记录编号(clientId)，请刷新页面后重新填写");
        if (await db.StreetPatrols.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(p => p.ClientId == clientId, ct) is { } first)
        {
            return await ReplayAsync(first, request, ct);
        }
        var area = Required(request.Area, "Area", "巡查区域", MaxArea);
        var members = Required(request.Members, "Members", "巡查人员", MaxMembers);
        var note = Optional(request.Note, "Note", "备注", MaxNote);
        var at = NotInFuture(request.At, "At", "巡查时间");
        var partners = request.Partners ?? PatrolPartners.None;
        if ((partners & ~(PatrolPartners.Police | PatrolPartners.Community | PatrolPartners.Village | PatrolPartners.Volunteers | PatrolPartners.Other)) != 0)
        {
            throw PatrolProblems.Invalid("Partners", "联合巡查单位有误");
        }
        var unit = await PatrolUnitAsync(user, request.OrgUnitCode, ct);
        var patrol = new StreetPatrol
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            OrgUnitCode = unit.Code,
            OrgPath = unit.Path,
            ClientId = clientId,
            At = at,
            Day = ChinaTime.DayOf(at),
            Area = area,
            Members = members,
            Partners = partners,
            Note = note,
            RecordedBy = user.Id,
            RecordedByName = ActorName(user),
            ReceivedAt = clock.GetUtcNow(),
        };
        db.StreetPatrols.Add(patrol);
        audit.Add(user, AuditActions.Create, "street-patrol", patrol.Id.ToString(), patrol.OrgUnitCode,
            after: new { patrol.At, patrol.Area, patrol.Members, patrol.Partners });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            // The same client id stored at the same moment by a second tap: that one is the record.
            db.ChangeTracker.Clear();
            var stored = await db.StreetPatrols.AsNoTracking().FirstAsync(p => p.CountyCode == user.CountyCode && p.ClientId == clientId, ct);
            return await ReplayAsync(stored, request, ct);
        }
        return new((await ToDtosAsync([patrol], ct))[0], true);
    }

    /// <summary>A person found on a patrol (<paramref name="patrolId"/>) or through a lead (<paramref name="leadId"/>).</summary>
    public async Task<Stored<PersonDto>> RecordPersonAsync(CurrentUser user, Guid? patrolId, Guid? leadId, PersonRequest request, IFormFile? photo,
        CancellationToken ct)
    {
        string orgUnitCode, orgPath;
        PublicLead? lead = null;
        if (patrolId is { } pid)
        {
            var patrol = await db.StreetPatrols.AsNoTracking().VisibleTo(user).Where(p => p.Id == pid)
                .Select(p => new { p.OrgUnitCode, p.OrgPath }).FirstOrDefaultAsync(ct)
                ?? throw new AppProblemException(Problems.NotFound);
            (orgUnitCode, orgPath) = (patrol.OrgUnitCode, patrol.OrgPath);
        }
        else if (leadId is { } lid)
        {
            lead = await db.PublicLeads.VisibleTo(user).FirstOrDefaultAsync(l => l.Id == lid, ct)
                ?? throw new AppProblemException(Problems.NotFound);
            (orgUnitCode, orgPath) = (lead.OrgUnitCode, lead.OrgPath);
        }
        else
        {
            throw new AppProblemException(Problems.NotFound);
        }
        var clientId = request.ClientId is { } c && c != Guid.Empty ? c : throw PatrolProblems.Invalid("ClientId", "缺少记录编号(clientId)，请刷新页面后重新填写");
        if (await db.PersonsFound.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(p => p.ClientId == clientId, ct) is { } first)
        {
            return ReplayPerson(first, patrolId, leadId, request);
        }
        if (lead is { Status: LeadStatus.Closed })
        {
            throw new AppProblemException(PatrolProblems.LeadClosed);
        }
        var description = Required(request.Description, "Description", "人员情况描述", MaxDescription);
        var place = Required(request.Place, "Place", "发现地点", MaxPlace);
        var condition = Optional(request.Condition, "Condition", "身体状况", MaxCondition);
        var helpNote = Optional(request.HelpNote, "HelpNote", "救助说明", MaxHelpNote);
        var foundAt = NotInFuture(request.FoundAt, "FoundAt", "发现时间");
        var help = request.Help ?? HelpGiven.None;
        const HelpGiven all = HelpGiven.EscortedToStation | HelpGiven.FoodAndClothing | HelpGiven.SentToHospital | HelpGiven.ReturnedHome
            | HelpGiven.Declined | HelpGiven.Other;
        if (help == HelpGiven.None || (help & ~all) != 0)
        {
            throw new AppProblemException(PatrolProblems.HelpRequired.With("field", "Help"));
        }
        if (help.HasFlag(HelpGiven.Declined) && help != HelpGiven.Declined)
        {
            throw PatrolProblems.Invalid("Help", "“拒绝救助”不能与其他救助措施同时选择");
        }
        if (help.HasFlag(HelpGiven.Other) && helpNote is null)
        {
            throw PatrolProblems.Invalid("HelpNote", "选择“其他”时，请写明采取的救助措施");
        }
        var (content, type) = await ReadPhotoAsync(photo, ct);
        var now = clock.GetUtcNow();
        var person = new PersonFound
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            OrgUnitCode = orgUnitCode,
            OrgPath = orgPath,
            ClientId = clientId,
            PatrolId = patrolId,
            LeadId = leadId,
            FoundAt = foundAt,
            Day = ChinaTime.DayOf(foundAt),
            Description = description,
            Place = place,
            Condition = condition,
            Help = help,
            HelpNote = helpNote,
            Photo = content,
            PhotoContentType = type,
            RecordedBy = user.Id,
            RecordedByName = ActorName(user),
            ReceivedAt = now,
        };
        db.PersonsFound.Add(person);
        if (lead is { Status: LeadStatus.New })
        {
            // A person found through a lead: the lead is being followed up.
            lead.Status = LeadStatus.FollowingUp;
            lead.HandledBy = user.Id;
            lead.HandledByName = person.RecordedByName;
            lead.HandledAt = now;
            lead.Version++;
        }
        audit.Add(user, AuditActions.Create, "person-found", person.Id.ToString(), orgUnitCode,
            after: new { person.PatrolId, person.LeadId, person.FoundAt, person.Help, Photo = content?.Length });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new AppProblemException(PatrolProblems.LeadVersionConflict);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            var stored = await db.PersonsFound.AsNoTracking().FirstAsync(p => p.CountyCode == user.CountyCode && p.ClientId == clientId, ct);
            return ReplayPerson(stored, patrolId, leadId, request);
        }
        return new(ToPerson(person), true);
    }

    public async Task<List<PersonDto>> PersonsOfLeadAsync(CurrentUser user, Guid leadId, CancellationToken ct) =>
        await db.PersonsFound.AsNoTracking().VisibleTo(user).Where(p => p.LeadId == leadId).OrderBy(p => p.FoundAt).Select(ToPersonDto).ToListAsync(ct);

    /// <summary>The photo of a person found, for a caller in scope; every view is audited.</summary>
    public async Task<(byte[] Content, string ContentType)> PhotoAsync(CurrentUser user, Guid personId, CancellationToken ct)
    {
        var photo = await db.PersonsFound.AsNoTracking().VisibleTo(user).Where(p => p.Id == personId && p.Photo != null)
            .Select(p => new { p.Photo, p.PhotoContentType, p.OrgUnitCode }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        audit.Add(user, AuditActions.ViewFull, "person-found-photo", personId.ToString(), photo.OrgUnitCode);
        await db.SaveChangesAsync(ct);
        return (photo.Photo!, photo.PhotoContentType ?? "image/jpeg");
    }

    /// <summary>Where a patrol is recorded: the caller's own township (or county), or a township of the county office's choice.</summary>
    private async Task<(string Code, string Path)> PatrolUnitAsync(CurrentUser user, string? orgUnitCode, CancellationToken ct)
    {
        var code = Clean(orgUnitCode) ?? user.OrgUnitCode;
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user)
            .Where(o => o.Code == code && o.CountyCode == user.CountyCode && (o.Kind == OrgUnitKind.Township || o.Kind == OrgUnitKind.County))
            .Select(o => new { o.Code, o.Path }).FirstOrDefaultAsync(ct);
        return unit is null ? throw new AppProblemException(PatrolProblems.OrgUnitInvalid.With("field", "OrgUnitCode")) : (unit.Code, unit.Path);
    }

    private static async Task<(byte[]? Content, string? Type)> ReadPhotoAsync(IFormFile? photo, CancellationToken ct)
    {
        if (photo is null || photo.Length == 0)
        {
            return (null, null);
        }
        if (photo.Length > MaxPhotoBytes)
        {
            throw new AppProblemException(PatrolProblems.PhotoTooLarge.With("field", "Photo"));
        }
        var content = await photo.ReadAllAsync(ct);
        var type = VisitPhotos.SniffType(content);
        return type is "image/jpeg" or "image/png" ? (content, type) : throw new AppProblemException(PatrolProblems.PhotoType.With("field", "Photo"));
    }

    private async Task<Stored<PatrolDto>> ReplayAsync(StreetPatrol first, PatrolRequest request, CancellationToken ct)
    {
        if (Clean(request.Area) != first.Area || Clean(request.Members) != first.Members || (request.At is { } at && ToSecond(at) != first.At))
        {
            throw new AppProblemException(PatrolProblems.ClientIdConflict);
        }
        return new((await ToDtosAsync([first], ct))[0], false);
    }

    private static Stored<PersonDto> ReplayPerson(PersonFound first, Guid? patrolId, Guid? leadId, PersonRequest request)
    {
        if (first.PatrolId != patrolId || first.LeadId != leadId || Clean(request.Description) != first.Description || Clean(request.Place) != first.Place)
        {
            throw new AppProblemException(PatrolProblems.ClientIdConflict);
        }
        return new(ToPerson(first), false);
    }

    private async Task<List<PatrolDto>> ToDtosAsync(List<StreetPatrol> patrols, CancellationToken ct)
    {
        var ids = patrols.Select(p => p.Id).ToList();
        var codes = patrols.Select(p => p.OrgUnitCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var helps = await db.PersonsFound.AsNoTracking().Where(p => p.PatrolId != null && ids.Contains(p.PatrolId.Value))
            .Select(p => new { PatrolId = p.PatrolId!.Value, p.Help }).ToListAsync(ct);
        return [.. patrols.Select(p => new PatrolDto(p.Id, p.ClientId, p.OrgUnitCode, names.GetValueOrDefault(p.OrgUnitCode, p.OrgUnitCode), p.At, p.Day,
            p.Area, p.Members, p.Partners, p.Note, p.RecordedByName, p.ReceivedAt,
            helps.Count(h => h.PatrolId == p.Id), helps.Count(h => h.PatrolId == p.Id && Helped(h.Help))))];
    }

    private static readonly System.Linq.Expressions.Expression<Func<PersonFound, PersonDto>> ToPersonDto = p => new PersonDto(p.Id, p.ClientId,
        p.PatrolId, p.LeadId, p.OrgUnitCode, p.FoundAt, p.Day, p.Description, p.Place, p.Condition, p.Help, p.HelpNote, p.Photo != null,
        p.RecordedByName, p.ReceivedAt);

    private static PersonDto ToPerson(PersonFound p) => new(p.Id, p.ClientId, p.PatrolId, p.LeadId, p.OrgUnitCode, p.FoundAt, p.Day, p.Description,
        p.Place, p.Condition, p.Help, p.HelpNote, p.Photo is not null, p.RecordedByName, p.ReceivedAt);

    private DateTimeOffset NotInFuture(DateTimeOffset? value, string field, string label)
    {
        var at = value ?? throw PatrolProblems.Invalid(field, $"请填写{label}");
        if (ChinaTime.IsInFuture(at, clock.GetUtcNow()))
        {
            throw new AppProblemException((PatrolProblems.InFuture with { Message = $"{label}不能晚于现在" }).With("field", field));
        }
        return ToSecond(at);
    }

    /// <summary>Stored to the second, in UTC: a replay compares equal on both engines.</summary>
    private static DateTimeOffset ToSecond(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    internal static string Required(string? value, string field, string label, int max) =>
        Optional(value, field, label, max) ?? throw PatrolProblems.Invalid(field, $"请填写{label}");

    internal static string? Optional(string? value, string field, string label, int max)
    {
        var text = Clean(value);
        return text is { Length: var n } && n > max ? throw PatrolProblems.Invalid(field, $"{label}不能超过 {max} 个字") : text;
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static string ActorName(CurrentUser user)
    {
        var name = user.DisplayName.Length > 0 ? user.DisplayName : user.UserName;
        return name.Length <= 50 ? name : name[..50];
    }
}
