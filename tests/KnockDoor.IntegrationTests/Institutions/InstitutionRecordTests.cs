using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnockDoor.Core.Common;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Institutions.InstitutionKit;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Institutions;

/// <summary>
/// An institution's records (/api/v1/institutions/{code}/…): scope, validation, idempotent client ids, findings and failed
/// checks becoming hazards of the ledger, the untrained list, the emergency plan's upload rules and audited downloads.
/// </summary>
public sealed class InstitutionRecordTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, BothEngines]
    public async Task Scope_OtherInstitutionsStaffAndOtherTownshipsOfficerGet404_TheCountySeesAll_TheLeaderReadsButCannotWrite(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var now = app.Clock.GetUtcNow();
        using var xingfu = await app.SignInAsync("xingfu");
        using var ningxiang = await app.SignInAsync("ningxiang");
        using var jinluo = await SignInAsJinluoOfficerAsync(app);
        using var admin = await app.SignInAsync("admin");
        using var leader = await app.SignInAsync("leader");

        // Another institution's staff: neither read nor write, and nothing stored.
        using (var r = await xingfu.GetAsync(Api(Zhiyuan, "/records")))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        var stray = Guid.NewGuid();
        await xingfu.PostPatrolAsync(Zhiyuan, Patrol(now, clientId: stray), HttpStatusCode.NotFound);
        // Another township's officer: the 宁乡镇 institution is not theirs.
        using (var r = await jinluo.GetAsync(Api(Xingfu, "/records")))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        using (var r = await jinluo.PutAsJsonAsync(Api(Xingfu, "/residents"), new { present = 10, wentOut = 0 }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.NotFound, "resource.not_found");
        }
        Assert.Equal(0, await WithDbAsync(app, db => db.InstitutionPatrols.CountAsync(p => p.ClientId == stray)));

        // The lists: the institution sees itself, the township its own, the county all.
        async Task<List<string>> ListAsync(HttpClient client)
        {
            using var r = await client.GetAsync("/api/v1/institutions");
            return [.. (await r.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Select(i => i.Str("code"))];
        }
        Assert.Equal([Xingfu], await ListAsync(xingfu));
        var township = await ListAsync(ningxiang);
        Assert.Contains(Xingfu, township);
        Assert.DoesNotContain(Zhiyuan, township);
        var county = await ListAsync(admin);
        Assert.Contains(Xingfu, county);
        Assert.Contains(Zhiyuan, county);
        Assert.DoesNotContain(Xingfu, await ListAsync(jinluo));

        // The county office writes anywhere in the county; the leader reads but gets 403 on a write.
        await admin.PostPatrolAsync(Zhiyuan, Patrol(now));
        await leader.RecordsAsync(Zhiyuan);
        using (var r = await leader.PostAsJsonAsync(Api(Zhiyuan, "/patrols"), Patrol(now)))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        }
        // The township officer reads and writes its institution.
        await ningxiang.PostPatrolAsync(Xingfu, Patrol(now));
        Assert.NotEmpty((await ningxiang.RecordsAsync(Xingfu)).GetProperty("patrols").EnumerateArray());
    }

    [Theory, BothEngines]
    public async Task Validation_FuturePatrol_NegativeResidents_OutingsInBadWeather_LongText_BadDay_AreRefusedWithTheirCodes_NothingStored(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await NewInstitutionAsync(app);
        var now = app.Clock.GetUtcNow();
        using var admin = await app.SignInAsync("admin");

        async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
        {
            using (response)
            {
                await response.ExpectProblemAsync(status, problem);
            }
        }
        // A round an hour ahead; one a few minutes ahead (a phone's clock) is fine; one two months old is out of range.
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/patrols"), Patrol(now.AddHours(1))), HttpStatusCode.BadRequest, "institution.time_in_future");
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/patrols"), Patrol(now.AddDays(-60))), HttpStatusCode.BadRequest, "institution.day_out_of_range");
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/patrols"), Patrol(now, findings: new string('漏', 2001))), HttpStatusCode.BadRequest, "institution.text_too_long");
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/patrols"), new { clientId = Guid.NewGuid(), at = now, patrolledBy = "王建国", areas = new[] { "厨房" }, allClear = false }),
            HttpStatusCode.BadRequest, "institution.findings_required");
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/checks"), new
        {
            clientId = Guid.NewGuid(), at = now.AddHours(2), checkedBy = "张杰荣", items = new[] { new { system = "Gas", passed = true } },
        }), HttpStatusCode.BadRequest, "institution.time_in_future");
        // A phone sends China time (+08:00); a time a few minutes ahead is its clock running fast.
        await admin.PostPatrolAsync(code, Patrol(now.AddMinutes(3).ToOffset(TimeSpan.FromHours(8))));

        var today = ChinaTime.Today(app.Clock);
        await RefusedAsync(await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today, present = -1, wentOut = 0 }), HttpStatusCode.BadRequest, "institution.count_invalid");
        await RefusedAsync(await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today, present = 30, wentOut = -2 }), HttpStatusCode.BadRequest, "institution.count_invalid");
        await RefusedAsync(await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today.AddDays(1), present = 30, wentOut = 0 }), HttpStatusCode.BadRequest, "institution.time_in_future");
        await RefusedAsync(await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today, present = 30, wentOut = 2, badWeather = true }),
            HttpStatusCode.BadRequest, "institution.outing_advice_required");
        await RefusedAsync(await admin.PutAsJsonAsync(Api(code, "/supplies"), new { kind = "Water", name = "桶装水", unit = "桶", target = 10, onHand = -1 }),
            HttpStatusCode.BadRequest, "institution.count_invalid");
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/duty"), new { day = today.AddDays(40), shift = "Night", staffName = "王建国" }),
            HttpStatusCode.BadRequest, "institution.day_out_of_range");
        await RefusedAsync(await admin.PostAsJsonAsync(Api(code, "/duty"), new { day = today, shift = "Night", staffName = new string('王', 51) }),
            HttpStatusCode.BadRequest, "institution.text_too_long");

        var stored = await WithDbAsync(app, async db => (
            await db.InstitutionPatrols.CountAsync(p => p.OrgUnitCode == code), await db.ResidentDays.CountAsync(r => r.OrgUnitCode == code),
            await db.EquipmentChecks.CountAsync(c => c.OrgUnitCode == code), await db.SupplyStocks.CountAsync(s => s.OrgUnitCode == code),
            await db.DutyRoster.CountAsync(d => d.OrgUnitCode == code)));
        Assert.Equal((1, 0, 0, 0, 0), stored);

        // In bad weather with the advice given, the day is stored, and a second save corrects it in place.
        using (var r = await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today, present = 30, wentOut = 2, badWeather = true, discouragedOutings = true }))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        using (var r = await admin.PutAsJsonAsync(Api(code, "/residents"), new { day = today, present = 31, wentOut = 1, badWeather = true, discouragedOutings = true }))
        {
            Assert.Equal(31, (await r.ExpectAsync(HttpStatusCode.OK)).GetProperty("present").GetInt32());
        }
        Assert.Equal(1, await WithDbAsync(app, db => db.ResidentDays.CountAsync(r => r.OrgUnitCode == code)));
    }

    [Theory, BothEngines]
    public async Task SameClientId_TwiceAndAtOnce_StoresOneRound_OneSetOfChecks_OneTraining(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await NewInstitutionAsync(app);
        var now = app.Clock.GetUtcNow();
        using var admin = await app.SignInAsync("admin");

        var round = Patrol(now.AddMinutes(-5), findings: "楼梯扶手松动", toHazard: true);
        var first = await admin.PostPatrolAsync(code, round);
        var again = await admin.PostPatrolAsync(code, round, HttpStatusCode.OK);
        Assert.Equal(first.Str("id"), again.Str("id"));
        // A double tap: both at once.
        var tap = Patrol(now.AddMinutes(-4), findings: "走廊灯不亮", toHazard: true);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var r = await admin.PostAsJsonAsync(Api(code, "/patrols"), tap);
            Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            return (await r.JsonAsync()).Str("id");
        }));
        Assert.Equal(both[0], both[1]);
        var (patrols, hazards) = await WithDbAsync(app, async db => (
            await db.InstitutionPatrols.CountAsync(p => p.OrgUnitCode == code), await db.Hazards.CountAsync(h => h.OrgUnitCode == code)));
        Assert.Equal((2, 2), (patrols, hazards));

        var checks = new
        {
            clientId = Guid.NewGuid(), at = now, checkedBy = "张杰荣",
            items = new object[] { new { system = "Water", passed = true }, new { system = "Heating", passed = false, note = "暖气片漏水" } },
        };
        using (var r = await admin.PostAsJsonAsync(Api(code, "/checks"), checks))
        {
            Assert.Equal(2, (await r.ExpectAsync(HttpStatusCode.Created)).GetArrayLength());
        }
        using (var r = await admin.PostAsJsonAsync(Api(code, "/checks"), checks))
        {
            Assert.Equal(2, (await r.ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        }
        var staff = await admin.AddStaffAsync(code, "刘桂英", "Carer");
        var training = new { clientId = Guid.NewGuid(), day = ChinaTime.Today(app.Clock), topic = "消防安全", trainer = "郭明", attendees = new[] { staff } };
        using (var r = await admin.PostAsJsonAsync(Api(code, "/trainings"), training))
        {
            await r.ExpectAsync(HttpStatusCode.Created);
        }
        using (var r = await admin.PostAsJsonAsync(Api(code, "/trainings"), training))
        {
            await r.ExpectAsync(HttpStatusCode.OK);
        }
        var stored = await WithDbAsync(app, async db => (
            await db.EquipmentChecks.CountAsync(c => c.OrgUnitCode == code), await db.Hazards.CountAsync(h => h.OrgUnitCode == code),
            await db.TrainingSessions.CountAsync(t => t.OrgUnitCode == code), await db.TrainingAttendances.CountAsync(a => a.StaffId == Guid.Parse(staff))));
        Assert.Equal((2, 3, 1, 1), stored);
    }

    [Theory, BothEngines]
    public async Task FindingAndFailedCheck_BecomeHazardsOfTheLedger_AtTheInstitution_KeptOnTheRecord_AndAudited(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var now = app.Clock.GetUtcNow();
        using var staff = await app.SignInAsync("xingfu");
        using var admin = await app.SignInAsync("admin");

        var findings = "锅炉房门口堆放煤渣" + Guid.NewGuid().ToString("N")[..6];
        var patrol = await staff.PostPatrolAsync(Xingfu, Patrol(now.AddMinutes(-10), findings: findings, toHazard: true, areas: ["锅炉房"]));
        var hazardId = patrol.Str("hazardId");
        using (var r = await staff.GetAsync($"/api/v1/hazards/{hazardId}"))
        {
            var hazard = await r.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(Xingfu, hazard.Str("orgUnitCode"));
            Assert.Equal(JsonValueKind.Null, hazard.GetProperty("targetId").ValueKind);
            Assert.Contains(findings, hazard.Str("description"), StringComparison.Ordinal);
            Assert.Equal("Open", hazard.Str("status"));
        }
        // It is in the ledger the township sees.
        using var officer = await app.SignInAsync("ningxiang");
        using (var r = await officer.GetAsync($"/api/v1/hazards?orgUnitCode={Xingfu}&pageSize=200"))
        {
            Assert.Contains(hazardId, (await r.ExpectAsync(HttpStatusCode.OK)).ToString(), StringComparison.Ordinal);
        }

        // A round recorded without converting, converted later (转为隐患); a second conversion is refused.
        var later = await staff.PostPatrolAsync(Xingfu, Patrol(now.AddMinutes(-9), findings: "二楼走廊地面湿滑"));
        Assert.Equal(JsonValueKind.Null, later.GetProperty("hazardId").ValueKind);
        using (var r = await staff.PostAsJsonAsync(Api(Xingfu, $"/patrols/{later.Str("id")}/hazard"), new { severity = "High" }))
        {
            var converted = await r.ExpectAsync(HttpStatusCode.OK);
            using var h = await staff.GetAsync($"/api/v1/hazards/{converted.Str("hazardId")}");
            Assert.Equal("High", (await h.ExpectAsync(HttpStatusCode.OK)).Str("severity"));
        }
        using (var r = await staff.PostAsJsonAsync(Api(Xingfu, $"/patrols/{later.Str("id")}/hazard"), new { severity = "High" }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "institution.already_hazard");
        }
        var clear = await staff.PostPatrolAsync(Xingfu, Patrol(now.AddMinutes(-8)));
        using (var r = await staff.PostAsJsonAsync(Api(Xingfu, $"/patrols/{clear.Str("id")}/hazard"), new { }))
        {
            await r.ExpectProblemAsync(HttpStatusCode.Conflict, "institution.no_findings");
        }

        // Failed checks: gas is a high hazard, water a medium one; a pass makes none.
        using (var r = await staff.PostAsJsonAsync(Api(Xingfu, "/checks"), new
        {
            clientId = Guid.NewGuid(), at = now.AddMinutes(-5), checkedBy = "张杰荣",
            items = new object[]
            {
                new { system = "Gas", passed = false, note = "燃气报警器失灵" },
                new { system = "Water", passed = false, note = "水管冻裂" },
                new { system = "FireFighting", passed = true },
            },
        }))
        {
            var rows = (await r.ExpectAsync(HttpStatusCode.Created)).EnumerateArray().ToDictionary(c => c.Str("system"));
            Assert.Equal(JsonValueKind.Null, rows["FireFighting"].GetProperty("hazardId").ValueKind);
            foreach (var (system, severity) in new[] { ("Gas", "High"), ("Water", "Medium") })
            {
                using var h = await staff.GetAsync($"/api/v1/hazards/{rows[system].Str("hazardId")}");
                var hazard = await h.ExpectAsync(HttpStatusCode.OK);
                Assert.Equal((severity, Xingfu), (hazard.Str("severity"), hazard.Str("orgUnitCode")));
            }
            // The audit: the check and its hazard, by the staff account.
            var checkAudit = await admin.AuditAsync(rows["Gas"].Str("id"), "create");
            Assert.Equal("xingfu", Assert.Single(checkAudit).Str("userName"));
            Assert.Single(await admin.AuditAsync(rows["Gas"].Str("hazardId"), "create"));
        }
        var patrolAudit = await admin.AuditAsync(patrol.Str("id"), "create");
        Assert.Contains(findings, Assert.Single(patrolAudit).Str("after"), StringComparison.Ordinal);
        Assert.Single(await admin.AuditAsync(later.Str("id"), "update"));
    }

    [Theory, BothEngines]
    public async Task Untrained_AreTheActiveStaffWithNoSessionSinceTheCampaignStarted_ByRole(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await NewInstitutionAsync(app);
        using var admin = await app.SignInAsync("admin");
        var legal = await admin.AddStaffAsync(code, "张杰荣", "LegalRepresentative");
        var carer = await admin.AddStaffAsync(code, "刘桂英", "Carer");
        await admin.AddStaffAsync(code, "赵丽萍", "Carer");
        var fire = await admin.AddStaffAsync(code, "王建国", "FireControl");
        var left = await admin.AddStaffAsync(code, "离职人员", "Other");
        using (var r = await admin.DeleteAsync(Api(code, $"/staff/{left}")))
        {
            await r.ExpectAsync(HttpStatusCode.NoContent);
        }
        Assert.Equal(4, (await admin.RecordsAsync(code)).GetProperty("untrained").GetArrayLength());

        using (var r = await admin.PostAsJsonAsync(Api(code, "/trainings"), new
        {
            clientId = Guid.NewGuid(), day = ChinaTime.Today(app.Clock), topic = "一氧化碳中毒预防", trainer = "郭明", attendees = new[] { legal, carer },
        }))
        {
            Assert.Equal(2, (await r.ExpectAsync(HttpStatusCode.Created)).GetProperty("attendeeCount").GetInt32());
        }
        // Someone else's staff cannot be an attendee.
        using (var other = await app.SignInAsync("admin"))
        {
            var foreign = await other.AddStaffAsync(Xingfu, "外单位人员", "Carer");
            using var r = await admin.PostAsJsonAsync(Api(code, "/trainings"), new
            {
                clientId = Guid.NewGuid(), day = ChinaTime.Today(app.Clock), topic = "演练", trainer = "郭明", attendees = new[] { fire, foreign },
            });
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "institution.staff_unknown");
        }
        var untrained = (await admin.RecordsAsync(code)).GetProperty("untrained").EnumerateArray()
            .Select(s => (s.Str("name"), s.Str("role"))).OrderBy(s => s.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal([("王建国", "FireControl"), ("赵丽萍", "Carer")], untrained);
        using var list = await admin.GetAsync("/api/v1/institutions");
        var overview = await list.ExpectAsync(HttpStatusCode.OK);
        var row = overview.EnumerateArray().Single(i => i.Str("code") == code);
        Assert.Equal((4, 2), (row.GetProperty("staff").GetInt32(), row.GetProperty("untrained").GetInt32()));
    }

    [Theory, BothEngines]
    public async Task Plan_RefusesOversizedAndNonDocuments_KeepsVersions_AuditsEveryDownload(Engine engine)
    {
        var app = await apps.GetAsync(engine);
        var code = await NewInstitutionAsync(app);
        using var admin = await app.SignInAsync("admin");

        async Task<HttpResponseMessage> UploadAsync(byte[] content, string name)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", name);
            return await admin.PostAsync(Api(code, "/plan"), form);
        }
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        var big = new byte[10 * 1024 * 1024 + 1];
        pdf.CopyTo(big, 0);
        using (var r = await UploadAsync(big, "预案.pdf"))
        {
            await r.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "institution.plan_too_large");
        }
        var exe = new byte[512];
        "MZ"u8.CopyTo(exe);
        foreach (var (content, name) in new[]
        {
            (exe, "setup.exe"), (exe, "预案.pdf"), (Encoding.UTF8.GetBytes("这是一个文本文件，不是 PDF"), "预案.pdf"),
            (pdf, "预案.exe"), (Zip(("hello.txt", "x")), "预案.docx"),
        })
        {
            using var r = await UploadAsync(content, name);
            await r.ExpectProblemAsync(HttpStatusCode.BadRequest, "institution.plan_type");
        }
        Assert.Equal(0, await WithDbAsync(app, db => db.EmergencyPlanDocuments.CountAsync(d => d.OrgUnitCode == code)));

        using (var r = await UploadAsync(pdf, "灾害天气应急预案.pdf"))
        {
            Assert.Equal("application/pdf", (await r.ExpectAsync(HttpStatusCode.Created)).Str("contentType"));
        }
        var docx = Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));
        string latestId;
        using (var r = await UploadAsync(docx, "灾害天气应急预案（修订）.docx"))
        {
            latestId = (await r.ExpectAsync(HttpStatusCode.Created)).Str("id");
        }
        var versions = (await admin.RecordsAsync(code)).GetProperty("planVersions");
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal(latestId, versions[0].Str("id"));

        using (var r = await admin.GetAsync(Api(code, "/plan")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(docx, await r.Content.ReadAsByteArrayAsync());
        }
        using var officer = await app.SignInAsync("ningxiang");
        using (var r = await officer.GetAsync(Api(code, $"/plan/{versions[1].Str("id")}")))
        {
            Assert.Equal(pdf, await r.Content.ReadAsByteArrayAsync());
        }
        Assert.Single(await admin.AuditAsync(latestId, "download"));
        Assert.Equal("ningxiang", Assert.Single(await admin.AuditAsync(versions[1].Str("id"), "download")).Str("userName"));
        Assert.Single(await admin.AuditAsync(latestId, "create"));
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }
        return buffer.ToArray();
    }
}
