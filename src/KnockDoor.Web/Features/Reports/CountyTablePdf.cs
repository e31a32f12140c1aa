using System.Globalization;
using KnockDoor.Core.Common;
using KnockDoor.Web.Features.Printing;
using SkiaSharp;

namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// The county table as a PDF for printing, A4 landscape: the title, the line with the date and counts, the same
/// two-level header as the xlsx (each figure's label over its 当日 and 累计) repeated at the top of every page, the
/// units as rows, the 合计 row.
/// <para>
/// The township table has about 40 figures, 80 number columns: on one page they would be unreadable. So the figures
/// are split, in the table's order, into page-wide bands: each band takes as many whole figures (both its columns)
/// as fit at a readable column width (<see cref="MinColumn"/> pt at 7.5 pt text), the columns are then widened to
/// fill the page. Every band repeats 序号 and 单位 (and, for institutions, 所属乡镇) so that a page can be read alone;
/// the first band also has 报送情况 and 报送时间. Each band starts on a new page, lists every unit and ends with its
/// 合计 row. The institutions' table fits one band.
/// </para>
/// </summary>
public static class CountyTablePdf
{
    public const float MinColumn = 28;
    private const float MaxColumn = 46;
    private const float BodySize = 8f;
    private const float HeaderSize = 7.5f;

    public static string FileName(CountyTable table) => $"{table.CountyName}每日统计汇总表_{table.Day:yyyy-MM-dd}.pdf";

    public static async Task WriteAsync(CountyTable table, PdfFonts fonts, Stream output, CancellationToken ct)
    {
        await PrintingEndpoints.RenderAsync(output, fonts, CountyTableXlsx.Title(table), table.GeneratedAt, pdf =>
        {
            ct.ThrowIfCancellationRequested();
            Draw(pdf, table);
            return Task.FromResult(table.Rows.Count());
        }, PdfPages.A4Landscape);
    }

    /// <summary>A column of a band: fixed (序号, 单位…) or a figure with one or two number columns.</summary>
    private sealed record BandColumn(string Label, float Width, FigureDefinition? Figure = null);

    private static void Draw(PdfPages pdf, CountyTable table)
    {
        pdf.TextSize = BodySize;
        pdf.VerticalPadding = 2.5f;
        var title = CountyTableXlsx.Title(table);
        pdf.NewSheet($"{title}　{table.Day.Year}年{table.Day.Month}月{table.Day.Day}日");
        var first = true;
        foreach (var section in new[] { table.Townships, table.Institutions })
        {
            var bands = Bands(pdf, section);
            for (var b = 0; b < bands.Count; b++)
            {
                if (!first)
                {
                    pdf.NewPage();
                }
                first = false;
                var band = bands[b];
                var part = bands.Count > 1 ? $"（第 {b + 1} 部分，共 {bands.Count} 部分）" : "";
                pdf.Title(title, 15f);
                pdf.Caption(CountyTableXlsx.Subtitle(table, section), $"{section.Title}{part}");
                Header(pdf, band);
                void Continued()
                {
                    pdf.Caption($"{title}　{section.Title}{part}（续）");
                    Header(pdf, band);
                }
                var number = 0;
                foreach (var row in section.Rows)
                {
                    number++;
                    pdf.Row(Cells(band, row, number), onNewPage: Continued);
                }
                pdf.Row(TotalCells(band, section), onNewPage: Continued);
            }
        }
    }

    /// <summary>The figures split into page-wide bands (see the class comment).</summary>
    private static List<List<BandColumn>> Bands(PdfPages pdf, CountyTableSection section)
    {
        var institution = section.Kind == ReportUnitKind.Institution;
        List<BandColumn> Fixed(bool firstBand)
        {
            var columns = new List<BandColumn> { new("序号", 20), new("单位", institution ? 78 : 84) };
            if (institution)
            {
                columns.Add(new("所属乡镇", 52));
            }
            if (firstBand)
            {
                columns.Add(new("报送情况", 32));
                columns.Add(new("报送时间", 48));
            }
            return columns;
        }

        var bands = new List<(List<BandColumn> Fixed, List<FigureDefinition> Figures)>();
        var current = (Fixed: Fixed(true), Figures: new List<FigureDefinition>());
        float Room(List<BandColumn> columns) => pdf.PageContentWidth - columns.Sum(c => c.Width);
        var used = 0f;
        foreach (var f in section.Figures)
        {
            var need = (f.Cumulates ? 2 : 1) * MinColumn;
            if (used + need > Room(current.Fixed) && current.Figures.Count > 0)
            {
                bands.Add(current);
                current = (Fixed(false), []);
                used = 0;
            }
            current.Figures.Add(f);
            used += need;
        }
        bands.Add(current);

        return [.. bands.Select(band =>
        {
            var columns = band.Figures.Sum(f => f.Cumulates ? 2 : 1);
            var width = columns == 0 ? MinColumn : Math.Min(MaxColumn, Room(band.Fixed) / columns);
            return band.Fixed.Concat(band.Figures.Select(f => new BandColumn(f.Label, (f.Cumulates ? 2 : 1) * width, f))).ToList();
        })];
    }

