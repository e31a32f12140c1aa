using System.IO.Compression;

namespace KnockDoor.Web.Features.Institutions;

/// <summary>
/// What an emergency plan may be: PDF, Word (DOC, DOCX), WPS or a scanned image (JPEG, PNG), told by the file's first
/// bytes and matching its extension, so that an .exe or a text file renamed .pdf is refused.
/// </summary>
public static class PlanFiles
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>What the upload field offers (the server checks the content whatever the browser sends).</summary>
    public const string Accept = ".pdf,.doc,.docx,.wps,.jpg,.jpeg,.png";

    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;
    private static ReadOnlySpan<byte> Ole => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static ReadOnlySpan<byte> Zip => [0x50, 0x4B, 0x03, 0x04];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type to store and serve, or null when the bytes are not what the name says (or not a plan at all).</summary>
    public static string? ContentTypeOf(string fileName, byte[] content)
    {
        var span = content.AsSpan();
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pdf" when span.StartsWith(Pdf) => "application/pdf",
            ".doc" when span.StartsWith(Ole) => "application/msword",
            // WPS Office writes its own .wps in the compound-file format, newer versions also as OOXML.
            ".wps" when span.StartsWith(Ole) => "application/vnd.ms-works",
            ".wps" when span.StartsWith(Zip) && IsWordPackage(content) => "application/vnd.ms-works",
            ".docx" when span.StartsWith(Zip) && IsWordPackage(content) => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".jpg" or ".jpeg" when span.StartsWith(Jpeg) => "image/jpeg",
            ".png" when span.StartsWith(Png) => "image/png",
            _ => null,
        };
    }

    /// <summary>A ZIP that is a Word document: it has the package's content types and the document part.</summary>
    private static bool IsWordPackage(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The name to keep: no folders, no control characters, at most 200 characters, the extension kept.</summary>
    public static string SafeName(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]);
        file = new string([.. file.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]).Trim();
        if (file.Length == 0)
        {
            file = "应急预案";
        }
        if (file.Length > 200)
        {
            var ext = Path.GetExtension(file);
            ext = ext.Length <= 10 ? ext : "";
            file = file[..(200 - ext.Length)] + ext;
        }
        return file;
    }
}
