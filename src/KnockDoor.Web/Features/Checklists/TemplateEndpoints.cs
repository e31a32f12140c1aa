using KnockDoor.Core.Accounts;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Checklists;

public sealed record TemplateDto(Guid Id, ChecklistKind Kind, int Version, string Name, ChecklistDefinition Definition, DateTimeOffset PublishedAt, bool IsCurrent, string? ChangeNote)
{
    public static TemplateDto From(ChecklistTemplate t) => new(t.Id, t.Kind, t.Version, t.Name, t.Parse(), t.PublishedAt, t.IsCurrent, t.ChangeNote);
}

public sealed record PublishTemplateRequest(ChecklistDefinition Definition, string? ChangeNote);

/// <summary>Checklist templates: read by everyone who fills or reads forms; published by the county office.</summary>
public static class TemplateEndpoints
{
    public static ChecklistKind? KindFrom(string kind) => kind.ToLowerInvariant() switch
    {
        "household" => ChecklistKind.Household,
        "institution" => ChecklistKind.Institution,
        _ => null,
    };

    public static void MapTemplateApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/checklists").WithTags("检查表模板");

        group.MapGet("/{kind}/current", async (string kind, HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var k = KindFrom(kind) ?? throw new AppProblemException(Problems.NotFound);
            var template = await db.ChecklistTemplates.AsNoTracking()
                .FirstOrDefaultAsync(t => t.CountyCode == user.CountyCode && t.Kind == k && t.IsCurrent, ct)
                ?? throw new AppProblemException(Problems.NotFound);
            return TemplateDto.From(template);
        }).WithSummary("当前版本的检查表（household 入户 / institution 养老机构）");

        group.MapGet("/{kind}/versions", async (string kind, HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var k = KindFrom(kind) ?? throw new AppProblemException(Problems.NotFound);
            var list = await db.ChecklistTemplates.AsNoTracking().Where(t => t.CountyCode == user.CountyCode && t.Kind == k)
                .OrderByDescending(t => t.Version).ToListAsync(ct);
            return list.Select(TemplateDto.From).ToList();
        }).WithSummary("检查表的全部版本");

        group.MapGet("/templates/{id:guid}", async (Guid id, HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var template = await db.ChecklistTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.CountyCode == user.CountyCode, ct)
                ?? throw new AppProblemException(Problems.NotFound);
            return TemplateDto.From(template);
        }).WithSummary("某一版本的检查表（已填写的表单始终按其填写时的版本显示）");

        group.MapPost("/{kind}/versions", async (string kind, PublishTemplateRequest request, HttpContext http, TemplatePublisher publisher, CancellationToken ct) =>
        {
            var k = KindFrom(kind) ?? throw new AppProblemException(Problems.NotFound);
            var published = await publisher.PublishAsync(http.RequireUser(), k, request.Definition, request.ChangeNote, ct);
            return TypedResults.Created($"/api/v1/checklists/templates/{published.Id}", TemplateDto.From(published));
        }).RequirePermission(Permission.TemplatesManage).WithSummary("发布新版本（增删、改写、调整顺序、设置隐患答案和等级）");
    }
}

public sealed class TemplatePublisher(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Checks a definition; returns the problems in Chinese (empty when it can be published).</summary>
    public static List<string> Check(ChecklistDefinition? d)
    {
        var errors = new List<string>();
        if (d is null)
        {
            errors.Add("检查表内容不能为空");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(d.Title))
        {
            errors.Add("检查表标题不能为空");
        }
        var items = d.Sections?.SelectMany(s => s.Items ?? []).ToList() ?? [];
        if (items.Count == 0)
        {
            errors.Add("检查表至少要有一个检查项");
        }
        foreach (var section in d.Sections ?? [])
        {
            if (string.IsNullOrWhiteSpace(section.Title))
            {
                errors.Add("每个分组都要有名称");
            }
        }
        foreach (var item in items)
        {
            if (string.IsNullOrWhiteSpace(item.Code) || item.Code.Length > 16 || !item.Code.All(char.IsAsciiLetterOrDigit))
            {
                errors.Add($"检查项编号“{item.Code}”无效：须为 1–16 位字母或数字");
            }
            if (string.IsNullOrWhiteSpace(item.Text) || item.Text.Length > 200)
            {
                errors.Add($"检查项 {item.Code} 的内容不能为空，且不超过 200 字");
            }
            if (!Enum.IsDefined(item.Severity) || (item.HazardIf is { } h && !Enum.IsDefined(h)))
            {
                errors.Add($"检查项 {item.Code} 的隐患答案或等级无效");
            }
        }
        foreach (var dup in items.GroupBy(i => i.Code).Where(g => g.Count() > 1))
        {
            errors.Add($"检查项编号 {dup.Key} 重复");
        }
        foreach (var dup in (d.Header ?? []).GroupBy(f => f.Key).Where(g => g.Count() > 1))
        {
            errors.Add($"表头字段 {dup.Key} 重复");
        }
        return errors;
    }

    public async Task<ChecklistTemplate> PublishAsync(CurrentUser user, ChecklistKind kind, ChecklistDefinition definition, string? note, CancellationToken ct)
    {
        var errors = Check(definition);
        if (errors.Count > 0)
        {
            throw new AppProblemException((Problems.TemplateInvalid with { Message = string.Join("；", errors) }).With("errors", errors));
        }
        var versions = await db.ChecklistTemplates.Where(t => t.CountyCode == user.CountyCode && t.Kind == kind).ToListAsync(ct);
        var before = versions.FirstOrDefault(v => v.IsCurrent);
        foreach (var v in versions)
        {
            v.IsCurrent = false;
        }
        var template = new ChecklistTemplate
        {
            Id = Guid.NewGuid(),
            CountyCode = user.CountyCode,
            Kind = kind,
            Version = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1,
            Name = definition.Title.Trim(),
            Definition = definition.ToJson(),
            IsCurrent = true,
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = user.Id,
            ChangeNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
        db.ChecklistTemplates.Add(template);
        audit.Add(user, "publish", "checklist", template.Id.ToString(), user.OrgUnitCode,
            before: before is null ? null : new { before.Version }, after: new { template.Version, Kind = kind, template.ChangeNote });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (county, kind, version) index: someone published at the same moment.
            throw new AppProblemException(Problems.VersionConflict);
        }
        return template;
    }
}
