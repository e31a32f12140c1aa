using KnockDoor.Core.Accounts;
using KnockDoor.Web.Auth;

namespace KnockDoor.Web.Features.Visits;

public static class VisitEndpoints
{
    public static IServiceCollection AddVisits(this IServiceCollection services)
    {
        services.AddScoped<VisitService>();
        services.AddScoped<VisitPhotos>();
        services.AddScoped<OutcomeConfirmation>();
        return services;
    }

    public static void MapVisitApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/visits").WithTags("入户记录");

        group.MapPost("", async (VisitInput input, HttpContext http, VisitService visits, CancellationToken ct) =>
        {
            var result = await visits.SubmitAsync(http.RequireUser(), input, ct);
            return result.Created
                ? Results.Created($"/api/v1/visits/{result.Visit.Id}", result.Visit)
                : Results.Ok(result.Visit);
        }).RequirePermission(Permission.VisitsSubmit)
            .WithSummary("提交入户记录（编号由手机生成；同一编号同样内容重复提交只保存一次）");

        group.MapGet("", (HttpContext http, VisitService visits, Guid? targetId, string? orgUnit, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct) =>
            visits.ListAsync(http.RequireUser(), targetId, orgUnit, from, to, page ?? 1, pageSize ?? 50, ct))
            .RequirePermission(Permission.VisitsRead).WithSummary("入户记录列表（最新在前）");

        group.MapGet("/{id:guid}", (Guid id, HttpContext http, VisitService visits, CancellationToken ct) =>
            visits.GetAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.VisitsRead).WithSummary("入户记录详情");

        group.MapGet("/{id:guid}/signature.png", async (Guid id, HttpContext http, VisitPhotos photos, CancellationToken ct) =>
        {
            var png = await photos.SignatureAsync(http.RequireUser(), id, ct);
            return Results.File(png, "image/png");
        }).RequirePermission(Permission.VisitsRead).WithSummary("签名图片");

        group.MapPost("/{id:guid}/photos/{photoId:guid}", async (Guid id, Guid photoId, IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] string? itemCode,
            HttpContext http, VisitPhotos photos, CancellationToken ct) =>
        {
            var (photo, created) = await photos.UploadAsync(http.RequireUser(), id, photoId, file, itemCode, ct);
            return created ? Results.Created($"/api/v1/visits/{id}/photos/{photoId}", photo) : Results.Ok(photo);
        }).RequirePermission(Permission.VisitsSubmit).DisableAntiforgery().WithSummary("上传照片（JPEG/PNG/WebP，不超过 1 MB；同一编号重复上传只保存一次）");

        group.MapGet("/{id:guid}/photos/{photoId:guid}", async (Guid id, Guid photoId, HttpContext http, VisitPhotos photos, CancellationToken ct) =>
        {
            var (content, type) = await photos.GetAsync(http.RequireUser(), id, photoId, ct);
            return Results.File(content, type);
        }).RequirePermission(Permission.VisitsRead).WithSummary("照片");

        group.MapPost("/{id:guid}/confirm-outcome", (Guid id, HttpContext http, OutcomeConfirmation confirm, CancellationToken ct) =>
            confirm.ConfirmAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.OutcomesConfirm).WithSummary("确认“已迁出/已去世”并更新服务对象状态");
    }
}
