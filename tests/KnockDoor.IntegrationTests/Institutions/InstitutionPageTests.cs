using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Infrastructure.OfficeForms;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Institutions;

/// <summary>The records pages as a browser without JavaScript posts them: scope, refusals next to the form, a second post of the same form.</summary>
public sealed class InstitutionPageTests(Apps apps) : IClassFixture<Apps>
{
    private static async Task<HttpClient> BrowserAsync(KdApp app, string user)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInWithFormAsync(browser, user);
        return browser;
    }

    [Theory, BothEngines]
    public async Task Pages_StaffGoStraightToTheirOwn_OthersAre404_TheLeaderSeesNoForms(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        using var staff = await BrowserAsync(app, "xingfu");
        using (var r = await staff.GetAsync("/Institutions/Records"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal($"/Institutions/Records/{Xingfu}", r.Headers.Location?.OriginalString);
        }
        using (var r = await staff.GetAsync($"/Institutions/Records/{Zhiyuan}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }
        Assert.Contains("id=\"patrol-form\"", await staff.GetStringAsync($"/Institutions/Records/{Xingfu}"), StringComparison.Ordinal);

        using var officer = await BrowserAsync(app, "ningxiang");
        var overview = await officer.GetStringAsync("/Institutions/Records");
        Assert.Contains($"data-code=\"{Xingfu}\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-code=\"{Zhiyuan}\"", overview, StringComparison.Ordinal);

        using var leader = await BrowserAsync(app, "leader");
        var page = await leader.GetStringAsync($"/Institutions/Records/{Zhiyuan}");
        Assert.Contains("巡查记录", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"patrol-form\"", page, StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task PatrolForm_InTheFuture_IsRefusedNextToTheForm_KeepingWhatWasTyped_ThenTwoPostsOfOneFormStoreOneRound(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await InstitutionKit.NewInstitutionAsync(app);
        using var browser = await BrowserAsync(app, "admin");
        var page = await browser.GetStringAsync($"/Institutions/Records/{code}");
        var clientId = System.Text.RegularExpressions.Regex.Match(page, "name=\"PatrolClientId\" value=\"([^\"]+)\"").Groups[1].Value;
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), ChinaTime.Zone);
        var finding = "配电室门锁损坏" + Guid.NewGuid().ToString("N")[..4];

        FormUrlEncodedContent Form(DateTimeOffset at) => new(new List<KeyValuePair<string, string>>
        {
            new("PatrolClientId", clientId),
            new("PatrolAt", at.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
            new("PatrolledBy", "王建国"),
            new("Areas", "配电室"),
            new("Areas", "厨房"),
            new("Findings", finding),
            new("ToHazard", "true"),
            new("HazardSeverity", "High"),
            new("__RequestVerificationToken", Antiforgery(page)),
        });
        using (var refused = await browser.PostAsync($"/Institutions/Records/{code}?handler=Patrol", Form(local.AddHours(2))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("id=\"patrol-error\"", html, StringComparison.Ordinal);
            Assert.Contains("时间不能晚于现在", html, StringComparison.Ordinal);
            Assert.Contains(finding, html, StringComparison.Ordinal);
            Assert.Contains("value=\"配电室\" checked=\"checked\"", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await WithDbAsync(app, db => db.InstitutionPatrols.CountAsync(p => p.OrgUnitCode == code)));

        foreach (var _ in new[] { 1, 2 })
        {
            using var saved = await browser.PostAsync($"/Institutions/Records/{code}?handler=Patrol", Form(local.AddMinutes(-3)));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal($"/Institutions/Records/{code}?done=patrol#patrol", saved.Headers.Location?.OriginalString);
        }
        var stored = await WithDbAsync(app, db => db.InstitutionPatrols.AsNoTracking().Where(p => p.OrgUnitCode == code).ToListAsync());
        var round = Assert.Single(stored);
        Assert.Equal(("配电室、厨房", false), (round.Areas, round.AllClear));
        Assert.Equal(local.AddMinutes(-3).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), ChinaTime.Text(round.At));
        var hazard = await WithDbAsync(app, db => db.Hazards.AsNoTracking().SingleAsync(h => h.Id == round.HazardId));
        Assert.Equal(KnockDoor.Core.Checklists.Severity.High, hazard.Severity);
        Assert.Contains(finding, await browser.GetStringAsync($"/Institutions/Records/{code}"), StringComparison.Ordinal);
    }

    [Theory, BothEngines]
    public async Task PlanForm_ATextFileNamedPdf_IsRefusedWithTheReason_APdfIsTheLatestVersion(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await InstitutionKit.NewInstitutionAsync(app);
        using var browser = await BrowserAsync(app, "ningxiang");
        var page = await browser.GetStringAsync($"/Institutions/Records/{code}");

        async Task<HttpResponseMessage> UploadAsync(byte[] content, string name)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(Antiforgery(page)), "__RequestVerificationToken" },
                { new ByteArrayContent(content), "PlanFile", name },
            };
            return await browser.PostAsync($"/Institutions/Records/{code}?handler=Plan", form);
        }
        using (var refused = await UploadAsync(Encoding.UTF8.GetBytes("不是 PDF"), "预案.pdf"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("id=\"plan-error\"", html, StringComparison.Ordinal);
            Assert.Contains("应急预案只能上传 PDF", html, StringComparison.Ordinal);
        }
        using (var saved = await UploadAsync(Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"), "应急预案.pdf"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var after = await browser.GetStringAsync($"/Institutions/Records/{code}");
        Assert.Contains("id=\"plan-latest\"", after, StringComparison.Ordinal);
        Assert.Contains("应急预案.pdf", after, StringComparison.Ordinal);
        var id = await WithDbAsync(app, db => db.EmergencyPlanDocuments.Where(d => d.OrgUnitCode == code).Select(d => d.Id).SingleAsync());
        using (var download = await browser.GetAsync($"/Institutions/Records/{code}?handler=Plan&id={id}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.AuditEntries.CountAsync(a => a.EntityId == id.ToString() && a.Action == "download")));
    }

    [Theory, BothEngines]
    public async Task ResidentsForm_WhileAWeatherWarningCoversTheTownship_IsPreTickedBadWeather_AndAsksAboutOutings(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var covered = await InstitutionKit.NewInstitutionAsync(app, TestData.Jinluo);
        var elsewhere = await InstitutionKit.NewInstitutionAsync(app);
        var now = app.Clock.GetUtcNow();
        await WithDbAsync(app, async db =>
        {
            var jinluo = await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Code == TestData.Jinluo);
            foreach (var cancelled in new[] { false, true })
            {
                var warning = new KnockDoor.Core.Duties.WeatherWarning
                {
                    Id = Guid.NewGuid(), CountyCode = TestData.County, Kind = KnockDoor.Core.Duties.WeatherKind.HeavySnow,
                    Level = KnockDoor.Core.Duties.WarningLevel.Orange, From = now.AddHours(-2), To = now.AddHours(22), IssuedByName = "县民政局",
                    IssuedAt = now.AddHours(-2), CancelledAt = cancelled ? now.AddHours(-1) : null,
                };
                // The cancelled one covers 宁乡镇: it must not count.
                var township = cancelled ? await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Code == TestData.Ningxiang) : jinluo;
                warning.Areas.Add(new KnockDoor.Core.Duties.WeatherWarningArea
                {
                    Id = Guid.NewGuid(), CountyCode = TestData.County, WarningId = warning.Id, TownshipCode = township.Code, OrgPath = township.Path,
                });
                db.WeatherWarnings.Add(warning);
            }
            return await db.SaveChangesAsync();
        });
        using var browser = await BrowserAsync(app, "admin");
        var page = await browser.GetStringAsync($"/Institutions/Records/{covered}");
        Assert.Contains("id=\"inst-weather\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"BadWeather\" value=\"true\" checked=\"checked\"", page, StringComparison.Ordinal);
        var other = await browser.GetStringAsync($"/Institutions/Records/{elsewhere}");
        Assert.DoesNotContain("id=\"inst-weather\"", other, StringComparison.Ordinal);

        FormUrlEncodedContent Form(bool discouraged) => new(new Dictionary<string, string>
        {
            ["Present"] = "28", ["WentOut"] = "1", ["Outings"] = "王大爷去镇上理发", ["BadWeather"] = "true",
            ["DiscouragedOutings"] = discouraged ? "true" : "false", ["__RequestVerificationToken"] = Antiforgery(page),
        });
        using (var refused = await browser.PostAsync($"/Institutions/Records/{covered}?handler=Residents", Form(false)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("请确认已劝导老人不要独自外出", html, StringComparison.Ordinal);
            Assert.Contains("王大爷去镇上理发", html, StringComparison.Ordinal);
        }
        using (var saved = await browser.PostAsync($"/Institutions/Records/{covered}?handler=Residents", Form(true)))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var day = await WithDbAsync(app, db => db.ResidentDays.AsNoTracking().SingleAsync(r => r.OrgUnitCode == covered));
        Assert.Equal((28, 1, true, true), (day.Present, day.WentOut, day.BadWeather, day.DiscouragedOutings));
        var audit = await WithDbAsync(app, db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == day.Id.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Equal(["create"], audit);
    }

    [Theory, BothEngines]
    public async Task PlanTasks_AddedEditedAndRemoved_EachChangeAudited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await InstitutionKit.NewInstitutionAsync(app);
        using var admin = await app.SignInAsync("admin");
        string id;
        using (var r = await admin.PostAsJsonAsync(InstitutionKit.Api(code, "/plan/tasks"), new { task = "停电时启动发电机", responsible = "王建国", phone = "13835800103" }))
        {
            id = (await r.ExpectAsync(HttpStatusCode.Created)).Str("id");
        }
        using var browser = await BrowserAsync(app, "admin");
        var page = await browser.GetStringAsync($"/Institutions/Records/{code}");
        Assert.Contains("停电时启动发电机", page, StringComparison.Ordinal);
        using (var edited = await browser.PostAsync($"/Institutions/Records/{code}?handler=UpdateTask&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["TaskText"] = "停电时启动发电机并检查供暖", ["TaskResponsible"] = "李秀兰", ["TaskPhone"] = "", ["__RequestVerificationToken"] = Antiforgery(page),
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }
        var task = Assert.Single((await admin.RecordsAsync(code)).GetProperty("tasks").EnumerateArray());
        Assert.Equal(("停电时启动发电机并检查供暖", "李秀兰"), (task.Str("task"), task.Str("responsible")));
        using (var removed = await admin.DeleteAsync(InstitutionKit.Api(code, $"/plan/tasks/{id}")))
        {
            await removed.ExpectAsync(HttpStatusCode.NoContent);
        }
        Assert.Equal(0, (await admin.RecordsAsync(code)).GetProperty("tasks").GetArrayLength());
        var audit = await admin.AuditAsync(id);
        Assert.Equal(["create", "delete", "update"], audit.Select(a => a.Str("action")).Order(StringComparer.Ordinal));
        Assert.Contains("王建国", audit.Single(a => a.Str("action") == "update").Str("before"), StringComparison.Ordinal);
    }
}
