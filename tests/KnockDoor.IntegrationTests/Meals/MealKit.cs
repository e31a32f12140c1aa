using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Core.Targets;
using KnockDoor.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KnockDoor.IntegrationTests.Visits.VisitTestKit;

namespace KnockDoor.IntegrationTests.Meals;

/// <summary>
/// A fresh township of the meal and care tests, seeded directly: a village with elderly people, two day-care centres and an
/// account for each centre and for the township, so that every count is of this test's rows only.
/// </summary>
public static class MealKit
{
    public sealed record Place(string Township, string Village, string Centre, string OtherCentre, List<Guid> People, Guid Outsider,
        string OfficerUser, string StaffUser, string OtherStaffUser);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<Place> SeedAsync(KdApp app, int people = 3)
    {
        var place = await WithDbAsync(app, async db =>
        {
            var county = await db.OrgUnits.FirstAsync(o => o.Code == TestData.County);
            var ningxiangVillage = await db.OrgUnits.FirstAsync(o => o.Code == TestData.NingxiangVillage);
            string township;
            do
            {
                township = TestData.County + Random.Shared.Next(300, 999).ToString(CultureInfo.InvariantCulture);
            }
            while (await db.OrgUnits.AnyAsync(o => o.Code == township));
            var tPath = OrgUnit.ChildPath(county.Path, township);
            var village = township + "001";
            var vPath = OrgUnit.ChildPath(tPath, village);
            var centre = township + "801";
            var other = township + "802";
            db.OrgUnits.AddRange(
                new OrgUnit { Code = township, Name = "送餐测试镇" + township[^3..], Kind = OrgUnitKind.Township, ParentCode = county.Code, Path = tPath, CountyCode = TestData.County },
                new OrgUnit { Code = village, Name = "送餐测试村", Kind = OrgUnitKind.Village, ParentCode = township, Path = vPath, CountyCode = TestData.County },
                new OrgUnit
                {
                    Code = centre, Name = "送餐测试日间照料中心", Kind = OrgUnitKind.Institution, InstitutionType = "日间照料中心", ParentCode = township,
                    Path = OrgUnit.ChildPath(tPath, centre), CountyCode = TestData.County,
                },
                new OrgUnit
                {
                    Code = other, Name = "送餐测试第二日间照料中心", Kind = OrgUnitKind.Institution, InstitutionType = "日间照料中心", ParentCode = township,
                    Path = OrgUnit.ChildPath(tPath, other), CountyCode = TestData.County,
                });
            var now = app.Clock.GetUtcNow();
            Target NewTarget(string code, string path) => new()
            {
                Id = Guid.NewGuid(), CountyCode = TestData.County, OrgUnitCode = code, OrgPath = path, Name = TestData.Name(),
                Categories = TargetCategory.LivingAlone, IdNumber = TestData.IdNumber(), BirthDate = new DateOnly(1944, 3, 1), Sex = Sex.Female, Phone = TestData.Mobile(), Address = "送餐测试地址1号",
                CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            var targets = Enumerable.Range(0, people).Select(_ => NewTarget(village, vPath)).ToList();
            var outsider = NewTarget(ningxiangVillage.Code, ningxiangVillage.Path);
            db.Targets.AddRange(targets);
            db.Targets.Add(outsider);
            await db.SaveChangesAsync();
            return new Place(township, village, centre, other, [.. targets.Select(t => t.Id)], outsider.Id, "", "", "");
        });
        using var admin = await app.SignInAsync("admin");
        return place with
        {
            OfficerUser = await AccountAsync(admin, "township", place.Township),
            StaffUser = await AccountAsync(admin, "institution", place.Centre),
            OtherStaffUser = await AccountAsync(admin, "institution", place.OtherCentre),
        };
    }

    public static async Task<string> AccountAsync(HttpClient admin, string role, string orgUnitCode)
    {
        var userName = TestData.UserName("m");
        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "送餐测试" + userName[^4..],
            role,
            orgUnitCode,
            password = TestData.AccountPassword,
            phone = TestData.Mobile(),
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return userName;
    }

    public static Task<HttpClient> AsAsync(KdApp app, string userName) => app.SignInAsync(userName, TestData.AccountPassword);

    public static async Task<HttpResponseMessage> AddAsync(HttpClient client, string centre, Guid targetId, string? note = null) =>
        await client.PostAsJsonAsync($"/api/v1/meals/centres/{centre}/recipients", new { targetId, note });

    public static async Task<JsonElement> SwitchOnAsync(HttpClient client, string centre, DateOnly from, DateOnly to)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/meals/centres/{centre}/periods", new { fromDay = Iso(from), toDay = Iso(to), reason = "大雪" });
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> DeliverAsync(HttpClient client, string centre, Guid targetId, DateOnly day, string outcome,
        DateTimeOffset? at = null, string? deliveredBy = null) =>
        client.PutAsJsonAsync($"/api/v1/meals/centres/{centre}/deliveries", new { targetId, day = Iso(day), outcome, at, deliveredBy });

    public static async Task<JsonElement> CentreAsync(HttpClient client, string centre, DateOnly day)
    {
        using var response = await client.GetAsync($"/api/v1/meals/centres/{centre}?day={Iso(day)}");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }
}
