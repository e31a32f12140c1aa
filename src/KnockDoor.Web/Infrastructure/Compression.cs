using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace KnockDoor.Web.Infrastructure;

/// <summary>
/// Brotli or gzip for what a phone downloads over a weak rural connection: the API's JSON and the static files of
/// the field app and the office pages. Office pages themselves are not compressed: they carry an antiforgery token
/// next to text taken from the request (a search, a filter), which is what a BREACH attack needs. The API's answers
/// hold no secret next to reflected input (the sync token is a position, not a credential); the sign-in endpoints,
/// which answer with bearer tokens, are left out anyway.
/// </summary>
public static class Compression
{
    private static readonly HashSet<string> StaticExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".js", ".mjs", ".css", ".html", ".json", ".webmanifest", ".svg", ".map",
    };

    public static IServiceCollection AddKnockDoorCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Deployments are behind HTTPS; see the BREACH note above for why this is safe for what is compressed.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/problem+json", "application/manifest+json", "text/javascript", "image/svg+xml"]);
        });
        // Optimal is Brotli quality 4 and gzip level 6: most of the gain for a small part of the CPU of the highest levels.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Compresses the answers <see cref="IsCompressed"/> picks; place it before the static files.</summary>
    public static IApplicationBuilder UseKnockDoorCompression(this IApplicationBuilder app) =>
        app.UseWhen(IsCompressed, branch => branch.UseResponseCompression());

    public static bool IsCompressed(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api"))
        {
            return !path.StartsWithSegments("/api/v1/auth");
        }
        if (path.StartsWithSegments("/openapi"))
        {
            return true;
        }
        var extension = Path.GetExtension(path.Value);
        return !string.IsNullOrEmpty(extension) && StaticExtensions.Contains(extension);
    }
}
