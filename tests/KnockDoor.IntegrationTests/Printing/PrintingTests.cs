using System.Net;
using System.Text.Json;
using KnockDoor.Core.Checklists;
using KnockDoor.Core.Data;
using KnockDoor.Core.Targets;
using KnockDoor.Core.Visits;
using KnockDoor.IntegrationTests.Infrastructure;
using KnockDoor.Web.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace KnockDoor.IntegrationTests.Printing;

/// <summary>
/// Paper forms: the PDF of a visit in its own template version, a village's visits, blank forms, scope and audit.
/// Visits are stored straight through the DbContext (as the visits API stores them), then read back over HTTP;
/// the PDF text is extracted with PdfPig, so the Chinese must be embedded with its Unicode values.
/// </summary>
public sealed class PrintingTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task VisitPdf_ShowsItemsAnswersHeaderAndVisitor(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = TestData.Name();
        var visitor = "走访员" + TestData.Name();
        var id = await InsertVisitAsync(app, TestData.NingxiangVillage, place, visitor, gasLeak: true);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync($"/api/v1/visits/{id}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".pdf", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        Assert.Contains(place, response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        var (text, pages, ticks) = Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("“敲门行动”安全隐患排查清单", text, StringComparison.Ordinal);
        Assert.Contains("燃气管道是否漏气", text, StringComparison.Ordinal);
        Assert.Contains("是否安装一氧化碳报警器", text, StringComparison.Ordinal);
        Assert.Contains("是", text, StringComparison.Ordinal);
        Assert.Contains("否", text, StringComparison.Ordinal);
        Assert.Contains("隐患（重大）", text, StringComparison.Ordinal);
        Assert.Contains("软管老化开裂", text, StringComparison.Ordinal);
        Assert.Contains("现场已整改", text, StringComparison.Ordinal);
        Assert.Contains(place, text, StringComparison.Ordinal);
        Assert.Contains("中阳县宁乡镇测试路8号", text, StringComparison.Ordinal);
        Assert.Contains("13912345678", text, StringComparison.Ordinal);
        Assert.Contains("院内柴草靠近火炉", text, StringComparison.Ordinal);
        Assert.Contains("三日内更换燃气软管", text, StringComparison.Ordinal);
        Assert.Contains(visitor, text, StringComparison.Ordinal);
        Assert.Contains("2024-12-01 09:30", text, StringComparison.Ordinal); // 01:30 UTC in China time
        // Every one of the 22 items is answered: one ticked box each, and 砖混结构 and 居民住宅 in the header.
        Assert.Equal(22 + 2, ticks);
        Assert.True(pages >= 1);

        using var admin = await app.SignInAsync("admin");
        var audit = await admin.AuditAsync(id.ToString(), "export");
        Assert.Contains(audit, a => a.Str("entityType") == "pdf");
    }

    [Theory, BothEngines]
    public async Task VisitPdf_AfterNewTemplateVersion_KeepsTheWordingItWasFilledWith(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var place = TestData.Name();
        var id = await InsertVisitAsync(app, TestData.NingxiangVillage, place, "走访员" + TestData.Name(), gasLeak: false);
        var reworded = "是否在窗外安装防盗网或悬挂广告牌" + Guid.NewGuid().ToString("N")[..6];
        await PublishRewordedH02Async(app, reworded);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync($"/api/v1/visits/{id}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (text, _, _) = Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("是否安装防盗窗、广告牌", text, StringComparison.Ordinal);
        Assert.DoesNotContain(reworded, text, StringComparison.Ordinal);
        Assert.Contains(place, text, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task VillageVisitsPdf_HasEveryVisitOnItsOwnPages(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var first = TestData.Name();
        var second = TestData.Name();
        await InsertVisitAsync(app, TestData.NingxiangVillage, first, "走访员" + TestData.Name(), gasLeak: false);
        await InsertVisitAsync(app, TestData.NingxiangVillage, second, "走访员" + TestData.Name(), gasLeak: true);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync($"/api/v1/org-units/{TestData.NingxiangVillage}/visits.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var pages = pdf.GetPages().Select(p => p.Text).ToList();
        var firstPage = pages.FindIndex(p => p.Contains(first, StringComparison.Ordinal));
        var secondPage = pages.FindIndex(p => p.Contains(second, StringComparison.Ordinal));
        Assert.True(firstPage >= 0, "the first visit is in the village PDF");
        Assert.True(secondPage >= 0, "the second visit is in the village PDF");
        Assert.NotEqual(firstPage, secondPage);
        Assert.Contains("“敲门行动”安全隐患排查清单", pages[secondPage], StringComparison.Ordinal);
        Assert.DoesNotContain(first, pages[secondPage], StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task BlankForms_OnePagePerActiveTargetOfTheVillage_NoIdNumber(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var admin = await app.SignInAsync("admin");
        var target = TestData.Target(TestData.NingxiangVillage);
        var created = await admin.CreateTargetAsync(target);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync($"/api/v1/org-units/{TestData.NingxiangVillage}/blank-forms.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        int active;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            active = await db.Targets.CountAsync(t => t.OrgUnitCode == TestData.NingxiangVillage && t.Status == TargetStatus.Active);
        }
        var (text, pages, ticks) = Read(bytes);
        Assert.Equal(active, pages);
        Assert.Contains(created.Str("name"), text, StringComparison.Ordinal);
        Assert.Contains((string)target["guardianPhone"]!, text, StringComparison.Ordinal);
        Assert.DoesNotContain((string)target["idNumber"]!, text, StringComparison.Ordinal);
        Assert.Contains("燃气管道是否漏气", text, StringComparison.Ordinal);
        Assert.Equal(0, ticks);
    }

    [Theory, BothEngines]
    public async Task OtherTownship_Returns404(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var id = await InsertVisitAsync(app, TestData.JinluoVillage, TestData.Name(), "走访员" + TestData.Name(), gasLeak: false);
        using var officer = await app.SignInAsync("ningxiang");

        using var visits = await officer.GetAsync($"/api/v1/org-units/{TestData.JinluoVillage}/visits.pdf");
        using var blank = await officer.GetAsync($"/api/v1/org-units/{TestData.JinluoVillage}/blank-forms.pdf");
        using var visit = await officer.GetAsync($"/api/v1/visits/{id}/pdf");

        await visits.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        await blank.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        await visit.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
    }

    [Theory, BothEngines]
    public async Task PrintingPage_ListsTheOfficersVillagesWithTheirPdfs(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var officer = await app.SignInAsync("ningxiang");

        using var response = await officer.GetAsync("/Printing");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TestData.NingxiangVillageName, html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/org-units/{TestData.NingxiangVillage}/blank-forms.pdf", html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/org-units/{TestData.NingxiangVillage}/visits.pdf", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.JinluoVillageName, html, StringComparison.Ordinal);
    }

    private static (string Text, int Pages, int Ticks) Read(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.GetPages().ToList();
        var text = string.Join("\n", pages.Select(p => p.Text));
        var ticks = pages.Sum(p => p.Letters.Count(l => l.Value == "√"));
        return (text, pages.Count, ticks);
    }

    private static async Task<Guid> InsertVisitAsync(KdApp app, string village, string place, string visitor, bool gasLeak)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unit = await db.OrgUnits.SingleAsync(o => o.Code == village);
        var campaign = await CampaignEndpoints.CurrentAsync(db, TestData.County, CancellationToken.None)
            ?? throw new InvalidOperationException("The demo county has no campaign.");
        var template = await db.ChecklistTemplates.SingleAsync(t => t.CountyCode == TestData.County && t.Kind == ChecklistKind.Household && t.Version == 1);
        var answers = template.Parse().AllItems.Select(item => new
        {
            code = item.Code,
            answer = item.Code == "H05" ? (gasLeak ? "Yes" : "No") : item.HazardIf == HazardAnswer.Yes ? "No" : "Yes",
            fixedOnSpot = item.Code == "H05",
            note = item.Code == "H05" && gasLeak ? "软管老化开裂" : null,
        });
        var started = new DateTimeOffset(2024, 12, 1, 1, 30, 0, TimeSpan.Zero);
        var visit = new Visit
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            CampaignId = campaign.Id,
            Kind = ChecklistKind.Household,
            OrgUnitCode = village,
            OrgPath = unit.Path,
            TemplateId = template.Id,
            TemplateVersion = template.Version,
            VisitorId = Guid.NewGuid(),
            VisitorName = visitor,
            Outcome = VisitOutcome.Visited,
            StartedAt = started,
            FinishedAt = started.AddMinutes(20),
            ReceivedAt = started.AddMinutes(21),
            Day = new DateOnly(2024, 12, 1),
            Header = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["placeName"] = place,
                ["floors"] = "2",
                ["address"] = "中阳县宁乡镇测试路8号",
                ["residents"] = "3",
                ["vulnerableResidents"] = "1",
                ["floorArea"] = "96",
                ["placeKind"] = "居民住宅",
                ["structure"] = "砖混结构",
                ["floorsUsed"] = "地上2层",
                ["contactName"] = place,
                ["contactPhone"] = "13912345678",
            }),
            Answers = JsonSerializer.Serialize(answers),
            OtherHazards = JsonSerializer.Serialize(new[] { new { text = "院内柴草靠近火炉", fixedOnSpot = true, note = (string?)null } }),
            Tasks = "三日内更换燃气软管",
            Signature = SignaturePng(),
            SignerName = place,
            ContentHash = Guid.NewGuid().ToString("N"),
        };
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return visit.Id;
    }

    /// <summary>A new current version with H02 reworded, as the county office would publish it.</summary>
    private static async Task PublishRewordedH02Async(KdApp app, string reworded)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var templates = await db.ChecklistTemplates.Where(t => t.CountyCode == TestData.County && t.Kind == ChecklistKind.Household).ToListAsync();
        var v1 = templates.Single(t => t.Version == 1);
        var definition = v1.Parse();
        var changed = definition with
        {
            Sections = [.. definition.Sections.Select(s => s with { Items = [.. s.Items.Select(i => i.Code == "H02" ? i with { Text = reworded } : i)] })],
        };
        foreach (var t in templates)
        {
            t.IsCurrent = false;
        }
        db.ChecklistTemplates.Add(new ChecklistTemplate
        {
            Id = Guid.NewGuid(),
            CountyCode = TestData.County,
            Kind = ChecklistKind.Household,
            Version = templates.Max(t => t.Version) + 1,
            Name = v1.Name,
            Definition = changed.ToJson(),
            IsCurrent = true,
            PublishedAt = v1.PublishedAt.AddDays(1),
            ChangeNote = "H02 改写",
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A tiny valid PNG (1×1, white): the signature image as the phone sends it.</summary>
    private static byte[] SignaturePng() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==");
}
