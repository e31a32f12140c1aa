using System.Text.Json;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Targets;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Visits;

/// <summary>One header field of a registry conflict: the registry now, the visit, and the registry when the visit arrived.</summary>
public sealed record ConflictField(string Key, string Label, string? Registry, string? Submitted, string? RegistryWhenDetected, bool Differs);

public sealed record RegistryConflictDto(long Id, Guid VisitId, Guid TargetId, string? TargetName, string OrgUnitCode, string? OrgUnitName,
    string? VisitorName, DateTimeOffset? VisitFinishedAt, DateTimeOffset DetectedAt, int SeenVersion, int RegistryVersion, int? CurrentVersion,
    List<ConflictField> Fields, ConflictResolution? Resolution, string? ResolvedByName, DateTimeOffset? ResolvedAt);

/// <summary>One line of an id conflict: the stored visit and the other submission under its id.</summary>
public sealed record ComparedValue(string Label, string? Stored, string? Submitted, bool Differs);

public sealed record IdConflictDto(long Id, Guid VisitId, string? TargetName, string? SubmittedByName, DateTimeOffset ReceivedAt, List<ComparedValue> Values);

public sealed record ConflictList(List<RegistryConflictDto> Open, List<RegistryConflictDto> Resolved, List<IdConflictDto> IdConflicts);

public sealed record ResolveConflictRequest(ConflictResolution? Resolution, int? TargetVersion);

/// <summary>
/// The conflicts a township officer decides: registry conflicts (a visit's header against a registry that changed
/// meanwhile) and id conflicts (a second submission under a stored visit's id, kept and never applied). Both are
/// read through the scope filter.
/// </summary>
public sealed class ConflictService(AppDbContext db, AuditLog audit, TargetService targets, TimeProvider clock)
{
    public const int MaxListed = 500;
    public static readonly TimeSpan ResolvedShownFor = TimeSpan.FromDays(30);

    public async Task<ConflictList> ListAsync(CurrentUser user, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - ResolvedShownFor;
        var open = await db.TargetConflicts.AsNoTracking().VisibleTo(user).Where(c => c.ResolvedAt == null)
            .OrderBy(c => c.DetectedAt).ThenBy(c => c.Id).Take(MaxListed).ToListAsync(ct);
        var resolved = await db.TargetConflicts.AsNoTracking().VisibleTo(user).Where(c => c.ResolvedAt != null && c.ResolvedAt >= since)
            .OrderByDescending(c => c.ResolvedAt).ThenBy(c => c.Id).Take(100).ToListAsync(ct);
        return new ConflictList(await ToDtosAsync(user, open, ct), await ToDtosAsync(user, resolved, ct), await IdConflictsAsync(user, ct));
    }

    private async Task<List<RegistryConflictDto>> ToDtosAsync(CurrentUser user, List<TargetConflict> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var targetIds = rows.Select(r => r.TargetId).Distinct().ToList();
        var visitIds = rows.Select(r => r.VisitId).Distinct().ToList();
        var current = await db.Targets.AsNoTracking().VisibleTo(user).Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var visits = await db.Visits.AsNoTracking().VisibleTo(user).Where(v => visitIds.Contains(v.Id))
            .Select(v => new { v.Id, v.VisitorName, v.FinishedAt }).ToDictionaryAsync(v => v.Id, ct);
        var codes = rows.Select(r => r.OrgUnitCode).Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return [.. rows.Select(c =>
        {
            var target = current.GetValueOrDefault(c.TargetId);
            var visit = visits.GetValueOrDefault(c.VisitId);
            var submitted = Read(c.Submitted);
            var then = Read(c.Registry);
            var now = target is null ? then : RegistryConflicts.RegistryValues(target);
            var fields = RegistryConflicts.Fields.Select(f =>
            {
                var value = submitted.GetValueOrDefault(f.Key);
                return new ConflictField(f.Key, f.Label, now.GetValueOrDefault(f.Key), value, then.GetValueOrDefault(f.Key),
                    RegistryConflicts.Differs(f.Key, value, now.GetValueOrDefault(f.Key)));
            }).ToList();
            return new RegistryConflictDto(c.Id, c.VisitId, c.TargetId, target?.Name, c.OrgUnitCode, units.GetValueOrDefault(c.OrgUnitCode),
                visit?.VisitorName, visit?.FinishedAt, c.DetectedAt, c.SeenVersion, c.RegistryVersion, target?.Version, fields,
                c.Resolution, c.ResolvedByName, c.ResolvedAt);
        })];
    }

    private static Dictionary<string, string?> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(json, VisitJson.Options) ?? [];

