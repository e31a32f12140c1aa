using System.Security.Cryptography;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>The public lead page's settings (Leads:*).</summary>
public sealed class LeadOptions
{
    /// <summary>Leads one IP address may send per window.</summary>
    public int PermitLimit { get; set; } = 5;
    public int WindowMinutes { get; set; } = 10;
    /// <summary>Leads the whole server takes per window, from everyone.</summary>
    public int GlobalPermitLimit { get; set; } = 200;
    /// <summary>The county whose townships the page offers; empty: the county of the database (the first by code).</summary>
    public string? CountyCode { get; set; }
    /// <summary>The address printed in the poster's QR code (e.g. https://knockdoor.example.gov.cn); empty: the request's own.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// What a member of the public sends. Nothing else is taken. <paramref name="FormId"/> is made when the page is opened: the
/// same form sent twice (a double tap, a retry) stores one lead.
/// </summary>
public sealed record LeadSubmission(Guid? FormId, string? TownshipCode, string? Place, string? Note, string? Phone);

/// <summary>All the sender ever sees back: the reference and the township's hotline (if known).</summary>
public sealed record LeadReceipt(string Reference, string TownshipName, string? Hotline);

public sealed record TownshipChoice(string Code, string Name);

public sealed record LeadListItem(Guid Id, string Reference, string OrgUnitCode, string TownshipName, DateTimeOffset ReceivedAt, string Place, string? Note,
    string? PhoneMasked, LeadStatus Status, string? HandledByName, int Version);

public sealed record LeadDto(Guid Id, string Reference, string OrgUnitCode, string TownshipName, DateTimeOffset ReceivedAt, string Place, string? Note,
    string? Phone, LeadStatus Status, string? FollowUpNote, string? HandledByName, DateTimeOffset? HandledAt, DateTimeOffset? ClosedAt, int Version,
    List<PersonDto> Persons);

public sealed record LeadMove(string? Note, int? Version);

/// <summary>
/// Leads from the public (群众线索): sent without signing in from /lead, they land with the township, whose officers are
/// told in the app once; the township follows each one up and closes it. The sender gets a reference and nothing else.
/// </summary>
public sealed class LeadService(AppDbContext db, AuditLog audit, TimeProvider clock, IOptions<LeadOptions> options, PatrolService patrols)
{
    public const int MaxPlace = 200;
    public const int MaxNote = 500;
    public const int MaxPhone = 20;
    public const int MaxFollowUp = 2000;
    /// <summary>The largest body the public page reads.</summary>
    public const int MaxBodyBytes = 32 * 1024;
    public const string NotificationKind = "public-lead";
    private const string ReferenceChars = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>The county the public page serves.</summary>
    public async Task<string?> CountyAsync(CancellationToken ct) =>
        PatrolService.Clean(options.Value.CountyCode)
        ?? await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.County).OrderBy(o => o.Code).Select(o => o.Code).FirstOrDefaultAsync(ct);

    public async Task<List<TownshipChoice>> TownshipsAsync(CancellationToken ct)
    {
        var county = await CountyAsync(ct);
        return await db.OrgUnits.AsNoTracking().Where(o => o.CountyCode == county && o.Kind == OrgUnitKind.Township).OrderBy(o => o.Code)
            .Select(o => new TownshipChoice(o.Code, o.Name)).ToListAsync(ct);
    }

