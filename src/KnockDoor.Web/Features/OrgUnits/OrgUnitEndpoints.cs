using KnockDoor.Core.Accounts;
using KnockDoor.Core.Data;
using KnockDoor.Core.OrgUnits;
using KnockDoor.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.OrgUnits;

public sealed record OrgUnitDto(string Code, string Name, OrgUnitKind Kind, string KindName, string? ParentCode, string? InstitutionType)
{
    public static OrgUnitDto From(OrgUnit o) => new(o.Code, o.Name, o.Kind, OrgUnit.KindName(o.Kind), o.ParentCode, o.InstitutionType);
}

public static class OrgUnitEndpoints
{
    public static IServiceCollection AddOrgUnits(this IServiceCollection services)
    {
        services.AddSingleton<DivisionCatalog>();
        services.AddScoped<OrgTree>();
        services.AddScoped<VillageImport>();
        return services;
    }

    public static void MapOrgUnitApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/org-units").WithTags("组织机构");

        group.MapGet("", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = http.RequireUser();
            var units = await db.OrgUnits.AsNoTracking().VisibleTo(user).OrderBy(o => o.Path).ToListAsync(ct);
            return units.Select(OrgUnitDto.From).ToList();
        }).WithSummary("本账号可见的组织树（本级及下级）");

        group.MapPost("/villages", async (OrgTree.VillageInput input, HttpContext http, OrgTree tree, CancellationToken ct) =>
        {
            var village = await tree.AddVillageAsync(input with { IsDemo = false }, http.RequireUser(), ct);
            return TypedResults.Created($"/api/v1/org-units/{village.Code}", OrgUnitDto.From(village));
        }).RequirePermission(Permission.OrgManage).WithSummary("新增村(社区)");

        group.MapPost("/institutions", async (OrgTree.InstitutionInput input, HttpContext http, OrgTree tree, CancellationToken ct) =>
        {
            var institution = await tree.AddInstitutionAsync(input, http.RequireUser(), ct);
            return TypedResults.Created($"/api/v1/org-units/{institution.Code}", OrgUnitDto.From(institution));
        }).RequirePermission(Permission.OrgManage).WithSummary("新增养老机构或日间照料中心");

        group.MapPost("/divisions/{code}", async (string code, HttpContext http, OrgTree tree, CancellationToken ct) =>
            await tree.LoadDivisionAsync(code, http.RequireUser(), ct))
            .RequirePermission(Permission.OrgManage).WithSummary("按区划代码加载省、市或县的真实组织树（至乡镇级）");

        VillageImport.Map(group);
    }
}