    /// <summary>
    /// Keeps the registry, or updates it from the visit's values through the registry's own update (validation, audit,
    /// optimistic concurrency on <see cref="ResolveConflictRequest.TargetVersion"/>); the conflict is closed in the
    /// same transaction.
    /// </summary>
    public async Task<RegistryConflictDto> ResolveAsync(CurrentUser user, long id, ResolveConflictRequest request, CancellationToken ct)
    {
        if (!user.Can(Permission.TargetsWrite))
        {
            throw new AppProblemException(Problems.Forbidden);
        }
        if (request.Resolution is not { } resolution || !Enum.IsDefined(resolution))
        {
            throw Invalid("请选择处理方式(resolution)：KeepRegistry 保留名册，或 UpdateRegistry 按入户记录更新名册");
        }
        var conflict = await db.TargetConflicts.VisibleTo(user).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (conflict.ResolvedAt is not null)
        {
            throw new AppProblemException(Problems.ConflictAlreadyResolved);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        switch (resolution)
        {
            case ConflictResolution.UpdateRegistry:
                {
                    if (request.TargetVersion is not { } version)
                    {
                        throw Invalid("缺少名册版本(targetVersion)：请刷新后再处理");
                    }
                    var target = await db.Targets.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(t => t.Id == conflict.TargetId, ct)
                        ?? throw new AppProblemException(Problems.NotFound);
                    await targets.UpdateAsync(user, target.Id, FromVisit(target, Read(conflict.Submitted), version), ct);
                    break;
                }
            case ConflictResolution.KeepRegistry:
                break;
        }
        var now = clock.GetUtcNow();
        conflict.Resolution = resolution;
        conflict.ResolvedAt = now;
        conflict.ResolvedBy = user.Id;
        conflict.ResolvedByName = user.DisplayName.Length > 50 ? user.DisplayName[..50] : user.DisplayName;
        conflict.Version++;
        audit.Add(user, "resolve-conflict", "target", conflict.TargetId.ToString(), conflict.OrgUnitCode,
            after: new { conflict = conflict.Id, conflict.VisitId, Resolution = resolution });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ToDtosAsync(user, [conflict], ct))[0];
    }

    /// <summary>
    /// The registry entry with the visit's values: the address; the contact's phone goes to the person when the contact
    /// is the person (the phone pre-fills the person when there is no guardian), else the contact is the guardian.
    /// </summary>
    public static TargetInput FromVisit(Target t, IReadOnlyDictionary<string, string?> submitted, int version)
    {
        var address = submitted.GetValueOrDefault("address") ?? t.Address;
        var contactName = submitted.GetValueOrDefault("contactName");
        var contactPhone = submitted.GetValueOrDefault("contactPhone");
        string? phone = t.Phone, guardianName = t.GuardianName, guardianPhone = t.GuardianPhone;
        var isPerson = contactName is null
            ? string.IsNullOrEmpty(t.GuardianName) && string.IsNullOrEmpty(t.GuardianPhone)
            : TargetRules.Clean(contactName) == TargetRules.Clean(t.Name);
        if (isPerson)
        {
            phone = contactPhone ?? phone;
        }
        else
        {
            guardianName = contactName ?? guardianName;
            guardianPhone = contactPhone ?? guardianPhone;
        }
        return new TargetInput(t.Name, TargetMapping.Split(t.Categories), t.IdNumber, phone, t.OrgUnitCode, address, t.Household,
            guardianName, guardianPhone, t.Latitude, t.Longitude, t.Status, t.Notes, version);
    }

