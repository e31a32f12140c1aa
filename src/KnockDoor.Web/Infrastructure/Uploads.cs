namespace KnockDoor.Web.Infrastructure;

public static class Uploads
{
    /// <summary>The whole of an uploaded file (its size already checked against the caller's limit).</summary>
    public static async Task<byte[]> ReadAllAsync(this IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
