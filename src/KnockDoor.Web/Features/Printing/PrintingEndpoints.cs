using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Auditing;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Common;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Auditing;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace KnockDoor.Web.Features.Printing;

/// <summary>
/// Paper forms as PDF: one visit, all the visits of a village in the current campaign, and blank forms for a
/// paper round. They carry personal data, so every one is in the caller's scope and audited. Pages are
/// written to a temporary file as they are drawn (never the whole document in memory), then streamed.
/// </summary>
public static class PrintingEndpoints
{
    public const string PdfContentType = "application/pdf";

    public static IServiceCollection AddPrinting(this IServiceCollection services) =>
        services.AddSingleton(sp => PdfFonts.FromApp(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));

    public static void MapPrintingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/visits/{id:guid}/pdf", VisitPdf)
            .RequirePermission(Permission.VisitsRead).WithTags("打印")
            .WithSummary("一次入户的排查清单（PDF，按该次入户所用的清单版本）");
        api.MapGet("/org-units/{code}/visits.pdf", VillageVisitsPdf)
            .RequirePermission(Permission.VisitsRead).WithTags("打印")
            .WithSummary("某村(社区)或机构在当前行动中的全部入户清单（一个 PDF，每次入户从新的一页开始）");
        api.MapGet("/org-units/{code}/blank-forms.pdf", BlankFormsPdf)
            .RequirePermission(Permission.VisitsRead).WithTags("打印")
            .WithSummary("某村(社区)的空白排查清单（每个在册服务对象一页，表头按名册预填，附二维码便于补录）");
    }

    private static async Task<IResult> VisitPdf(Guid id, HttpContext http, AppDbContext db, PdfFonts fonts, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var user = http.RequireUser();
        var visit = await db.Visits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(v => v.Id == id, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var template = await db.ChecklistTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == visit.TemplateId, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Code == visit.OrgUnitCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? visit.OrgUnitCode;
        var sheet = FormSheet.FromVisit(visit, template.Parse(), unit);
        var name = sheet.Header.GetValueOrDefault("placeName") is { Length: > 0 } place ? place : unit;

        var file = TempFile();
        try
        {
            await RenderAsync(file, fonts, $"{sheet.Definition.Title} {name}", clock.GetUtcNow(), pdf =>
            {
                PaperForm.Draw(pdf, sheet, $"{unit} {name} 入户排查清单");
                return Task.FromResult(1);
            });
            audit.Add(user, AuditActions.Export, "pdf", visit.Id.ToString(), visit.OrgUnitCode,
                details: AuditLog.Snapshot(new { Form = "visit", Visits = 1 }));
            await db.SaveChangesAsync(ct);
            return Send(file, $"入户排查清单_{name}_{ChinaTime.Text(visit.FinishedAt, "yyyyMMdd")}.pdf");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<IResult> VillageVisitsPdf(string code, HttpContext http, AppDbContext db, PdfFonts fonts, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var user = http.RequireUser();
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var campaign = await CampaignEndpoints.CurrentAsync(db, user.CountyCode, ct);
        var campaignId = campaign?.Id ?? Guid.Empty;
        // Every version of the county's checklists (a handful of rows): each visit is drawn with its own.
        var templates = (await db.ChecklistTemplates.AsNoTracking().Where(t => t.CountyCode == unit.CountyCode).ToListAsync(ct))
            .ToDictionary(t => t.Id, t => t.Parse());
        var query = db.Visits.AsNoTracking().VisibleTo(user)
            .Where(v => v.OrgUnitCode == unit.Code && v.CampaignId == campaignId)
            .OrderBy(v => v.FinishedAt).ThenBy(v => v.Id);

        var file = TempFile();
        try
        {
            var count = await RenderAsync(file, fonts, $"{unit.Name} 入户排查清单", clock.GetUtcNow(), async pdf =>
            {
                var count = 0;
                await foreach (var visit in query.AsAsyncEnumerable().WithCancellation(ct))
                {
                    if (!templates.TryGetValue(visit.TemplateId, out var definition))
                    {
                        continue;
                    }
                    count++;
                    var sheet = FormSheet.FromVisit(visit, definition, unit.Name);
                    var name = sheet.Header.GetValueOrDefault("placeName") is { Length: > 0 } place ? place : unit.Name;
                    PaperForm.Draw(pdf, sheet, $"{unit.Name}　第 {count.ToString(CultureInfo.InvariantCulture)} 份　{name}");
                }
                if (count == 0)
                {
                    pdf.NewSheet(unit.Name);
                    pdf.Title($"{unit.Name} 入户排查清单");
                    pdf.Caption(campaign is null ? "尚未设置行动。" : $"“{campaign.Name}”中尚无入户记录。");
                }
                return count;
            });
            audit.Add(user, AuditActions.Export, "pdf", unit.Code, unit.Code,
                details: AuditLog.Snapshot(new { Form = "visits", Campaign = campaign?.Name, Visits = count }));
            await db.SaveChangesAsync(ct);
            return Send(file, $"入户排查清单_{unit.Name}_{ChinaTime.Text(clock.GetUtcNow(), "yyyyMMdd")}.pdf");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<IResult> BlankFormsPdf(string code, HttpContext http, AppDbContext db, PdfFonts fonts, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var user = http.RequireUser();
        var unit = await db.OrgUnits.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (unit.Kind != OrgUnitKind.Village)
        {
            throw new AppProblemException(Problems.NotFound);
        }
        var template = await db.ChecklistTemplates.AsNoTracking()
            .Where(t => t.CountyCode == unit.CountyCode && t.Kind == ChecklistKind.Household && t.IsCurrent)
            .OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        var definition = template.Parse();
        var targets = db.Targets.AsNoTracking().VisibleTo(user)
            .Where(t => t.OrgUnitCode == unit.Code && t.Status == TargetStatus.Active)
            .OrderBy(t => t.Name).ThenBy(t => t.Id);
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

        var file = TempFile();
        try
        {
            var count = await RenderAsync(file, fonts, $"{unit.Name} 空白排查清单", clock.GetUtcNow(), async pdf =>
            {
                var count = 0;
                await foreach (var t in targets.AsAsyncEnumerable().WithCancellation(ct))
                {
                    count++;
                    var guardian = !string.IsNullOrWhiteSpace(t.GuardianName);
                    var sheet = new FormSheet
                    {
                        Definition = definition,
                        TemplateVersion = template.Version,
                        UnitName = unit.Name,
                        Blank = true,
                        Header = new Dictionary<string, string>
                        {
                            ["placeName"] = t.Name,
                            ["address"] = t.Address ?? "",
                            ["contactName"] = guardian ? $"{t.GuardianName}（监护人）" : t.Name,
                            ["contactPhone"] = (guardian ? t.GuardianPhone : null) ?? t.Phone ?? "",
                        },
                        TargetLine = $"对象：{t.Name}（{TargetNames.CategoryList(t.Categories)}）",
                        QrUrl = $"{root}/Targets/Details/{t.Id}",
                    };
                    PaperForm.Draw(pdf, sheet, $"{unit.Name}　第 {count.ToString(CultureInfo.InvariantCulture)} 份　{t.Name}");
                }
                if (count == 0)
                {
                    pdf.NewSheet(unit.Name);
                    pdf.Title($"{unit.Name} 空白排查清单");
                    pdf.Caption("该村(社区)名册中没有在册的服务对象。");
                }
                return count;
            });
            audit.Add(user, AuditActions.Export, "pdf", unit.Code, unit.Code,
                details: AuditLog.Snapshot(new { Form = "blank-forms", TemplateVersion = template.Version, Targets = count }));
            await db.SaveChangesAsync(ct);
            return Send(file, $"空白排查清单_{unit.Name}_{ChinaTime.Text(clock.GetUtcNow(), "yyyyMMdd")}.pdf");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Draws a document twice: a dry run that notes the characters used, then the PDF with fonts cut down to
    /// them (a few hundred kB instead of the 10 MB a weight that Skia would embed whole).
    /// </summary>
    public static async Task<int> RenderAsync(Stream output, PdfFonts fonts, string title, DateTimeOffset created, Func<PdfPages, Task<int>> draw,
        SKSize? pageSize = null)
    {
        UsedCharacters used;
        using (var dry = new PdfPages(fonts, pageSize))
        {
            await draw(dry);
            dry.Close();
            used = dry.Used ?? new UsedCharacters();
        }
        using var subset = fonts.Subset(used);
        using var pdf = new PdfPages(output, subset, title, created, pageSize);
        var count = await draw(pdf);
        pdf.Close();
        return count;
    }

    private static FileStream TempFile() =>
        new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    /// <summary>The PDF from the start of the file; the Chinese file name travels as filename* (RFC 6266 / 5987).</summary>
    private static IResult Send(FileStream file, string fileName)
    {
        file.Position = 0;
        return TypedResults.File(file, PdfContentType, fileName);
    }
}
