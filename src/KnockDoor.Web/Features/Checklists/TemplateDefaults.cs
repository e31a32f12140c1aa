using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Checklists;

/// <summary>Every county starts with version 1 of the household and the institution checklist.</summary>
public static class TemplateDefaults
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var counties = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.County).Select(o => o.Code).ToListAsync(ct);
        var have = await db.ChecklistTemplates.Select(t => new { t.CountyCode, t.Kind }).Distinct().ToListAsync(ct);
        foreach (var county in counties)
        {
            foreach (var (kind, definition) in new[] { (ChecklistKind.Household, DefaultTemplates.Household()), (ChecklistKind.Institution, DefaultTemplates.Institution()) })
            {
                if (have.Any(h => h.CountyCode == county && h.Kind == kind))
                {
                    continue;
                }
                db.ChecklistTemplates.Add(new ChecklistTemplate
                {
                    Id = Guid.NewGuid(),
                    CountyCode = county,
                    Kind = kind,
                    Version = 1,
                    Name = definition.Title,
                    Definition = definition.ToJson(),
                    IsCurrent = true,
                    PublishedAt = now,
                    ChangeNote = "初始版本（依据中民发〔2024〕36号附件）",
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