    /// <summary>
    /// The two header rows as one row of drawn cells: a fixed column's label spans both rows; a figure's label spans
    /// its 当日 and 累计 columns, which are written under it (a figure without a cumulative spans both rows).
    /// </summary>
    private static void Header(PdfPages pdf, List<BandColumn> band)
    {
        var font = pdf.Font(true, HeaderSize);
        var line = HeaderSize * 1.3f;
        const float pad = 2.5f;
        const float sub = 13f;
        var lines = band.Select(c => PdfPages.Wrap(c.Label, font, c.Width - 2 * pad)).ToList();
        var labelHeight = band.Select((c, i) => lines[i].Count * line + (c.Figure is { Cumulates: true } ? sub : 0)).Max() + 2 * pad;
        var height = Math.Max(labelHeight, 2 * line + sub);
        var cells = band.Select((column, i) => new Cell
        {
            Width = column.Width,
            Shaded = true,
            DrawnHeight = height,
            Draw = (canvas, rect) =>
            {
                var split = column.Figure is { Cumulates: true };
                var top = rect.Top;
                var bottom = split ? rect.Bottom - sub : rect.Bottom;
                var y = top + Math.Max(pad, (bottom - top - lines[i].Count * line) / 2) + HeaderSize * 0.95f;
                foreach (var text in lines[i])
                {
                    pdf.DrawLabel(canvas, rect.MidX - font.MeasureText(text) / 2, y, text, bold: true, size: HeaderSize);
                    y += line;
                }
                if (split)
                {
                    using var stroke = new SKPaint { Color = new SKColor(0x11, 0x11, 0x11), Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f, IsAntialias = true };
                    canvas.DrawLine(rect.Left, bottom, rect.Right, bottom, stroke);
                    canvas.DrawLine(rect.MidX, bottom, rect.MidX, rect.Bottom, stroke);
                    var baseline = bottom + (sub + HeaderSize * 0.7f) / 2;
                    foreach (var (label, x) in new[] { ("当日", rect.Left + rect.Width / 4), ("累计", rect.Left + rect.Width * 3 / 4) })
                    {
                        pdf.DrawLabel(canvas, x - font.MeasureText(label) / 2, baseline, label, bold: true, size: HeaderSize);
                    }
                }
            },
        }).ToList();
        // Never a header alone at the foot of a page: it goes over with at least one row under it.
        pdf.Need(height + pdf.LineHeight + 2 * pdf.VerticalPadding);
        pdf.Row(cells);
    }

    private static List<Cell> Cells(List<BandColumn> band, CountyTableRow row, int number)
    {
        var cells = new List<Cell>();
        foreach (var column in band)
        {
            if (column.Figure is { } f)
            {
                cells.AddRange(FigureCells(column, row.Figures, f, bold: false));
                continue;
            }
            cells.Add(column.Label switch
            {
                "序号" => Cell.Text(column.Width, number.ToString(CultureInfo.InvariantCulture), center: true),
                "单位" => Cell.Text(column.Width, row.Name),
                "所属乡镇" => Cell.Text(column.Width, row.ParentName ?? ""),
                "报送情况" => new Cell
                {
                    Width = column.Width,
                    Center = true,
                    Runs = [new TextRun(ReportStates.Name(row.State), Bold: row.State == ReportState.Missing, Alert: row.State != ReportState.OnTime)],
                },
                _ => Cell.Text(column.Width, row.SubmittedAt is { } at ? Time(at) : "", center: true),
            });
        }
        return cells;
    }

    private static List<Cell> TotalCells(List<BandColumn> band, CountyTableSection section)
    {
        var cells = new List<Cell>();
        foreach (var column in band)
        {
            if (column.Figure is { } f)
            {
                cells.AddRange(FigureCells(column, section.Total, f, bold: true));
            }
            else
            {
                cells.Add(Cell.Text(column.Width, column.Label == "单位" ? "合计" : "", bold: true, shaded: true, center: true));
            }
        }
        return cells;
    }

    private static IEnumerable<Cell> FigureCells(BandColumn column, IReadOnlyDictionary<string, FigureValue> figures, FigureDefinition f, bool bold)
    {
        var width = f.Cumulates ? column.Width / 2 : column.Width;
        var present = figures.TryGetValue(f.Key, out var value);
        yield return Cell.Text(width, present ? Number(f, value.Today) : "", bold, shaded: bold, center: true);
        if (f.Cumulates)
        {
            yield return Cell.Text(width, present && value.Cumulative is { } c ? Number(f, c) : "", bold, shaded: bold, center: true);
        }
    }

    private static string Number(FigureDefinition f, decimal value) =>
        value.ToString(f.Key == DailyFigures.Coverage ? "0.0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>The time of a submission in China time, with its date (a late report may come the next day).</summary>
    private static string Time(DateTimeOffset at) => ChinaTime.Text(at, "M-d HH:mm");
}