    /// <summary>Second submissions under a stored visit's id, beside the stored visit (signatures and photos aside).</summary>
    private async Task<List<IdConflictDto>> IdConflictsAsync(CurrentUser user, CancellationToken ct)
    {
        var rows = await (from c in db.VisitConflicts.AsNoTracking()
                          join v in db.Visits.AsNoTracking().VisibleTo(user) on c.VisitId equals v.Id
                          where c.CountyCode == user.CountyCode
                          orderby c.ReceivedAt descending, c.Id
                          select new { Conflict = c, Visit = v }).Take(200).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var userIds = rows.Select(r => r.Conflict.SubmittedBy).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var result = new List<IdConflictDto>();
        foreach (var r in rows)
        {
            var (input, header) = ParseBody(r.Conflict.Body);
            var stored = r.Visit;
            var targetIds = new[] { stored.TargetId, input?.TargetId }.OfType<Guid>().Distinct().ToList();
            var targetNames = await db.Targets.AsNoTracking().VisibleTo(user).Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
            var template = await TemplateCache.GetAsync(db, stored.TemplateId, ct);
            var labels = template?.Definition.Header.ToDictionary(h => h.Key, h => h.Label) ?? [];
            var storedHeader = stored.Header is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string?>>(stored.Header, VisitJson.Options) ?? [];
            var storedAnswers = stored.Answers is null ? [] : JsonSerializer.Deserialize<List<AnswerInput>>(stored.Answers, VisitJson.Options) ?? [];
            var storedOthers = stored.OtherHazards is null ? [] : JsonSerializer.Deserialize<List<OtherHazardInput>>(stored.OtherHazards, VisitJson.Options) ?? [];
            var (answersStored, answersSubmitted) = AnswerDifferences(storedAnswers, input?.Answers ?? []);
            var values = new List<ComparedValue>
            {
                Compare("服务对象", stored.TargetId is { } st ? targetNames.GetValueOrDefault(st) : stored.OrgUnitCode,
                    input?.TargetId is { } it ? targetNames.GetValueOrDefault(it) ?? "（其他服务对象）" : input?.InstitutionCode),
                Compare("入户结果", VisitNames.Outcome(stored.Outcome), input?.Outcome is { } o && Enum.IsDefined(o) ? VisitNames.Outcome(o) : null),
                Compare("情况说明", stored.OutcomeReason, Clean(input?.OutcomeReason)),
                Compare("结束时间", ChinaTime.Text(stored.FinishedAt), input?.FinishedAt is { } f ? ChinaTime.Text(f) : null),
                Compare("表头", HeaderText(storedHeader, labels), HeaderText(header ?? [], labels)),
                new("检查项回答", answersStored, answersSubmitted, answersStored != answersSubmitted),
                Compare("其他隐患", string.Join("；", storedOthers.Select(h => h.Text)), string.Join("；", (input?.OtherHazards ?? []).Select(h => h?.Text?.Trim()))),
                Compare("需要落实的事项", stored.Tasks, Clean(input?.Tasks)),
                Compare("签字人", stored.SignerName, Clean(input?.SignerName)),
            };
            result.Add(new IdConflictDto(r.Conflict.Id, stored.Id, stored.TargetId is { } id ? targetNames.GetValueOrDefault(id) : null,
                names.GetValueOrDefault(r.Conflict.SubmittedBy), r.Conflict.ReceivedAt, values));
        }
        return result;
    }

    private static (VisitInput? Input, Dictionary<string, string?>? Header) ParseBody(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var input = doc.RootElement.TryGetProperty("input", out var i) ? i.Deserialize<VisitInput>(VisitJson.Options) : null;
            var header = doc.RootElement.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.Object
                ? h.Deserialize<Dictionary<string, string?>>(VisitJson.Options) : null;
            return (input, header);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static ComparedValue Compare(string label, string? stored, string? submitted)
    {
        var a = string.IsNullOrWhiteSpace(stored) ? null : stored.Trim();
        var b = string.IsNullOrWhiteSpace(submitted) ? null : submitted.Trim();
        return new ComparedValue(label, a, b, a != b);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string HeaderText(IReadOnlyDictionary<string, string?> header, IReadOnlyDictionary<string, string> labels) =>
        string.Join("；", header.Where(h => !string.IsNullOrWhiteSpace(h.Value)).OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{labels.GetValueOrDefault(h.Key, h.Key)}：{h.Value!.Trim()}"));

    /// <summary>The items answered differently, as “H05 是” lists for each side; equal lists when the answers agree.</summary>
    private static (string? Stored, string? Submitted) AnswerDifferences(List<AnswerInput> stored, List<AnswerInput> submitted)
    {
        static string Text(AnswerInput? a) => a is null ? "未答" : (a.Answer == Core.Checklists.HazardAnswer.Yes ? "是" : "否") + (a.FixedOnSpot ? "(现场整改)" : "");
        var left = stored.Where(a => a?.Code is not null).GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.First());
        var right = submitted.Where(a => a?.Code is not null).GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.First());
        var codes = left.Keys.Union(right.Keys).Order(StringComparer.Ordinal)
            .Where(c => Text(left.GetValueOrDefault(c)) != Text(right.GetValueOrDefault(c))).ToList();
        if (codes.Count == 0)
        {
            return ("相同", "相同");
        }
        return (string.Join("、", codes.Select(c => $"{c} {Text(left.GetValueOrDefault(c))}")),
            string.Join("、", codes.Select(c => $"{c} {Text(right.GetValueOrDefault(c))}")));
    }

    private static AppProblemException Invalid(string message) =>
        new((Problems.Validation with { Message = message }).With("errors", new[] { message }));
}