    /// <summary>A township of the page's county, or null.</summary>
    public async Task<TownshipChoice?> TownshipAsync(string? code, CancellationToken ct)
    {
        var c = PatrolService.Clean(code);
        if (c is null || c.Length > 24)
        {
            return null;
        }
        var county = await CountyAsync(ct);
        return await db.OrgUnits.AsNoTracking().Where(o => o.Code == c && o.CountyCode == county && o.Kind == OrgUnitKind.Township)
            .Select(o => new TownshipChoice(o.Code, o.Name)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Stores a lead from the public with the township officers' notification, in one unit of work.</summary>
    public async Task<LeadReceipt> SubmitAsync(LeadSubmission submission, CancellationToken ct)
    {
        var place = PatrolService.Required(submission.Place, "Place", "地点", MaxPlace);
        var note = PatrolService.Optional(submission.Note, "Note", "情况说明", MaxNote);
        var phone = PatrolService.Optional(submission.Phone, "Phone", "联系电话", MaxPhone);
        if (phone is not null && !IsPhone(phone))
        {
            throw PatrolProblems.Invalid("Phone", "联系电话只能填写数字（可带区号和“-”）");
        }
        var code = PatrolService.Clean(submission.TownshipCode);
        var county = await CountyAsync(ct);
        var township = code is null || code.Length > 24 ? null : await db.OrgUnits.AsNoTracking()
            .Where(o => o.Code == code && o.CountyCode == county && o.Kind == OrgUnitKind.Township)
            .Select(o => new { o.Code, o.Name, o.Path, o.CountyCode, o.ContactPhone }).FirstOrDefaultAsync(ct);
        if (township is null)
        {
            throw new AppProblemException(PatrolProblems.LeadTownshipUnknown.With("field", "TownshipCode"));
        }
        // The form's id is the key of the officers' notification (unique): a second post of the same form meets it and gets the
        // first lead's reference back, and nothing is stored twice.
        var dedupeKey = "lead-form:" + (submission.FormId is { } f && f != Guid.Empty ? f : Guid.NewGuid()).ToString("N");
        if (await FirstOfFormAsync(dedupeKey, township.Name, township.ContactPhone, ct) is { } first)
        {
            return first;
        }
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var lead = new PublicLead
            {
                Id = Guid.NewGuid(),
                CountyCode = township.CountyCode,
                OrgUnitCode = township.Code,
                OrgPath = township.Path,
                Reference = NewReference(),
                ReceivedAt = now,
                Day = ChinaTime.DayOf(now),
                Place = place,
                Note = note,
                ContactPhone = phone,
                Status = LeadStatus.New,
                Version = 1,
            };
            db.PublicLeads.Add(lead);
            // Exactly once: the notification is stored with the lead, and its key is the lead's.
            db.Notifications.Add(new Notification
            {
                CountyCode = lead.CountyCode,
                OrgUnitCode = township.Code,
                RoleKey = Roles.Key(Role.TownshipOfficer),
                DedupeKey = dedupeKey,
                Kind = NotificationKind,
                Title = Cut($"群众线索 {lead.Reference}：{place}", 200),
                Body = Cut($"{township.Name}收到群众线索（{lead.Reference}）：{place}。{note}请及时核实处置。", 2000),
                Link = $"/Patrols/Leads/{lead.Id}",
                CreatedAt = now,
            });
            audit.Add(null, AuditActions.Create, "public-lead", lead.Id.ToString(), township.Code, countyCode: township.CountyCode,
                after: new { lead.Reference, HasPhone = phone is not null });
            try
            {
                await db.SaveChangesAsync(ct);
                return new LeadReceipt(lead.Reference, township.Name, PatrolService.Clean(township.ContactPhone));
            }
            catch (DbUpdateException e) when (Database.IsUniqueViolation(e) && attempt < 3)
            {
                db.ChangeTracker.Clear();
                if (await FirstOfFormAsync(dedupeKey, township.Name, township.ContactPhone, ct) is { } stored)
                {
                    return stored;
                }
                // Otherwise the reference was taken (one in a billion): another one.
            }
        }
    }

    /// <summary>The receipt of the lead a form already sent, if it did.</summary>
    private async Task<LeadReceipt?> FirstOfFormAsync(string dedupeKey, string townshipName, string? hotline, CancellationToken ct)
    {
        var link = await db.Notifications.AsNoTracking().Where(n => n.DedupeKey == dedupeKey).Select(n => n.Link).FirstOrDefaultAsync(ct);
        if (link is null || !Guid.TryParse(link[(link.LastIndexOf('/') + 1)..], out var leadId))
        {
            return null;
        }
        var reference = await db.PublicLeads.AsNoTracking().Where(l => l.Id == leadId).Select(l => l.Reference).FirstOrDefaultAsync(ct);
        return reference is null ? null : new LeadReceipt(reference, townshipName, PatrolService.Clean(hotline));
    }

    public async Task<List<LeadListItem>> ListAsync(CurrentUser user, LeadStatus? status, int take, CancellationToken ct)
    {
        var query = db.PublicLeads.AsNoTracking().VisibleTo(user);
        if (status is { } s)
        {
            query = query.Where(l => l.Status == s);
        }
        var rows = await query.OrderByDescending(l => l.ReceivedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        var names = await NamesAsync(rows.Select(r => r.OrgUnitCode), ct);
        return [.. rows.Select(l => new LeadListItem(l.Id, l.Reference, l.OrgUnitCode, names.GetValueOrDefault(l.OrgUnitCode, l.OrgUnitCode), l.ReceivedAt,
            l.Place, l.Note, l.ContactPhone is null ? null : Masking.Phone(l.ContactPhone), l.Status, l.HandledByName, l.Version))];
    }

    public async Task<Dictionary<LeadStatus, int>> CountsAsync(CurrentUser user, CancellationToken ct) =>
        await db.PublicLeads.AsNoTracking().VisibleTo(user).GroupBy(l => l.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>A lead with the full phone number: the view is audited when there is a number to see.</summary>
    public async Task<LeadDto> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var lead = await db.PublicLeads.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(l => l.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (lead.ContactPhone is not null)
        {
            audit.Add(user, AuditActions.ViewFull, "public-lead", lead.Id.ToString(), lead.OrgUnitCode, details: "联系电话");
            await db.SaveChangesAsync(ct);
        }
        var names = await NamesAsync([lead.OrgUnitCode], ct);
        return new LeadDto(lead.Id, lead.Reference, lead.OrgUnitCode, names.GetValueOrDefault(lead.OrgUnitCode, lead.OrgUnitCode), lead.ReceivedAt,
            lead.Place, lead.Note, lead.ContactPhone, lead.Status, lead.FollowUpNote, lead.HandledByName, lead.HandledAt, lead.ClosedAt, lead.Version,
            await patrols.PersonsOfLeadAsync(user, lead.Id, ct));
    }

    /// <summary>跟进: a note added to the lead's record; a new lead becomes 跟进中.</summary>
    public Task<int> FollowUpAsync(CurrentUser user, Guid id, LeadMove move, CancellationToken ct) => MoveAsync(user, id, move, close: false, ct);

    /// <summary>办结: the lead is closed, with what was done; nothing more can be done on it.</summary>
    public Task<int> CloseAsync(CurrentUser user, Guid id, LeadMove move, CancellationToken ct) => MoveAsync(user, id, move, close: true, ct);

    private async Task<int> MoveAsync(CurrentUser user, Guid id, LeadMove move, bool close, CancellationToken ct)
    {
        if (move.Version is not { } version)
        {
            throw PatrolProblems.Invalid("Version", "缺少版本号(version)，请刷新后再操作");
        }
        var note = PatrolService.Required(move.Note, "Note", close ? "办结情况" : "跟进情况", 500);
        var lead = await db.PublicLeads.VisibleTo(user).FirstOrDefaultAsync(l => l.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (lead.Status == LeadStatus.Closed)
        {
            throw new AppProblemException(PatrolProblems.LeadClosed);
        }
        if (lead.Version != version)
        {
            throw new AppProblemException(PatrolProblems.LeadVersionConflict);
        }
        var now = clock.GetUtcNow();
        var name = PatrolService.ActorName(user);
        var before = lead.Status;
        var line = $"{ChinaTime.Text(now, "MM-dd HH:mm")} {name}{(close ? "（办结）" : "")}：{note}";
        var log = lead.FollowUpNote is null ? line : lead.FollowUpNote + "\n" + line;
        if (log.Length > MaxFollowUp)
        {
            throw PatrolProblems.Invalid("Note", "跟进记录已满，请办结该线索");
        }
        lead.FollowUpNote = log;
        lead.Status = close ? LeadStatus.Closed : LeadStatus.FollowingUp;
        lead.HandledBy = user.Id;
        lead.HandledByName = name;
        lead.HandledAt = now;
        lead.ClosedAt = close ? now : null;
        lead.Version = version + 1;
        audit.Add(user, AuditActions.Update, "public-lead", lead.Id.ToString(), lead.OrgUnitCode,
            before: new { Status = before }, after: new { lead.Status, Note = note });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new AppProblemException(PatrolProblems.LeadVersionConflict);
        }
        return lead.Version;
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(o => list.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
    }

    private static bool IsPhone(string phone) =>
        phone.Length >= 5 && phone.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '+') && phone.Count(char.IsAsciiDigit) >= 5;

    /// <summary>XS and eight characters without 0/O, 1/I: easy to read out on the phone.</summary>
    public static string NewReference()
    {
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = ReferenceChars[RandomNumberGenerator.GetInt32(ReferenceChars.Length)];
        }
        return "XS" + new string(chars);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
