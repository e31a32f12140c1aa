using System.Security.Cryptography;
using KnockDoor.Core.Data;
using KnockDoor.Core.Visits;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KnockDoor.Web.Features.Visits;

/// <summary>Photos and the signature of a visit. A photo's id is made by the device: uploading it again is harmless.</summary>
public sealed class VisitPhotos(AppDbContext db, VisitService visits, TimeProvider clock)
{
    public const int MaxPhotoBytes = 1024 * 1024;

    public async Task<(VisitPhotoDto Photo, bool Created)> UploadAsync(CurrentUser user, Guid visitId, Guid photoId, IFormFile file, string? itemCode, CancellationToken ct)
    {
        var visit = await visits.Readable(user).Where(v => v.Id == visitId).Select(v => new { v.Id, v.CountyCode }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        if (file.Length > MaxPhotoBytes)
        {
            throw new AppProblemException(Problems.VisitPhotoTooLarge);
        }
        var content = await file.ReadAllAsync(ct);
        var type = SniffType(content) ?? throw new AppProblemException(Problems.VisitPhotoType);
        var code = string.IsNullOrWhiteSpace(itemCode) ? null : itemCode.Trim();
        if (code is { Length: > 16 })
        {
            throw new AppProblemException(Problems.Validation with { Message = "检查项代码无效" });
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var photo = new VisitPhoto
        {
            Id = photoId,
            CountyCode = visit.CountyCode,
            VisitId = visit.Id,
            ItemCode = code,
            ContentType = type,
            Content = content,
            Size = content.Length,
            ContentHash = hash,
            ReceivedAt = clock.GetUtcNow(),
        };
        db.VisitPhotos.Add(photo);
        try
        {
            await db.SaveChangesAsync(ct);
            return (new VisitPhotoDto(photo.Id, photo.ItemCode, photo.ContentType, photo.Size), true);
        }
        catch (DbUpdateException e) when (Database.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            var stored = await db.VisitPhotos.AsNoTracking().Where(p => p.Id == photoId)
                .Select(p => new { p.VisitId, p.ContentHash, p.ItemCode, p.ContentType, p.Size }).FirstOrDefaultAsync(ct);
            if (stored is null || stored.VisitId != visitId || stored.ContentHash != hash)
            {
                throw new AppProblemException(Problems.VisitPhotoConflict);
            }
            return (new VisitPhotoDto(photoId, stored.ItemCode, stored.ContentType, stored.Size), false);
        }
    }

    public async Task<(byte[] Content, string ContentType)> GetAsync(CurrentUser user, Guid visitId, Guid photoId, CancellationToken ct)
    {
        if (!await visits.Readable(user).AnyAsync(v => v.Id == visitId, ct))
        {
            throw new AppProblemException(Problems.NotFound);
        }
        var photo = await db.VisitPhotos.AsNoTracking().Where(p => p.Id == photoId && p.VisitId == visitId)
            .Select(p => new { p.Content, p.ContentType }).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);
        return (photo.Content, photo.ContentType);
    }

    public async Task<byte[]> SignatureAsync(CurrentUser user, Guid visitId, CancellationToken ct) =>
        await visits.Readable(user).Where(v => v.Id == visitId).Select(v => v.Signature).FirstOrDefaultAsync(ct)
            ?? throw new AppProblemException(Problems.NotFound);

    /// <summary>The type from the first bytes (never from the client's header): JPEG, PNG or WebP.</summary>
    public static string? SniffType(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "image/jpeg";
        }
        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }

}
