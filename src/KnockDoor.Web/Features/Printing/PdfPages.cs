using System.Globalization;
using System.Text;
using SkiaSharp;

namespace KnockDoor.Web.Features.Printing;

/// <summary>The code points drawn in each weight.</summary>
public sealed class UsedCharacters
{
    public HashSet<int> Regular { get; } = [];
    public HashSet<int> Bold { get; } = [];
}

/// <summary>One run of text in a cell: wrapped to the cell's width, in regular or bold, black or red.</summary>
public sealed record TextRun(string Text, bool Bold = false, bool Alert = false, float? Size = null);

/// <summary>
/// A table cell. Text cells wrap (and a row of text cells may be split across pages); a drawn cell
/// (check boxes, a signature, a QR code) has a fixed height and moves to the next page whole.
/// </summary>
public sealed class Cell
{
    public float Width { get; init; }
    public IReadOnlyList<TextRun> Runs { get; init; } = [];
    public bool Shaded { get; init; }
    public bool Center { get; init; }
    public float DrawnHeight { get; init; }
    public Action<SKCanvas, SKRect>? Draw { get; init; }

    public static Cell Text(float width, string text, bool bold = false, bool shaded = false, bool center = false) =>
        new() { Width = width, Runs = [new TextRun(text, bold)], Shaded = shaded, Center = center };

    public static Cell Label(float width, string text) => Text(width, text, bold: false, shaded: true);
}

/// <summary>
/// A PDF of A4 pages (595 × 842 pt, or another size given) written with Skia: a cursor that moves down the page, table rows with
/// borders that wrap Chinese text and break to a new page cleanly, and a footer with the page number.
/// </summary>
public sealed class PdfPages : IDisposable
{
    public const float PageWidth = 595;
    public const float PageHeight = 842;
    public const float Left = 42;
    public const float Right = PageWidth - 42;
    public const float ContentWidth = Right - Left;
    public const float Top = 40;
    public const float Bottom = PageHeight - 46;
    private const float Padding = 3.5f;

    /// <summary>A4 portrait, the paper forms' page; the constants above are its margins.</summary>
    public static readonly SKSize A4 = new(PageWidth, PageHeight);

    /// <summary>A4 landscape (842 × 595 pt), for wide tables.</summary>
    public static readonly SKSize A4Landscape = new(PageHeight, PageWidth);

    /// <summary>The page of this document (A4 portrait unless given); the margins are the same on any size.</summary>
    public SKSize Size { get; }

    public float PageRight => Size.Width - Left;

    public float PageBottom => Size.Height - (PageHeight - Bottom);

    public float PageContentWidth => PageRight - Left;

    private static readonly SKColor Ink = new(0x11, 0x11, 0x11);
    private static readonly SKColor AlertInk = new(0xB0, 0x10, 0x10);
    private static readonly SKColor Shade = new(0xEE, 0xEE, 0xEE);
    private static readonly SKColor Grey = new(0x55, 0x55, 0x55);

    private readonly SKDocument? _document;
    private readonly UsedCharacters? _used;
    private readonly PdfFonts _fonts;
    private readonly Dictionary<(bool, float), SKFont> _fontCache = [];
    private readonly SKPaint _ink = new() { Color = Ink, IsAntialias = true };
    private readonly SKPaint _alert = new() { Color = AlertInk, IsAntialias = true };
    private readonly SKPaint _grey = new() { Color = Grey, IsAntialias = true };
    private readonly SKPaint _shade = new() { Color = Shade, Style = SKPaintStyle.Fill };
    private readonly SKPaint _line = new() { Color = Ink, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f, IsAntialias = true };
    private readonly SKPaint _fill = new() { Color = SKColors.Black, Style = SKPaintStyle.Fill };
    private SKCanvas? _canvas;
    private string _footer = "";
    private int _pageInSheet;

    /// <summary>
    /// A dry run: lays the pages out on a canvas that draws nothing, and notes every character, so that the
    /// real run can embed a font of only those characters (the whole font is 10 MB a weight).
    /// </summary>
    public PdfPages(PdfFonts fonts, SKSize? size = null)
    {
        _fonts = fonts;
        Size = size ?? A4;
        _used = new UsedCharacters();
    }

