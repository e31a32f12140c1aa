using Microsoft.AspNetCore.Diagnostics;

namespace KnockDoor.Web.Infrastructure;

/// <summary>Maps exceptions to ProblemDetails in one place: expected ones to their code, the rest to 500.</summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            AppProblemException e => e.Problem,
            BadHttpRequestException { StatusCode: 413 } => Problems.ImportFileTooLarge,
            BadHttpRequestException => Problems.InvalidBody,
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => Problems.VersionConflict,
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problems.ServerError;
        }
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            if (problem.Status >= 500)
            {
                return false; // the error page
            }
        }
        http.Response.StatusCode = problem.Status;
        await problem.ToResult().ExecuteAsync(http);
        return true;
    }
}
