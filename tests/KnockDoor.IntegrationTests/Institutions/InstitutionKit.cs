using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.OrgUnits;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Institutions;

/// <summary>Building an institution's records the way the pages and the API do.</summary>
internal static class InstitutionKit
{
    public static string Api(string code, string path = "") => $"/api/v1/institutions/{code}{path}";

    /// <summary>A fresh institution under 宁乡镇, so a test counts only the records it makes.</summary>
    public static async Task<string> NewInstitutionAsync(KdApp app, string township = TestData.Ningxiang)
    {
        return await WithDbAsync(app, async db =>
        {
            var parent = await db.OrgUnits.FirstAsync(o => o.Code == township);
            string code;
            do
            {
                code = township + "T" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (await db.OrgUnits.AnyAsync(o => o.Code == code));
            db.OrgUnits.Add(new OrgUnit
            {
                Code = code, Name = "测试养老院" + code[^4..], Kind = OrgUnitKind.Institution, ParentCode = township,
                Path = OrgUnit.ChildPath(parent.Path, code), CountyCode = TestData.County,
            });
            await db.SaveChangesAsync();
            return code;
        });
    }

    public static object Patrol(DateTimeOffset at, string? findings = null, bool toHazard = false, Guid? clientId = null, string[]? areas = null) => new
    {
        clientId = clientId ?? Guid.NewGuid(),
        at,
        patrolledBy = "王建国",
        areas = areas ?? ["居室", "厨房"],
        allClear = findings is null,
        findings,
        toHazard,
    };

    public static async Task<JsonElement> PostPatrolAsync(this HttpClient client, string code, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync(Api(code, "/patrols"), body);
        return await response.ExpectAsync(expected);
    }

    public static async Task<JsonElement> RecordsAsync(this HttpClient client, string code, DateOnly? day = null)
    {
        using var response = await client.GetAsync(Api(code, "/records") + (day is { } d ? "?day=" + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : ""));
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<string> AddStaffAsync(this HttpClient client, string code, string name, string role)
    {
        using var response = await client.PostAsJsonAsync(Api(code, "/staff"), new { name, role, phone = TestData.Mobile() });
        return (await response.ExpectAsync(HttpStatusCode.Created)).Str("id");
    }
}
