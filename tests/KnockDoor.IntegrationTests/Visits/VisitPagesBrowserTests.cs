using System.Net;
using System.Text.RegularExpressions;
using KnockDoor.Core.Checklists;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Visits;

/// <summary>
/// The office pages of visits in a real browser, as the township officer (demo ningxiang) uses them: a visit's
/// details with its PDF, the institution inspection form on a phone and a desktop, and the pending confirmations.
/// </summary>
public sealed partial class VisitPagesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string XingfuName = "城区幸福养老服务中心";

    [GeneratedRegex(@"/Visits/Details/([0-9a-f-]{36})$")]
    private static partial Regex DetailsUrl();

    /// <summary>A signature drawn on a canvas by the browser, as the phone sends it (PNG base64, no data: prefix).</summary>
    private static async Task<string> SignaturePngAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var dataUrl = await page.EvaluateAsync<string>("""
            () => { const c = document.createElement('canvas'); c.width = 300; c.height = 100;
              const g = c.getContext('2d'); g.lineWidth = 3; g.strokeStyle = '#000'; g.beginPath(); g.moveTo(20, 70);
              for (let x = 20; x < 280; x += 20) g.lineTo(x, x % 40 ? 30 : 70); g.stroke(); return c.toDataURL('image/png'); }
            """);
        await page.CloseAsync();
        return dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..];
    }

    [Theory, BothEngines]
    public async Task Details_VisitWithHazardsAndSignature_ShowsWordingAnswersMarksSignatureVersionAndPdf(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var (templateId, definition) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        var targetId = await NewTargetAsync(app);
        var answers = SafeAnswers(definition).Where(a => (string)a["code"]! is not ("H04" or "H13")).ToList();
        answers.Add(Answer("H04", "Yes", fixedOnSpot: true, note: "已更换老化线路"));
        answers.Add(Answer("H13", "Yes", note: "屋内烧炭取暖"));
        var others = new[] { new Dictionary<string, object?> { ["text"] = "院内柴草堆放靠近火炉", ["fixedOnSpot"] = false, ["note"] = "已告知清理" } };
        var body = Household(app, templateId, targetId, answers, otherHazards: others);
        body["header"] = new Dictionary<string, string> { ["placeName"] = "试详情住户", ["address"] = "宁乡演示一村三组 8 号", ["structure"] = "砖混结构" };
        body["tasks"] = "三日内复查线路更换情况";
        body["signerName"] = "试签字人";
        await using (var scratch = await fixture.ContextAsync(app))
        {
            body["signaturePng"] = await SignaturePngAsync(scratch);
        }
        using var worker = await app.SignInAsync("worker");
        var visit = await worker.PostVisitAsync(body);
        var visitId = visit.Str("id");
        var version = visit.GetProperty("templateVersion").GetInt32();

        foreach (var viewport in new[] { BrowserPages.Desktop, BrowserPages.Phone })
        {
            await using var context = await fixture.ContextAsync(app, viewport);
            var page = await context.NewPageAsync();
            await page.SignInAsync("ningxiang");

            var response = await page.GotoAsync($"/Visits/Details/{visitId}");
            Assert.True(response is { Ok: true }, $"GET /Visits/Details answered {response?.Status}");

            Assert.Contains(definition.Title, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal($"检查表第 {version} 版", (await page.Locator("#template-version").InnerTextAsync()).Trim());
            var facts = await page.Locator("dl.fields").InnerTextAsync();
            Assert.Contains("试详情住户", facts, StringComparison.Ordinal);
            Assert.Contains("宁乡演示一村三组 8 号", facts, StringComparison.Ordinal);
            Assert.Contains("砖混结构", facts, StringComparison.Ordinal);

            // Every item in the wording of the version used, with its answer.
            foreach (var item in definition.AllItems)
            {
                Assert.Contains(item.Text, await page.Locator($"tr[data-code='{item.Code}']").InnerTextAsync(), StringComparison.Ordinal);
            }
            var fixedRow = page.Locator("tr[data-code='H04']");
            Assert.Contains("hazard", await fixedRow.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            var fixedText = await fixedRow.InnerTextAsync();
            Assert.Contains("是", fixedText, StringComparison.Ordinal);
            Assert.Contains("隐患 · 较大", fixedText, StringComparison.Ordinal);
            Assert.Contains("现场已整改", fixedText, StringComparison.Ordinal);
            Assert.Contains("已更换老化线路", fixedText, StringComparison.Ordinal);
            var openRow = page.Locator("tr[data-code='H13']");
            Assert.Contains("hazard", await openRow.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            var openText = await openRow.InnerTextAsync();
            Assert.Contains("隐患 · 重大", openText, StringComparison.Ordinal);
            Assert.DoesNotContain("现场已整改", openText, StringComparison.Ordinal);
            Assert.Contains("屋内烧炭取暖", openText, StringComparison.Ordinal);
            var safeRow = page.Locator("tr[data-code='H02']");
            Assert.DoesNotContain("hazard", await safeRow.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            Assert.Contains("否", await safeRow.Locator("td[data-label='结果']").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("—", (await page.Locator("tr[data-code='H01'] td[data-label='结果']").InnerTextAsync()).Trim());

            var other = page.Locator("#other-hazards li.hazard");
            Assert.Contains("院内柴草堆放靠近火炉（已告知清理）", await other.InnerTextAsync(), StringComparison.Ordinal);
            var hazards = page.Locator("#hazards");
            Assert.Contains("隐患登记（3 条）", await hazards.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(2, await hazards.Locator("li", new LocatorLocatorOptions { HasTextString = "待整改" }).CountAsync());
            Assert.Equal(1, await hazards.Locator("li", new LocatorLocatorOptions { HasTextString = "现场已整改" }).CountAsync());

            var tasks = await page.Locator("#tasks").InnerTextAsync();
            Assert.Contains("三日内复查线路更换情况", tasks, StringComparison.Ordinal);
            Assert.Contains("试签字人", tasks, StringComparison.Ordinal);
            var signature = page.Locator("#tasks img.signature");
            Assert.Equal($"/api/v1/visits/{visitId}/signature.png", await signature.GetAttributeAsync("src"));
            await signature.EvaluateAsync("""
                img => img.complete && img.naturalWidth > 0 ? null
                  : new Promise((ok, fail) => { img.onload = ok; img.onerror = () => fail(new Error('signature image did not load')); })
                """);
            Assert.Equal(300, await signature.EvaluateAsync<int>("img => img.naturalWidth"));

            var pdfLink = page.Locator("#visit-pdf");
            Assert.True(await pdfLink.IsVisibleAsync());
            var href = await pdfLink.GetAttributeAsync("href") ?? throw new InvalidOperationException("The PDF link has no href.");
            var pdf = await context.APIRequest.GetAsync(href);
            Assert.Equal((int)HttpStatusCode.OK, pdf.Status);
            Assert.StartsWith("application/pdf", pdf.Headers["content-type"], StringComparison.Ordinal);
            Assert.Equal("%PDF"u8.ToArray(), (await pdf.BodyAsync())[..4]);
        }
    }

    /// <summary>Answers the institution checklist: I03 (gas, critical) a hazard fixed on the spot, I06 (no anti-slip) left open, the rest safe.</summary>
    private static async Task AnswerInstitutionAsync(IPage page, ChecklistDefinition definition, params string[] skip)
    {
        foreach (var item in definition.AllItems.Where(i => !skip.Contains(i.Code)))
        {
            var answer = item.Code is "I03" or "I06" ? item.HazardIf!.Value : item.HazardIf == HazardAnswer.Yes ? HazardAnswer.No : HazardAnswer.Yes;
            await page.Locator($"input[type=radio][name=a_{item.Code}][value={answer}]").CheckAsync();
        }
    }

    private static async Task<IPage> OpenInspectionAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync("ningxiang");
        var response = await page.GotoAsync($"/Institutions/Inspect/{Xingfu}");
        Assert.True(response is { Ok: true }, $"GET /Institutions/Inspect answered {response?.Status}");
        return page;
    }

    [Theory, BothEngines]
    public async Task Inspect_TownshipFillsInstitutionChecklistOnPhoneAndDesktop_VisitWithHazardsOnDetails(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var (_, definition) = await CurrentTemplateAsync(app, ChecklistKind.Institution);
        using var officer = await app.SignInAsync("ningxiang");

        foreach (var viewport in new[] { BrowserPages.Phone, BrowserPages.Desktop })
        {
            await using var context = await fixture.ContextAsync(app, viewport);
            var page = await OpenInspectionAsync(context);
            Assert.Contains(definition.Title, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(XingfuName, await page.Locator("input[name=h_placeName]").InputValueAsync());
            Assert.Equal(1, await page.Locator("label:has(input[name=h_placeName]) .req").CountAsync());
            Assert.Equal(0, await page.Locator("label:has(input[name=h_address]) .req").CountAsync());
            var address = $"城区幸福路 {viewport.Width} 号";

            await page.Locator("input[name=h_address]").FillAsync(address);
            await page.Locator("input[name=h_residents]").FillAsync("42");
            await page.Locator("input[name=h_staffOnDuty]").FillAsync("7");
            await page.Locator("input[name=h_contactName]").FillAsync("试院长");
            await page.Locator("input[name=h_contactPhone]").FillAsync("13912345678");
            await AnswerInstitutionAsync(page, definition);
            await page.Locator("input[name=f_I03]").CheckAsync();
            await page.Locator("input[name=n_I06]").FillAsync("楼梯未铺防滑垫");
            await page.Locator("textarea[name=OtherHazards]").FillAsync("消防通道堆放杂物");
            await page.Locator("textarea[name=Tasks]").FillAsync("一周内铺设防滑垫");
            await page.Locator("input[name=SignerName]").FillAsync("试院长");
            await page.Locator("#inspect button[type=submit]").ClickAsync();

            await page.WaitForURLAsync(DetailsUrl());
            var visitId = DetailsUrl().Match(new Uri(page.Url).AbsolutePath).Groups[1].Value;
            var fields = await page.Locator("dl.fields").InnerTextAsync();
            Assert.Contains(XingfuName, fields, StringComparison.Ordinal);
            Assert.Contains(address, fields, StringComparison.Ordinal);
            Assert.Contains("现场已整改", await page.Locator("tr[data-code='I03']").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("hazard", await page.Locator("tr[data-code='I06']").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            Assert.Contains("楼梯未铺防滑垫", await page.Locator("tr[data-code='I06']").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("hazard", await page.Locator("tr[data-code='I01']").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            Assert.Contains("消防通道堆放杂物", await page.Locator("#other-hazards").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("隐患登记（3 条）", await page.Locator("#hazards h2").InnerTextAsync(), StringComparison.Ordinal);

            using var stored = await officer.GetAsync($"/api/v1/visits/{visitId}");
            var visit = await stored.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(Xingfu, visit.Str("institutionCode"));
            Assert.False(visit.GetProperty("isSelfCheck").GetBoolean());
            var hazards = visit.GetProperty("hazards").EnumerateArray()
                .ToDictionary(h => h.GetProperty("itemCode").GetString() ?? "其他", h => h.Str("status"));
            Assert.Equal(new Dictionary<string, string> { ["I03"] = "FixedOnSpot", ["I06"] = "Open", ["其他"] = "Open" }, hazards);
        }
    }

    [Theory, BothEngines]
    public async Task Inspect_RequiredHeaderBlank_SubmitBlockedWithTheFieldNamed(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var (_, definition) = await CurrentTemplateAsync(app, ChecklistKind.Institution);
        await using var context = await fixture.ContextAsync(app, BrowserPages.Phone);
        var page = await OpenInspectionAsync(context);
        var posts = page.CountRequests("POST", "/Institutions/Inspect");
        var inspectUrl = page.Url;

        await page.Locator("input[name=h_placeName]").FillAsync("");
        await AnswerInstitutionAsync(page, definition, skip: "I05");
        await page.Locator("#inspect button[type=submit]").ClickAsync();

        var alert = page.Locator("#form-message [role=alert]");
        await alert.WaitForAsync();
        var text = await alert.InnerTextAsync();
        Assert.Contains("表头必填项未填写：机构名称", text, StringComparison.Ordinal);
        Assert.Contains("还有 1 项未回答（已标红）：I05", text, StringComparison.Ordinal);
        Assert.True(await alert.IsVisibleAsync());
        Assert.Contains("missing", await page.Locator("input[name=h_placeName]").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Contains("missing", await page.Locator("#item-I05").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal(0, posts());
        Assert.Equal(inspectUrl, page.Url);

        // Filled in: the marks go and the form is sent.
        await page.Locator("input[name=h_placeName]").FillAsync(XingfuName);
        Assert.DoesNotContain("missing", await page.Locator("input[name=h_placeName]").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await page.Locator("input[type=radio][name=a_I05][value=Yes]").CheckAsync();
        await page.Locator("#inspect button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(DetailsUrl());
        Assert.Equal(1, posts());
    }

    [Theory, BothEngines]
    public async Task Inspect_RequiredHeaderBlankSentAnyway_ServerRefusesAndFormShowsTheMessage(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var (_, definition) = await CurrentTemplateAsync(app, ChecklistKind.Institution);
        await using var context = await fixture.ContextAsync(app, BrowserPages.Desktop);
        var page = await OpenInspectionAsync(context);
        var visitId = await page.Locator("input[name=VisitId]").InputValueAsync();

        await page.Locator("input[name=h_placeName]").FillAsync(" ");
        await page.Locator("input[name=h_address]").FillAsync("城区幸福路 1 号");
        await AnswerInstitutionAsync(page, definition);
        // form.submit() skips the page's own check, as a browser without script would (and old cached pages).
        await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("() => HTMLFormElement.prototype.submit.call(document.getElementById('inspect'))"),
            r => r.Request.Method == "POST" && r.Url.Contains("/Institutions/Inspect", StringComparison.Ordinal));

        var alert = page.Locator("main > .alert.error[role=alert]");
        await alert.WaitForAsync();
        Assert.Contains("表头必填项未填写：机构名称", await alert.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("城区幸福路 1 号", await page.Locator("input[name=h_address]").InputValueAsync());
        using var officer = await app.SignInAsync("ningxiang");
        using var stored = await officer.GetAsync($"/api/v1/visits/{visitId}");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Theory, BothEngines]
    public async Task Pending_OfficerConfirmsMovedAway_RowGoesAndRegistryStatusChanges(Engine engine)
    {
        var app = await fixture.AppAsync(engine);
        var (templateId, _) = await CurrentTemplateAsync(app, ChecklistKind.Household);
        using var admin = await app.SignInAsync("admin");
        var name = TestData.Name();
        var targetId = (await admin.CreateTargetAsync(TestData.Target(TestData.NingxiangVillage, name: name))).Str("id");
        using var worker = await app.SignInAsync("worker");
        var body = Household(app, templateId, targetId, [], outcome: "MovedAway");
        body.Remove("header");
        body["signaturePng"] = null;
        body["outcomeReason"] = "已随子女搬至太原居住";
        var visitId = (await worker.PostVisitAsync(body)).Str("id");

        await using var context = await fixture.ContextAsync(app, BrowserPages.Phone);
        var page = await context.NewPageAsync();
        await page.SignInAsync("ningxiang");
        await page.GotoAsync("/Visits/Pending");
        var row = page.Locator("#pending tbody tr", new PageLocatorOptions { Has = page.Locator($"a[href='/Visits/Details/{visitId}']") });
        var rowText = await row.InnerTextAsync();
        Assert.Contains(name, rowText, StringComparison.Ordinal);
        Assert.Contains("已迁出", rowText, StringComparison.Ordinal);
        Assert.Contains("已随子女搬至太原居住", rowText, StringComparison.Ordinal);

        await row.Locator("button[type=submit]").ClickAsync();

        var ok = page.Locator(".alert.ok[role=status]");
        await ok.WaitForAsync();
        Assert.Contains($"已确认：{name}（已迁出）", await ok.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"a[href='/Visits/Details/{visitId}']").CountAsync());
        using var target = await admin.GetAsync($"/api/v1/targets/{targetId}");
        Assert.Equal("MovedAway", (await target.ExpectAsync(HttpStatusCode.OK)).Str("status"));
        using var officer = await app.SignInAsync("ningxiang");
        using var visit = await officer.GetAsync($"/api/v1/visits/{visitId}");
        Assert.True((await visit.ExpectAsync(HttpStatusCode.OK)).GetProperty("outcomeConfirmed").GetBoolean());
    }
}
