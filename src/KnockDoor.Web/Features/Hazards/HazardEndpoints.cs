using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Hazards;

public static class HazardEndpoints
{
    public static IServiceCollection AddHazards(this IServiceCollection services)
    {
        services.AddScoped<HazardService>();
        services.AddScoped<HazardReminders>();
        services.AddScoped<HazardRevisits>();
        services.AddOptions<HazardReminderOptions>().BindConfiguration("Hazards")
            .Validate(o => TimeOnly.TryParseExact(o.ReminderTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _) && o.ReminderCheckMinutes >= 1,
                "Hazards:ReminderTime must be HH:mm (China time) and Hazards:ReminderCheckMinutes at least 1")
            .ValidateOnStart();
        services.AddScoped<HazardTrendService>();
        services.AddScoped<HazardLedger>();
        return services;
    }

    public static void MapHazardApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/hazards").WithTags("隐患");
        HazardRevisits.MapRevisitApi(group);

        group.MapGet("/trend", (HttpContext http, HazardTrendService trend, string? orgUnitCode, Guid? campaignId, CancellationToken ct) =>
            trend.TrendAsync(http.RequireUser(), orgUnitCode, campaignId, ct))
            .RequirePermission(Permission.HazardsRead)
            .WithSummary("隐患动态清零：行动开始以来每天发现、销号和当日末未销号的隐患数（本单位及各下级单位），逾期数，以及最早发现的未销号隐患");

        group.MapGet("", (HttpContext http, HazardLedger ledger, CancellationToken ct) =>
            ledger.ListAsync(http.RequireUser(), HazardLedger.Parse(LedgerQuery.From(http.Request.Query)), ct))
            .RequirePermission(Permission.HazardsRead)
            .WithSummary("隐患台账：按行动、单位、状态（可多选，pending=未销号）、严重程度、检查项目、人员类别、逾期、即将到期、整改责任人筛选，每页 50 条，附下级单位汇总");

        group.MapHazardExport();

        group.MapPost("", async (RecordRequest request, HttpContext http, HazardService hazards, CancellationToken ct) =>
        {
            var hazard = await hazards.RecordAsync(http.RequireUser(), request, ct);
            return Results.Created($"/api/v1/hazards/{hazard.Id}", hazard);
        }).RequirePermission(Permission.HazardsRecord).WithSummary("手工登记隐患（服务对象或村/机构，检查项目可选，重大隐患当日整改）");

        group.MapGet("/{id:guid}", (Guid id, HttpContext http, HazardService hazards, CancellationToken ct) =>
            hazards.GetAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.HazardsRead).WithSummary("隐患详情（含每一次状态变化）");

        // Which role may take which action is decided by the lifecycle, so that a refusal has its own code.
        group.MapPost("/{id:guid}/transitions", (Guid id, TransitionRequest request, HttpContext http, HazardService hazards, CancellationToken ct) =>
            hazards.TransitionAsync(http.RequireUser(), id, request, ct))
            .RequirePermission(Permission.HazardsRead)
            .WithSummary("隐患状态变化：交办、报告整改完成、验收销号、退回整改、上报协调、协调解决、重新交办（按版本号防止同时修改）");

        group.MapPost("/{id:guid}/photos", async (Guid id, IFormFile file, HttpContext http, HazardService hazards, CancellationToken ct) =>
        {
            var photo = await hazards.UploadPhotoAsync(http.RequireUser(), id, file, ct);
            return Results.Created($"/api/v1/hazards/{id}/photos/{photo.Id}", photo);
        }).RequirePermission(Permission.HazardsReportFix).DisableAntiforgery().WithSummary("上传整改后照片（JPEG/PNG，不超过 1 MB）");

        group.MapGet("/{id:guid}/photos/{photoId:guid}", async (Guid id, Guid photoId, HttpContext http, HazardService hazards, CancellationToken ct) =>
        {
            var (content, type) = await hazards.GetPhotoAsync(http.RequireUser(), id, photoId, ct);
            return Results.File(content, type);
        }).RequirePermission(Permission.HazardsRead).WithSummary("整改照片");
    }
}
