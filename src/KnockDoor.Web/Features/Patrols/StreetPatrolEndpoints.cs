using KnockDoor.Core.Accounts;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Web.Features.Patrols;

/// <summary>Street patrols, the people found and the help given, and the public's leads (流浪乞讨人员救助).</summary>
public static class StreetPatrolEndpoints
{
    public static IServiceCollection AddStreetPatrols(this IServiceCollection services)
    {
        services.AddOptions<LeadOptions>().BindConfiguration("Leads")
            .Validate(o => o.PermitLimit >= 1 && o.WindowMinutes >= 1 && o.GlobalPermitLimit >= 1,
                "Leads:PermitLimit, Leads:WindowMinutes and Leads:GlobalPermitLimit must be at least 1")
            .ValidateOnStart();
        services.AddScoped<PatrolService>();
        services.AddScoped<LeadService>();
        services.AddScoped<IDailyFigureSource, PatrolFigures>();
        services.AddLeadRateLimit();
        return services;
    }

    public static void MapStreetPatrolApi(this RouteGroupBuilder api)
    {
        var patrols = api.MapGroup("/patrols").WithTags("街面巡查");

        patrols.MapGet("", (HttpContext http, PatrolService service, DateOnly? day, string? orgUnitCode, int? take, CancellationToken ct) =>
            service.ListAsync(http.RequireUser(), day, orgUnitCode, take ?? 100, ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("街面巡查记录（最新在前），可按日期和乡镇筛选");

        patrols.MapPost("", async (PatrolRequest request, HttpContext http, PatrolService service, CancellationToken ct) =>
        {
            var stored = await service.RecordAsync(http.RequireUser(), request, ct);
            return stored.Created ? Results.Created($"/api/v1/patrols/{stored.Value.Id}", stored.Value) : Results.Ok(stored.Value);
        }).RequirePermission(Permission.TownshipDutiesWrite)
            .WithSummary("登记一次街面巡查（clientId 由客户端生成；同一 clientId 再次提交返回第一次的记录）");

        patrols.MapGet("/{id:guid}", (Guid id, HttpContext http, PatrolService service, CancellationToken ct) =>
            service.GetAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("巡查详情及发现的人员");

        patrols.MapPost("/{id:guid}/persons", async (Guid id, PersonRequest request, HttpContext http, PatrolService service, CancellationToken ct) =>
        {
            var stored = await service.RecordPersonAsync(http.RequireUser(), id, null, request, null, ct);
            return stored.Created ? Results.Created($"/api/v1/patrols/persons/{stored.Value.Id}", stored.Value) : Results.Ok(stored.Value);
        }).RequirePermission(Permission.TownshipDutiesWrite).WithSummary("登记巡查中发现的人员及采取的救助措施");

        patrols.MapPost("/{id:guid}/persons/form", async (Guid id, HttpContext http, PatrolService service, CancellationToken ct) =>
        {
            var (request, photo) = await PersonForm.ReadAsync(http.Request, ct);
            var stored = await service.RecordPersonAsync(http.RequireUser(), id, null, request, photo, ct);
            return stored.Created ? Results.Created($"/api/v1/patrols/persons/{stored.Value.Id}", stored.Value) : Results.Ok(stored.Value);
        }).RequirePermission(Permission.TownshipDutiesWrite)
            .WithSummary("同上，multipart 表单，可带一张照片 photo（JPEG/PNG，不超过 1 MB）");

        patrols.MapGet("/persons/{personId:guid}/photo", async (Guid personId, HttpContext http, PatrolService service, CancellationToken ct) =>
        {
            var (content, type) = await service.PhotoAsync(http.RequireUser(), personId, ct);
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(content, type);
        }).RequirePermission(Permission.DutiesRead).WithSummary("发现人员的照片（每次查看记入审计日志）");

        var leads = api.MapGroup("/leads").WithTags("群众线索");

        leads.MapGet("", (HttpContext http, LeadService service, LeadStatus? status, int? take, CancellationToken ct) =>
            service.ListAsync(http.RequireUser(), status, take ?? 100, ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("本乡镇（或全县）的群众线索，联系电话已遮挡");

        leads.MapGet("/{id:guid}", (Guid id, HttpContext http, LeadService service, CancellationToken ct) =>
            service.GetAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("线索详情（含完整联系电话，查看记入审计日志）");

        leads.MapPost("/{id:guid}/follow-up", async (Guid id, LeadMove move, HttpContext http, LeadService service, CancellationToken ct) =>
            Results.Ok(new { version = await service.FollowUpAsync(http.RequireUser(), id, move, ct) }))
            .RequirePermission(Permission.TownshipDutiesWrite).WithSummary("跟进线索（填写跟进情况，按版本号防止同时修改）");

        leads.MapPost("/{id:guid}/close", async (Guid id, LeadMove move, HttpContext http, LeadService service, CancellationToken ct) =>
            Results.Ok(new { version = await service.CloseAsync(http.RequireUser(), id, move, ct) }))
            .RequirePermission(Permission.TownshipDutiesWrite).WithSummary("办结线索");

        leads.MapPost("/{id:guid}/persons", async (Guid id, PersonRequest request, HttpContext http, PatrolService service, CancellationToken ct) =>
        {
            var stored = await service.RecordPersonAsync(http.RequireUser(), null, id, request, null, ct);
            return stored.Created ? Results.Created($"/api/v1/patrols/persons/{stored.Value.Id}", stored.Value) : Results.Ok(stored.Value);
        }).RequirePermission(Permission.TownshipDutiesWrite).WithSummary("根据线索找到的人员及救助措施");
    }
}
