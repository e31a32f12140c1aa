using SkiaSharp;

namespace KnockDoor.Web.Features.Printing;

/// <summary>
/// The Chinese font the paper forms are set in: Noto Sans SC (SIL Open Font License 1.1, Fonts/OFL.txt),
/// shipped with the app so that a fresh server with no fonts installed prints the same forms. The PDF
/// embeds only the glyphs used, with their Unicode values, so the text can be searched and copied.
/// </summary>
public sealed class PdfFonts : IDisposable
{
    public const string RegularFile = "NotoSansSC_400Regular.ttf";
    public const string BoldFile = "NotoSansSC_700Bold.ttf";

    public SKTypeface Regular { get; }
    public SKTypeface Bold { get; }

    public PdfFonts(string folder)
    {
        Regular = Load(Path.Combine(folder, RegularFile));
        Bold = Load(Path.Combine(folder, BoldFile));
    }

    /// <summary>The Fonts folder next to the app's binaries, or in the content root when run from the sources.</summary>
    public static PdfFonts FromApp(string? contentRoot = null)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "Fonts") };
        if (contentRoot is not null)
        {
            candidates.Add(Path.Combine(contentRoot, "Fonts"));
        }
        var folder = candidates.FirstOrDefault(f => File.Exists(Path.Combine(f, RegularFile)))
            ?? throw new InvalidOperationException($"The form font {RegularFile} is missing from the app's Fonts folder.");
        return new PdfFonts(folder);
    }

    private static SKTypeface Load(string path) =>
        SKTypeface.FromFile(path) ?? throw new InvalidOperationException($"Cannot load the font {Path.GetFileName(path)}.");

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}