    public PdfPages(Stream output, PdfFonts fonts, string title, DateTimeOffset created, SKSize? size = null)
    {
        _fonts = fonts;
        Size = size ?? A4;
        _document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "KnockDoor 敲门行动",
            Producer = "KnockDoor 敲门行动",
            Creation = created.UtcDateTime,
            Modified = created.UtcDateTime,
            RasterDpi = 150,
        }) ?? throw new InvalidOperationException("Cannot create a PDF document.");
    }

    /// <summary>The body text size; the blank forms use a smaller one so that a form fits on one page.</summary>
    public float TextSize { get; set; } = 10f;

    public float LineHeight => TextSize * 1.42f;

    /// <summary>Space above and below the text in a row.</summary>
    public float VerticalPadding { get; set; } = Padding;

    public float Y { get; set; }

    public int Pages { get; private set; }

    public SKCanvas Canvas => _canvas ?? throw new InvalidOperationException("No page is open.");

    public SKFont Font(bool bold, float size)
    {
        if (!_fontCache.TryGetValue((bold, size), out var font))
        {
            font = new SKFont(bold ? _fonts.Bold : _fonts.Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
            _fontCache[(bold, size)] = font;
        }
        return font;
    }

    /// <summary>Starts a new sheet (one visit, one blank form): a new page, page numbers counted from 1 again.</summary>
    public void NewSheet(string footer)
    {
        EndPage();
        _footer = footer;
        _pageInSheet = 0;
        BeginPage();
    }

    public void NewPage()
    {
        EndPage();
        BeginPage();
    }

    private void BeginPage()
    {
        _canvas = _document is null ? new SKNoDrawCanvas((int)Size.Width, (int)Size.Height) : _document.BeginPage(Size.Width, Size.Height);
        Pages++;
        _pageInSheet++;
        Y = Top;
    }

    private void EndPage()
    {
        if (_canvas is null)
        {
            return;
        }
        var font = Font(false, 8f);
        var text = $"{_footer}　第 {_pageInSheet.ToString(CultureInfo.InvariantCulture)} 页";
        _canvas.DrawLine(Left, PageBottom + 12, PageRight, PageBottom + 12, _line);
        Text(_canvas, text, Size.Width / 2, PageBottom + 26, SKTextAlign.Center, font, _grey);
        if (_document is null)
        {
            _canvas.Dispose();
        }
        else
        {
            _document.EndPage();
        }
        _canvas = null;
    }

    private void Text(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint paint)
    {
        if (_used is not null)
        {
            var set = font.Typeface == _fonts.Bold ? _used.Bold : _used.Regular;
            foreach (var rune in text.EnumerateRunes())
            {
                set.Add(rune.Value);
            }
        }
        canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>The characters drawn, per weight (a dry run's result).</summary>
    public UsedCharacters? Used => _used;

    public bool Fits(float height) => Y + height <= PageBottom;

    /// <summary>Makes room for a block of the given height, on a new page if this one is too full.</summary>
    public void Need(float height)
    {
        if (!Fits(height))
        {
            NewPage();
        }
    }

    public void Title(string text, float size = 16f)
    {
        var font = Font(true, size);
        var lines = Wrap(text, font, PageContentWidth);
        foreach (var line in lines)
        {
            Need(size * 1.5f);
            Text(Canvas, line, Size.Width / 2, Y + size * 1.1f, SKTextAlign.Center, font, _ink);
            Y += size * 1.5f;
        }
        Y += 4;
    }

    /// <summary>A line of small text above a table (who, when, which version).</summary>
    public void Caption(string left, string? right = null)
    {
        var font = Font(false, TextSize - 1);
        foreach (var line in Wrap(left, font, right is null ? PageContentWidth : PageContentWidth * 0.62f))
        {
            Need(LineHeight);
            Text(Canvas, line, Left, Y + TextSize * 0.95f, SKTextAlign.Left, font, _ink);
            if (right is not null)
            {
                Text(Canvas, right, PageRight, Y + TextSize * 0.95f, SKTextAlign.Right, font, _ink);
                right = null;
            }
            Y += LineHeight;
        }
    }

    public void Gap(float height) => Y += height;

    /// <summary>
    /// A table row. Drawn rows move whole to the next page when they don't fit; rows of text only are
    /// split line by line across pages when they are taller than what is left. <paramref name="onNewPage"/>
    /// draws the table's heading again at the top of the next page.
    /// </summary>
    public void Row(IReadOnlyList<Cell> cells, float minHeight = 0, Action? onNewPage = null)
    {
        var wrapped = cells.Select(c => WrapCell(c)).ToList();
        var height = Math.Max(minHeight, cells.Select((c, i) => CellHeight(c, wrapped[i])).Max());
        var drawn = cells.Any(c => c.Draw is not null);
        if (Fits(height) || drawn || height <= PageBottom - Top - 40)
        {
            if (!Fits(height))
            {
                NewPage();
                onNewPage?.Invoke();
            }
            DrawRow(cells, wrapped, height);
            return;
        }

        // Taller than what is left of the page: as many lines as fit here, the rest on the next pages.
        var first = 0;
        var total = wrapped.Max(w => w.Count);
        while (first < total)
        {
            var room = (int)((PageBottom - Y - 2 * VerticalPadding) / LineHeight);
            if (room < 2)
            {
                NewPage();
                onNewPage?.Invoke();
                continue;
            }
            var take = Math.Min(room, total - first);
            var part = wrapped.Select(w => (IReadOnlyList<(string, TextRun)>)w.Skip(first).Take(take).ToList()).ToList();
            DrawRow(cells, part, take * LineHeight + 2 * VerticalPadding);
            first += take;
        }
    }

    private float CellHeight(Cell cell, IReadOnlyList<(string Text, TextRun Run)> lines) =>
        cell.Draw is not null ? cell.DrawnHeight : lines.Count * LineHeight + 2 * VerticalPadding;

    private List<(string Text, TextRun Run)> WrapCell(Cell cell)
    {
        var lines = new List<(string, TextRun)>();
        foreach (var run in cell.Runs)
        {
            var font = Font(run.Bold, run.Size ?? TextSize);
            foreach (var line in Wrap(run.Text, font, cell.Width - 2 * Padding))
            {
                lines.Add((line, run));
            }
        }
        return lines;
    }

    private void DrawRow(IReadOnlyList<Cell> cells, IReadOnlyList<IReadOnlyList<(string Text, TextRun Run)>> lines, float height)
    {
        var canvas = Canvas;
        var x = Left;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var rect = new SKRect(x, Y, x + cell.Width, Y + height);
            if (cell.Shaded)
            {
                canvas.DrawRect(rect, _shade);
            }
            if (cell.Draw is not null)
            {
                cell.Draw(canvas, rect);
            }
            else
            {
                var top = Y + VerticalPadding + Math.Max(0, (height - 2 * VerticalPadding - lines[i].Count * LineHeight) / 2);
                foreach (var (text, run) in lines[i])
                {
                    var size = run.Size ?? TextSize;
                    var font = Font(run.Bold, size);
                    var baseline = top + (LineHeight - size) / 2 + size * 0.88f;
                    var paint = run.Alert ? _alert : _ink;
                    if (cell.Center)
                    {
                        Text(canvas, text, rect.MidX, baseline, SKTextAlign.Center, font, paint);
                    }
                    else
                    {
                        Text(canvas, text, x + Padding, baseline, SKTextAlign.Left, font, paint);
                    }
                    top += LineHeight;
                }
            }
            canvas.DrawRect(rect, _line);
            x += cell.Width;
        }
        Y += height;
    }

    /// <summary>A check box with its label; a ticked box carries a √ (as text, so that it can be found in the PDF).</summary>
    public float Box(SKCanvas canvas, float x, float baseline, string label, bool ticked, float? size = null)
    {
        var textSize = size ?? TextSize;
        var side = textSize * 0.82f;
        var box = new SKRect(x, baseline - side * 0.95f, x + side, baseline + side * 0.05f);
        canvas.DrawRect(box, _line);
        if (ticked)
        {
            Text(canvas, "√", box.MidX, baseline - side * 0.08f, SKTextAlign.Center, Font(true, textSize * 0.9f), _ink);
        }
        var font = Font(false, textSize);
        Text(canvas, label, box.Right + 2, baseline, SKTextAlign.Left, font, _ink);
        return box.Right + 2 + font.MeasureText(label);
    }

    /// <summary>Options with boxes, flowing over as many lines as the width needs; the height it takes.</summary>
    public float Options(SKCanvas? canvas, SKRect rect, IReadOnlyList<string> options, string? chosen)
    {
        var font = Font(false, TextSize);
        var x = rect.Left + Padding;
        var lineTop = rect.Top + VerticalPadding;
        foreach (var option in options)
        {
            var width = TextSize * 0.82f + 2 + font.MeasureText(option) + TextSize * 0.8f;
            if (x + width > rect.Right - Padding && x > rect.Left + Padding)
            {
                x = rect.Left + Padding;
                lineTop += LineHeight;
            }
            if (canvas is not null)
            {
                Box(canvas, x, lineTop + (LineHeight - TextSize) / 2 + TextSize * 0.88f, option, string.Equals(option, chosen, StringComparison.Ordinal));
            }
            x += width;
        }
        return lineTop + LineHeight + VerticalPadding - rect.Top;
    }

    public void DrawLabel(SKCanvas canvas, float x, float baseline, string text, bool bold = false, float? size = null, bool grey = false) =>
        Text(canvas, text, x, baseline, SKTextAlign.Left, Font(bold, size ?? TextSize), grey ? _grey : _ink);

    /// <summary>
    /// An image fitted into a box. It is flattened on white at 150 dpi of its printed size and embedded as a
    /// JPEG: a phone's signature PNG is far larger than the 5 cm it prints at, and PNG is re-compressed slowly.
    /// </summary>
    public void DrawImage(SKCanvas canvas, byte[] encoded, SKRect fit)
    {
        if (_document is null)
        {
            return;
        }
        using var source = SKImage.FromEncodedData(encoded);
        if (source is null || source.Width == 0 || source.Height == 0)
        {
            return;
        }
        var scale = Math.Min(fit.Width / source.Width, fit.Height / source.Height);
        var dest = SKRect.Create(fit.Left, fit.Top + (fit.Height - source.Height * scale) / 2, source.Width * scale, source.Height * scale);
        var pixels = Math.Min(1f, 150f / 72f * scale);
        var info = new SKImageInfo(Math.Max(1, (int)(source.Width * pixels)), Math.Max(1, (int)(source.Height * pixels)), SKColorType.Rgb888x, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(source, SKRect.Create(info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var flat = surface.Snapshot();
        using var jpeg = flat.Encode(SKEncodedImageFormat.Jpeg, 85);
        using var embedded = SKImage.FromEncodedData(jpeg);
        canvas.DrawImage(embedded ?? flat, dest, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    /// <summary>A QR code's module matrix as black squares (vector, sharp at any print resolution).</summary>
    public void DrawModules(SKCanvas canvas, IReadOnlyList<System.Collections.BitArray> modules, SKRect area)
    {
        var n = modules.Count;
        var module = Math.Min(area.Width, area.Height) / n;
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < n; col++)
            {
                if (modules[row][col])
                {
                    canvas.DrawRect(SKRect.Create(area.Left + col * module, area.Top + row * module, module + 0.05f, module + 0.05f), _fill);
                }
            }
        }
    }

    private static readonly string NoLineStart = "，。、；：？！）》」』】”’,.;:?!)%";

    /// <summary>
    /// Wraps text to a width: Chinese between any two characters, Latin words and numbers kept whole when
    /// they fit a line, closing punctuation never at the start of a line; explicit line breaks kept.
    /// </summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0f;
            var elements = StringInfo.GetTextElementEnumerator(paragraph);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                var w = font.MeasureText(element);
                if (lineWidth + w > width && line.Length > 0 && !NoLineStart.Contains(element, StringComparison.Ordinal))
                {
                    var cut = line.Length;
                    if (IsWordChar(element) && IsWordChar(line[^1].ToString()))
                    {
                        var start = cut;
                        while (start > 0 && IsWordChar(line[start - 1].ToString()))
                        {
                            start--;
                        }
                        if (start > 0)
                        {
                            cut = start;
                        }
                    }
                    var rest = line.ToString(cut, line.Length - cut);
                    lines.Add(line.ToString(0, cut).TrimEnd());
                    line.Clear().Append(rest.TrimStart());
                    lineWidth = font.MeasureText(line.ToString());
                }
                line.Append(element);
                lineWidth += w;
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    private static bool IsWordChar(string element) => element.Length == 1 && char.IsAsciiLetterOrDigit(element[0]);

    public void Close()
    {
        EndPage();
        _document?.Close();
    }

    public void Dispose()
    {
        _canvas = null;
        _document?.Dispose();
        foreach (var font in _fontCache.Values)
        {
            font.Dispose();
        }
        _ink.Dispose();
        _alert.Dispose();
        _grey.Dispose();
        _shade.Dispose();
        _line.Dispose();
        _fill.Dispose();
    }
}
