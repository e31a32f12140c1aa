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

    private readonly byte[]? _regularData;
    private readonly byte[]? _boldData;

    public PdfFonts(string folder)
    {
        _regularData = File.ReadAllBytes(Path.Combine(folder, RegularFile));
        _boldData = File.ReadAllBytes(Path.Combine(folder, BoldFile));
        Regular = Load(_regularData, RegularFile);
        Bold = Load(_boldData, BoldFile);
    }

    private PdfFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    /// <summary>
    /// Fonts of only the given characters (HarfBuzz's subsetter), for one document: Skia embeds a font
    /// whole, so a PDF with the full fonts would weigh 12 MB whatever it says.
    /// </summary>
    public PdfFonts Subset(UsedCharacters used)
    {
        if (_regularData is null || _boldData is null)
        {
            throw new InvalidOperationException("Only the app's fonts can be subset.");
        }
        var regular = Load(FontSubsetter.Subset(_regularData, used.Regular), RegularFile);
        var bold = Load(FontSubsetter.Subset(_boldData, used.Bold), BoldFile);
        return new PdfFonts(regular, bold);
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

    private static SKTypeface Load(byte[] data, string name)
    {
        using var skData = SKData.CreateCopy(data);
        return SKTypeface.FromData(skData) ?? throw new InvalidOperationException($"Cannot load the font {name}.");
    }

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}
