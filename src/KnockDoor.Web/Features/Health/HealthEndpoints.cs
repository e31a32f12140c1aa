using KnockDoor.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Health;

public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", async (AppDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? Results.Text("ok")
                    : Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous()
            .ExcludeFromDescription();
}
