using System.Security.Cryptography;
using System.Text.Json;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.Hazards;
using KnockDoor.Core.Notifications;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Coverage;
using KnockDoor.Web.Features.Deliveries;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Visits;

/// <summary>The result of a submission: the visit, and whether this call stored it.</summary>
public sealed record SubmitResult(VisitDto Visit, bool Created);

/// <summary>
/// Stores visits submitted by phones (and the office's inspection form). The device's id is the
/// primary key: the insert itself decides between a first submission, a retry and a conflict.
/// </summary>
public sealed class VisitService(AppDbContext db, AuditLog audit, TimeProvider clock, SqliteGroupCommit groupCommit,
    CriticalHazardAlerts alerts)
{
    public const int MaxSignatureBytes = 200 * 1024;
    public const int MaxCount = 1000;



    /// <summary>SHA-256 of the submission serialized with fixed options (header keys sorted), hex.</summary>
    public static string ContentHash(VisitInput input) => Hash(Canonical(input));

    public static string Canonical(VisitInput input)
    {
        var header = input.Header is null ? null : new SortedDictionary<string, string?>(input.Header, StringComparer.Ordinal);
        return JsonSerializer.Serialize(new { input = input with { Header = null, TargetVersion = null }, header }, VisitJson.Options);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public async Task<SubmitResult> SubmitAsync(CurrentUser user, VisitInput input, CancellationToken ct)
    {
        if (!user.Can(Permission.VisitsSubmit))
        {
            throw new AppProblemException(Problems.Forbidden);
        }
        if (input.Id == Guid.Empty)
        {
            throw Invalid("缺少记录编号(id)");
        }
        var kind = input.Kind ?? throw Invalid("缺少检查类型(kind)");
        var outcome = input.Outcome ?? throw Invalid("缺少入户结果(outcome)");
        var hash = ContentHash(input);

        // One connection for the whole submission (EF would otherwise open and close it around every statement).
        await db.Database.OpenConnectionAsync(ct);
        var template = await TemplateCache.GetAsync(db, input.TemplateId, ct);
        if (template is null || template.CountyCode != user.CountyCode || template.Kind != kind)
        {
            throw new AppProblemException(Problems.VisitTemplateInvalid);
        }
        var definition = template.Definition;

        // The place: the target's village, or the institution.
        Guid? targetId = null;
        var categories = TargetCategory.None;
        string orgUnitCode, orgPath;
        string? targetName = null, placeName = null;
        var isSelfCheck = false;
        switch (kind)
        {
            case ChecklistKind.Household:
                {
                    if (input.TargetId is not { } id)
                    {
                        throw Invalid("缺少服务对象(targetId)");
                    }
                    var target = await db.Targets.AsNoTracking().VisibleTo(user).Where(t => t.Id == id)
                        .Select(t => new { t.Id, t.OrgUnitCode, t.OrgPath, t.Name, t.Categories }).FirstOrDefaultAsync(ct)
                        ?? throw new AppProblemException(Problems.NotFound);
                    targetId = target.Id;
                    targetName = target.Name;
                    categories = target.Categories;
                    orgUnitCode = target.OrgUnitCode;
                    orgPath = target.OrgPath;
                    break;
                }
            case ChecklistKind.Institution:
                {
                    if (!user.Can(Permission.InstitutionsInspect))
                    {
                        throw new AppProblemException(Problems.Forbidden);
                    }
                    var code = input.InstitutionCode?.Trim();
                    if (string.IsNullOrEmpty(code))
                    {
                        throw Invalid("缺少机构代码(institutionCode)");
                    }
                    var institution = await db.OrgUnits.AsNoTracking().VisibleTo(user)
                        .Where(o => o.Code == code && o.Kind == OrgUnitKind.Institution)
                        .Select(o => new { o.Code, o.Path, o.Name }).FirstOrDefaultAsync(ct)
                        ?? throw new AppProblemException(Problems.NotFound);
                    orgUnitCode = institution.Code;
                    orgPath = institution.Path;
                    placeName = institution.Name;
                    isSelfCheck = user.Role == Role.InstitutionStaff;
                    break;
                }
            default:
                throw Invalid("检查类型(kind)无效");
        }

        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.CountyCode == user.CountyCode)
            .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.MobilisationStart)
            .Select(c => new { c.Id, c.MobilisationStart }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.VisitNoCampaign);

        var now = clock.GetUtcNow();
        var errors = Check(input, outcome, definition, now, campaign.MobilisationStart);
        byte[]? signature = null;
        if (!string.IsNullOrWhiteSpace(input.SignaturePng))
        {
            signature = DecodeSignature(input.SignaturePng, errors);
        }
        if (errors.Count > 0)
        {
            throw new AppProblemException((Problems.Validation with { Message = string.Join("；", errors) }).With("errors", errors));
        }

        var answers = input.Answers ?? [];
        var others = (input.OtherHazards ?? []).Select(o => o with { Text = o.Text.Trim(), Note = Clean(o.Note) }).ToList();
        var visit = new Visit
        {
            Id = input.Id,
            CountyCode = user.CountyCode,
            CampaignId = campaign.Id,
            Kind = kind,
            TargetId = targetId,
            OrgUnitCode = orgUnitCode,
            OrgPath = orgPath,
            TemplateId = template.Id,
            TemplateVersion = template.Version,
            VisitorId = user.Id,
            VisitorName = Truncate(user.DisplayName.Length > 0 ? user.DisplayName : user.UserName, 50),
            Outcome = outcome,
            OutcomeReason = Clean(input.OutcomeReason),
            StartedAt = input.StartedAt!.Value.ToUniversalTime(),
            FinishedAt = input.FinishedAt!.Value.ToUniversalTime(),
            ReceivedAt = now,
            Day = ChinaTime.DayOf(input.FinishedAt!.Value),
            Latitude = input.Latitude,
            Longitude = input.Longitude,
            AccuracyMeters = input.AccuracyMeters,
            Header = input.Header is null ? null : JsonSerializer.Serialize(input.Header.Where(h => !string.IsNullOrWhiteSpace(h.Value))
                .ToDictionary(h => h.Key, h => h.Value!.Trim()), VisitJson.Options),
            Answers = JsonSerializer.Serialize(answers.Select(a => a with { Note = Clean(a.Note) }), VisitJson.Options),
            OtherHazards = others.Count == 0 ? null : JsonSerializer.Serialize(others, VisitJson.Options),
            Tasks = Clean(input.Tasks),
            Signature = signature,
            SignerName = Clean(input.SignerName),
            LeafletsHandedOut = input.LeafletsHandedOut ?? 0,
            PeopleReached = input.PeopleReached ?? 0,
            IsSelfCheck = isSelfCheck,
            ContentHash = hash,
            AppVersion = Clean(input.AppVersion),
        };
        var rows = new List<object> { visit };

        var drafts = HazardDerivation.Derive(definition, answers, others);
        var hazards = drafts.Select(d => new Hazard
        {
            Id = Guid.NewGuid(),
            CountyCode = visit.CountyCode,
            OrgUnitCode = visit.OrgUnitCode,
            OrgPath = visit.OrgPath,
            CampaignId = visit.CampaignId,
            VisitId = visit.Id,
            TargetId = visit.TargetId,
            Categories = categories,
            ItemCode = d.ItemCode,
            Description = d.Description,
            Severity = d.Severity,
            Status = d.Status,
            FixNote = d.FixNote,
            FoundBy = user.Id,
            FoundByName = visit.VisitorName,
            FoundAt = visit.FinishedAt,
            FoundDay = visit.Day,
            // Critical hazards (CO from charcoal, gas leaks) must be dealt with the day they are found.
            Deadline = d.Severity == Severity.Critical && d.Status == HazardStatus.Open ? visit.Day : null,
            ClosedAt = d.Status == HazardStatus.FixedOnSpot ? visit.FinishedAt : null,
            ClosedDay = d.Status == HazardStatus.FixedOnSpot ? visit.Day : null,
            UpdatedAt = now,
            Version = 1,
        }).ToList();
        rows.AddRange(hazards);
        rows.AddRange(hazards.Select(h => new HazardEvent
        {
            Id = Guid.NewGuid(), CountyCode = h.CountyCode, HazardId = h.Id, Version = h.Version, At = now, ActorId = user.Id, ActorName = h.FoundByName,
            Action = h.Status == HazardStatus.FixedOnSpot ? HazardAction.FixOnSpot : HazardAction.Found, ToStatus = h.Status, Note = h.FixNote, Deadline = h.Deadline,
        }));

        var critical = hazards.Where(h => h.Severity == Severity.Critical).ToList();
        if (critical.Count > 0)
        {
            var township = await TownshipOfAsync(orgPath, ct);
            placeName ??= await db.OrgUnits.AsNoTracking().Where(o => o.Code == orgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
            var alertTexts = new List<CriticalHazardAlert>();
            foreach (var hazard in critical)
            {
                var itemText = hazard.ItemCode is null ? hazard.Description : definition.AllItems.First(i => i.Code == hazard.ItemCode).Text;
                var title = Truncate("重大隐患：" + ShortText(itemText), 200);
                var body = Truncate($"{placeName}入户检查发现重大隐患：{itemText}。请立即核实处置。", 2000);
                if (township is not null)
                {
                    rows.Add(new Notification
                    {
                        CountyCode = visit.CountyCode,
                        OrgUnitCode = township,
                        RoleKey = Roles.Key(Role.TownshipOfficer),
                        Kind = NotificationKinds.CriticalHazard,
                        Title = title,
                        Body = body,
                        Link = $"/Visits/Details/{visit.Id}",
                        CreatedAt = now,
                    });
                }
                alertTexts.Add(new(hazard.Id, title, $"{body}\n发现人：{visit.VisitorName}，时间：{Outbox.China(visit.FinishedAt)}"));
            }
            // E-mails and robot posts go in the same transaction as the hazards (the outbox).
            rows.AddRange(await alerts.DeliveriesAsync(visit.CountyCode, visit.CampaignId, township, visit.Day, alertTexts, now, ct));
        }

        if (await RegistryConflicts.DetectAsync(db, visit, input.TargetVersion, now, ct) is { } registryConflict)
        {
            rows.Add(registryConflict);
        }

        rows.Add(audit.Create(user, AuditActions.Create, "visit", visit.Id.ToString(), visit.OrgUnitCode,
            after: new { visit.Kind, visit.TargetId, visit.TemplateId, visit.TemplateVersion, visit.Outcome, Hazards = hazards.Count }));

        if (await StoreAsync(rows, ct) == GroupWriteResult.Duplicate)
        {
            return await ResolveDuplicateAsync(user, input, hash, ct);
        }
        if (critical.Count > 0)
        {
            alerts.Wake();
        }
        // Answered from what was just stored: no second read.
        return new SubmitResult(ToDto(visit, targetName,
            [.. hazards.OrderBy(h => h.ItemCode == null).ThenBy(h => h.ItemCode, StringComparer.Ordinal).Select(h => new VisitHazardDto(h.Id, h.ItemCode, h.Description, h.Severity, h.Status))],
            []), true);
    }

    /// <summary>The id exists: a retry of the same content answers with the stored visit; other content is kept apart and refused.</summary>
    private async Task<SubmitResult> ResolveDuplicateAsync(CurrentUser user, VisitInput input, string hash, CancellationToken ct)
    {
        var stored = await db.Visits.AsNoTracking().Where(v => v.Id == input.Id)
            .Select(v => new { v.ContentHash, v.OrgPath }).FirstOrDefaultAsync(ct);
        if (stored is not null && stored.ContentHash == hash && user.Sees(stored.OrgPath))
        {
            return new SubmitResult(await GetAsync(user, input.Id, ct), false);
        }
        db.VisitConflicts.Add(new VisitConflict
        {
            CountyCode = user.CountyCode,
            VisitId = input.Id,
            SubmittedBy = user.Id,
            ReceivedAt = clock.GetUtcNow(),
            Body = Canonical(input),
            ContentHash = hash,
        });
        await db.SaveChangesAsync(ct);
        throw new AppProblemException(Problems.VisitIdConflict);
    }

    /// <summary>
    /// The visit's rows in one transaction. SQLite has one writer: there the rows join the group commit, which stores
    /// the submissions that arrive together in one transaction; PostgreSQL takes concurrent transactions as they come.
    /// Either way the primary key decides between a first submission and a repeat.
    /// </summary>
    private async Task<GroupWriteResult> StoreAsync(List<object> rows, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            return await groupCommit.WriteAsync(rows);
        }
        db.AddRange(rows);
        try
        {
            await TargetProgressWriter.SaveChangesAsync(db, ct);
            return GroupWriteResult.Stored;
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return GroupWriteResult.Duplicate;
        }
    }

    private async Task<string?> TownshipOfAsync(string orgPath, CancellationToken ct)
    {
        var codes = orgPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code) && o.Kind == OrgUnitKind.Township)
            .Select(o => o.Code).FirstOrDefaultAsync(ct);
    }

    private static List<string> Check(VisitInput input, VisitOutcome outcome, ChecklistDefinition definition, DateTimeOffset now, DateOnly campaignStart)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(outcome))
        {
            errors.Add("入户结果无效");
        }
        if (input.StartedAt is not { } started || input.FinishedAt is not { } finished)
        {
            errors.Add("缺少开始时间或结束时间");
        }
        else
        {
            if (finished < started)
            {
                errors.Add("结束时间不能早于开始时间");
            }
            if (finished > now.AddMinutes(10))
            {
                errors.Add("结束时间晚于当前时间，请检查手机时间");
            }
            var begin = ChinaTime.StartOf(campaignStart);
            if (started < begin)
            {
                errors.Add("开始时间早于本次行动开始日期");
            }
        }
        if (input.Latitude is < -90 or > 90 || input.Longitude is < -180 or > 180 || input.AccuracyMeters is < 0)
        {
            errors.Add("定位数据无效");
        }
        if (input.LeafletsHandedOut is < 0 or > MaxCount || input.PeopleReached is < 0 or > MaxCount)
        {
            errors.Add($"发放资料数和宣传人数应在 0 到 {MaxCount} 之间");
        }
        CheckLength(errors, input.OutcomeReason, 500, "情况说明");
        CheckLength(errors, input.Tasks, 2000, "需要落实的事项");
        CheckLength(errors, input.SignerName, 50, "签字人姓名");
        CheckLength(errors, input.AppVersion, 32, "应用版本");

        var headerKeys = definition.Header.Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in input.Header ?? [])
        {
            if (!headerKeys.Contains(key))
            {
                errors.Add($"表头项“{key}”不在检查表中");
            }
            else
            {
                CheckLength(errors, value, 200, $"表头项“{definition.Header.First(h => h.Key == key).Label}”");
            }
        }
        // Only a visit that went in fills the header: nobody home, refused and the like have nothing to describe.
        if (outcome == VisitOutcome.Visited)
        {
            var blank = definition.Header
                .Where(f => f.Required && (input.Header is null || !input.Header.TryGetValue(f.Key, out var v) || string.IsNullOrWhiteSpace(v)))
                .Select(f => f.Label).ToList();
            if (blank.Count > 0)
            {
                errors.Add("表头必填项未填写：" + string.Join("、", blank));
            }
        }

        var items = definition.AllItems.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in input.Answers ?? [])
        {
            if (answer is null || answer.Code is null || !items.ContainsKey(answer.Code))
            {
                errors.Add($"检查项“{answer?.Code}”不在检查表中");
                continue;
            }
            if (!seen.Add(answer.Code))
            {
                errors.Add($"检查项 {answer.Code} 回答了不止一次");
            }
            if (!Enum.IsDefined(answer.Answer))
            {
                errors.Add($"检查项 {answer.Code} 的回答应为“是”或“否”");
            }
            CheckLength(errors, answer.Note, 200, $"检查项 {answer.Code} 的备注");
        }
        if (outcome == VisitOutcome.Visited)
        {
            var missing = items.Values.Where(i => i.HazardIf is not null && !seen.Contains(i.Code)).Select(i => i.Code).ToList();
            if (missing.Count > 0)
            {
                errors.Add("以下检查项未回答：" + string.Join("、", missing));
            }
        }

        var others = input.OtherHazards ?? [];
        if (others.Count > 10)
        {
            errors.Add("其他隐患最多填写 10 条");
        }
        foreach (var line in others)
        {
            if (line is null || string.IsNullOrWhiteSpace(line.Text))
            {
                errors.Add("其他隐患不能有空行");
                continue;
            }
            CheckLength(errors, line.Text, 100, "其他隐患");
            CheckLength(errors, line.Note, 60, "其他隐患的备注");
        }
        return errors;
    }

    private static byte[]? DecodeSignature(string base64, List<string> errors)
    {
        if (base64.Length > (MaxSignatureBytes + 2) / 3 * 4 + 4)
        {
            errors.Add("签名图片不能超过 200 KB");
            return null;
        }
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            errors.Add("签名图片格式不正确");
            return null;
        }
        if (written > MaxSignatureBytes)
        {
            errors.Add("签名图片不能超过 200 KB");
            return null;
        }
        if (VisitPhotos.SniffType(buffer.AsSpan(0, written)) != "image/png")
        {
            errors.Add("签名图片应为 PNG 格式");
            return null;
        }
        return buffer[..written];
    }

    private static void CheckLength(List<string> errors, string? value, int max, string label)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add($"{label}不能超过 {max} 个字");
        }
    }

    private static AppProblemException Invalid(string message) =>
        new((Problems.Validation with { Message = message }).With("errors", new[] { message }));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>The item's text as a title: “燃气管道是否漏气、软管是否破裂损坏” → “燃气管道漏气”-like brevity is not derivable; keep the first clause.</summary>
    private static string ShortText(string text)
    {
        var cut = text.IndexOfAny(['，', '、', '（', '(']);
        var first = cut > 0 ? text[..cut] : text;
        return first.Replace("是否", "", StringComparison.Ordinal);
    }


    // ---------- reading ----------

    /// <summary>Visits the caller may read: those of the caller's unit and below.</summary>
    public IQueryable<Visit> Readable(CurrentUser user)
    {
        // A field worker's unit is the township: the scope filter gives own visits and the township's.
        return db.Visits.AsNoTracking().VisibleTo(user);
    }

    public async Task<VisitDto> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var visit = await Readable(user).FirstOrDefaultAsync(v => v.Id == id, ct) ?? throw new AppProblemException(Problems.NotFound);
        var hazards = await db.Hazards.AsNoTracking().Where(h => h.VisitId == id).OrderBy(h => h.ItemCode == null).ThenBy(h => h.ItemCode)
            .Select(h => new VisitHazardDto(h.Id, h.ItemCode, h.Description, h.Severity, h.Status)).ToListAsync(ct);
        var photos = await db.VisitPhotos.AsNoTracking().Where(p => p.VisitId == id).OrderBy(p => p.ReceivedAt)
            .Select(p => new VisitPhotoDto(p.Id, p.ItemCode, p.ContentType, p.Size)).ToListAsync(ct);
        string? targetName = null;
        if (visit.TargetId is { } targetId)
        {
            targetName = await db.Targets.AsNoTracking().VisibleTo(user).Where(t => t.Id == targetId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        }
        return ToDto(visit, targetName, hazards, photos);
    }

    public static VisitDto ToDto(Visit v, string? targetName, List<VisitHazardDto> hazards, List<VisitPhotoDto> photos) => new(
        v.Id, v.Kind, v.TargetId, targetName, v.Kind == ChecklistKind.Institution ? v.OrgUnitCode : null, v.OrgUnitCode, v.CampaignId,
        v.TemplateId, v.TemplateVersion, v.Outcome, v.OutcomeReason, v.OutcomeConfirmed, v.StartedAt, v.FinishedAt, v.ReceivedAt, v.Day,
        v.Latitude, v.Longitude, v.AccuracyMeters,
        v.Header is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string?>>(v.Header, VisitJson.Options) ?? [],
        v.Answers is null ? [] : JsonSerializer.Deserialize<List<AnswerInput>>(v.Answers, VisitJson.Options) ?? [],
        v.OtherHazards is null ? [] : JsonSerializer.Deserialize<List<OtherHazardInput>>(v.OtherHazards, VisitJson.Options) ?? [],
        v.Tasks, v.Signature is not null, v.SignerName, v.LeafletsHandedOut, v.PeopleReached, v.IsSelfCheck, v.VisitorId, v.VisitorName,
        v.AppVersion, hazards, photos);

    public async Task<VisitPage> ListAsync(CurrentUser user, Guid? targetId, string? orgUnit, DateOnly? from, DateOnly? to, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = Readable(user);
        if (targetId is { } t)
        {
            query = query.Where(v => v.TargetId == t);
        }
        if (!string.IsNullOrWhiteSpace(orgUnit))
        {
            var path = await db.OrgUnits.AsNoTracking().VisibleTo(user).Where(o => o.Code == orgUnit).Select(o => o.Path).FirstOrDefaultAsync(ct);
            if (path is null)
            {
                return new VisitPage(0, page, pageSize, []);
            }
            query = query.Where(v => v.OrgPath.StartsWith(path));
        }
        if (from is { } f)
        {
            query = query.Where(v => v.Day >= f);
        }
        if (to is { } end)
        {
            query = query.Where(v => v.Day <= end);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(v => v.FinishedAt).ThenBy(v => v.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(v => new
            {
                v.Id, v.Kind, v.TargetId, v.OrgUnitCode, v.Outcome, v.OutcomeConfirmed, v.FinishedAt, v.Day, v.VisitorName,
                TargetName = db.Targets.Where(x => x.Id == v.TargetId).Select(x => x.Name).FirstOrDefault(),
                HazardCount = db.Hazards.Count(h => h.VisitId == v.Id),
            }).ToListAsync(ct);
        return new VisitPage(total, page, pageSize, [.. rows.Select(r => new VisitListItem(r.Id, r.Kind, r.TargetId, r.TargetName, r.OrgUnitCode,
            r.Outcome, r.OutcomeConfirmed, r.FinishedAt, r.Day, r.VisitorName, r.HazardCount))]);
    }
}

public static class NotificationKinds
{
    public const string CriticalHazard = "critical-hazard";
    public const string HazardDueTomorrow = "hazard-due-tomorrow";
    public const string HazardDueToday = "hazard-due-today";
    public const string ReportReminder = "report-reminder";
    public const string ReportMissing = "report-missing";
}

/// <summary>JSON of the stored answers, header and other hazards: as the API writes them.</summary>
public static class VisitJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>A published template version as a submission needs it: it never changes once published.</summary>
public sealed record CachedTemplate(Guid Id, string CountyCode, ChecklistKind Kind, int Version, ChecklistDefinition Definition);

/// <summary>Parsed template versions by id (a template version never changes once published), read from the database once.</summary>
public static class TemplateCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, CachedTemplate> Templates = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, ChecklistDefinition> Parsed = new();

    public static ChecklistDefinition Parse(Guid id, string json) =>
        Templates.TryGetValue(id, out var cached) ? cached.Definition : Parsed.GetOrAdd(id, _ => ChecklistDefinition.FromJson(json));

    /// <summary>The template version, or null when there is none with this id.</summary>
    public static async Task<CachedTemplate?> GetAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        if (Templates.TryGetValue(id, out var cached))
        {
            return cached;
        }
        var row = await db.ChecklistTemplates.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Id, t.CountyCode, t.Kind, t.Version, t.Definition }).FirstOrDefaultAsync(ct);
        return row is null ? null : Templates.GetOrAdd(id, _ => new CachedTemplate(row.Id, row.CountyCode, row.Kind, row.Version, Parse(row.Id, row.Definition)));
    }
}
