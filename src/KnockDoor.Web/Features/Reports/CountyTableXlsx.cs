using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KnockDoor.Core.Common;

namespace KnockDoor.Web.Features.Reports;

/// <summary>
/// The county table as an xlsx workbook in the familiar layout: one sheet for the townships (乡镇), one for the
/// institutions (机构); a title row, a line with the document number, date, deadline and counts; two header rows
/// (each figure's label merged over its 当日 and 累计 columns, the fixed columns merged down both rows); units as rows
/// in the table's order; the 合计 row. Missing units show 未报 and what the records say, in grey italics.
/// <para>
/// Written with the Open XML SDK (DocumentFormat.OpenXml) directly. ClosedXML would be shorter, but the served
/// version (0.95.4, from 2020) targets OpenXml 2.x and System.Drawing.Common 4.x (Windows-only since .NET 6, with
/// security advisories that the NuGet audit turns into build errors); MiniExcel has no merged cells, borders or
/// print setup. The table is at most a few hundred rows, so the sheet is built in memory and then copied out.
/// </para>
/// </summary>
public static class CountyTableXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows of the sheet: title, sub-title, the two header rows, then the units from <see cref="FirstDataRow"/>.</summary>
    public const int HeaderRow = 3;
    public const int FirstDataRow = 5;

    public static async Task WriteAsync(CountyTable table, Stream output, CancellationToken ct)
    {
        // The package writer needs a seekable stream; a response body is not one.
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles.Sheet();
            var strings = new SharedStrings(workbookPart.AddNewPart<SharedStringTablePart>());
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var names = new DefinedNames();
            uint sheetId = 1;
            foreach (var section in new[] { table.Townships, table.Institutions })
            {
                var sheetName = SheetName(section.Kind);
                var part = workbookPart.AddNewPart<WorksheetPart>();
                var layout = new Layout(section);
                part.Worksheet = Sheet(table, section, layout, strings);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId, Name = sheetName });
                // Rows 3–4 (the headers) and the columns up to 单位 are printed again on every page.
                names.Append(new DefinedName($"'{sheetName}'!$A:${Column(layout.NameColumn)},'{sheetName}'!${HeaderRow}:${HeaderRow + 1}")
                {
                    Name = "_xlnm.Print_Titles",
                    LocalSheetId = sheetId - 1,
                });
                sheetId++;
            }
            workbookPart.Workbook.Append(names);
            strings.Save();
            workbookPart.Workbook.Save();
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
    }

    /// <summary>The file name: county, campaign table and day, e.g. 中阳县敲门行动每日统计汇总表_2025-01-06.xlsx.</summary>
    public static string FileName(CountyTable table) => $"{table.CountyName}每日统计汇总表_{table.Day:yyyy-MM-dd}.xlsx";

    public static string SheetName(ReportUnitKind kind) => kind switch
    {
        ReportUnitKind.Township => "乡镇",
        ReportUnitKind.Institution => "机构",
    };

    /// <summary>"{县名}{活动名称}每日统计汇总表", the title of the xlsx sheets and the PDF.</summary>
    public static string Title(CountyTable table) => $"{table.CountyName}{table.CampaignName}每日统计汇总表";

    /// <summary>The line under the title: document number, date, deadline, and the section's on time / late / missing.</summary>
    public static string Subtitle(CountyTable table, CountyTableSection section)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(table.DocumentNumber))
        {
            parts.Add($"文号：{table.DocumentNumber}");
        }
        parts.Add($"日期：{table.Day.Year}年{table.Day.Month}月{table.Day.Day}日");
        parts.Add($"截止 {ChinaTime.Text(table.Deadline, "HH:mm")}");
        parts.Add($"{SheetName(section.Kind)}：按时 {Count(section, ReportState.OnTime)} / 迟报 {Count(section, ReportState.Late)} / 未报 {Count(section, ReportState.Missing)}");
        return string.Join("　", parts);
    }

    private static int Count(CountyTableSection section, ReportState state) => section.Rows.Count(r => r.State == state);

    /// <summary>Where each column is: the fixed ones, then each figure's 当日 (and 累计) columns, 1-based.</summary>
    public sealed class Layout
    {
        public Layout(CountyTableSection section)
        {
            Fixed = section.Kind == ReportUnitKind.Institution
                ? ["序号", "单位", "所属乡镇", "报送情况", "报送时间"]
                : ["序号", "单位", "报送情况", "报送时间"];
            var column = Fixed.Count + 1;
            var figures = new List<(FigureDefinition, int)>();
            foreach (var f in section.Figures)
            {
                figures.Add((f, column));
                column += f.Cumulates ? 2 : 1;
            }
            Figures = figures;
            Width = column - 1;
        }

        public IReadOnlyList<string> Fixed { get; }

        public int NameColumn => 2;

        /// <summary>Each figure and its first (当日) column; a cumulating figure's 累计 is the next one.</summary>
        public IReadOnlyList<(FigureDefinition Figure, int Column)> Figures { get; }

        public int Width { get; }
    }

    private static Worksheet Sheet(CountyTable table, CountyTableSection section, Layout layout, SharedStrings strings)
    {
        var data = new SheetData();
        var merges = new MergeCells();
        void Merge(int row1, int col1, int row2, int col2) =>
            merges.Append(new MergeCell { Reference = $"{Column(col1)}{row1}:{Column(col2)}{row2}" });

        // Title and sub-title, merged across the width; the merged cells carry the style too.
        var title = new Row { RowIndex = 1, Height = 30, CustomHeight = true };
        title.Append(TextCell(1, 1, Title(table), Styles.Title, strings));
        data.Append(title);
        Merge(1, 1, 1, layout.Width);
        var subtitle = new Row { RowIndex = 2, Height = 20, CustomHeight = true };
        subtitle.Append(TextCell(2, 1, Subtitle(table, section), Styles.Subtitle, strings));
        data.Append(subtitle);
        Merge(2, 1, 2, layout.Width);

        // Two header rows: the fixed columns merged down both, each figure's label across its columns.
        var top = new Row { RowIndex = HeaderRow, Height = 54, CustomHeight = true };
        var bottom = new Row { RowIndex = HeaderRow + 1, Height = 18, CustomHeight = true };
        for (var c = 1; c <= layout.Fixed.Count; c++)
        {
            top.Append(TextCell(HeaderRow, c, layout.Fixed[c - 1], Styles.Header, strings));
            bottom.Append(EmptyCell(HeaderRow + 1, c, Styles.Header));
            Merge(HeaderRow, c, HeaderRow + 1, c);
        }
        foreach (var (figure, c) in layout.Figures)
        {
            top.Append(TextCell(HeaderRow, c, figure.Label, Styles.Header, strings));
            if (figure.Cumulates)
            {
                top.Append(EmptyCell(HeaderRow, c + 1, Styles.Header));
                bottom.Append(TextCell(HeaderRow + 1, c, "当日", Styles.Header, strings));
                bottom.Append(TextCell(HeaderRow + 1, c + 1, "累计", Styles.Header, strings));
                Merge(HeaderRow, c, HeaderRow, c + 1);
            }
            else
            {
                bottom.Append(EmptyCell(HeaderRow + 1, c, Styles.Header));
                Merge(HeaderRow, c, HeaderRow + 1, c);
            }
        }
        data.Append(top, bottom);

        var r = FirstDataRow;
        var number = 1;
        foreach (var unit in section.Rows)
        {
            var missing = unit.State == ReportState.Missing;
            var row = new Row { RowIndex = (uint)r };
            var cells = new List<object?> { number++, unit.Name };
            if (section.Kind == ReportUnitKind.Institution)
            {
                cells.Add(unit.ParentName ?? "");
            }
            cells.Add(ReportStates.Name(unit.State));
            cells.Add(unit.SubmittedAt is { } at ? ChinaTime.Text(at) : "");
            for (var c = 1; c <= cells.Count; c++)
            {
                var style = missing ? Styles.MissingText : Styles.Text;
                if (c == 1 || c == cells.Count - 1)
                {
                    style = missing ? Styles.MissingCenter : unit.State == ReportState.Late ? Styles.LateCenter : Styles.Center;
                }
                row.Append(cells[c - 1] is int n ? NumberCell(r, c, n, Styles.Center) : TextCell(r, c, (string)cells[c - 1]!, style, strings));
            }
            AppendFigures(row, r, layout, unit.Figures, missing ? FigureStyle.Missing : FigureStyle.Normal);
            data.Append(row);
            r++;
        }

        var total = new Row { RowIndex = (uint)r };
        total.Append(EmptyCell(r, 1, Styles.TotalText));
        total.Append(TextCell(r, 2, "合计", Styles.TotalText, strings));
        for (var c = 3; c <= layout.Fixed.Count; c++)
        {
            total.Append(EmptyCell(r, c, Styles.TotalText));
        }
        AppendFigures(total, r, layout, section.Total, FigureStyle.Total);
        data.Append(total);

        var columns = new Columns();
        for (var c = 1; c <= layout.Fixed.Count; c++)
        {
            var width = layout.Fixed[c - 1] switch
            {
                "序号" => 5.5,
                "单位" => 24,
                "所属乡镇" => 12,
                "报送情况" => 9,
                _ => 17,
            };
            columns.Append(new Column { Min = (uint)c, Max = (uint)c, Width = width, CustomWidth = true });
        }
        columns.Append(new Column { Min = (uint)layout.Fixed.Count + 1, Max = (uint)layout.Width, Width = 8.5, CustomWidth = true });

        // Frozen: the title and header rows, and the columns up to 单位.
        var pane = new Pane
        {
            HorizontalSplit = layout.NameColumn,
            VerticalSplit = FirstDataRow - 1,
            TopLeftCell = $"{Column(layout.NameColumn + 1)}{FirstDataRow}",
            ActivePane = PaneValues.BottomRight,
            State = PaneStateValues.Frozen,
        };
        var view = new SheetView { WorkbookViewId = 0, TabSelected = section.Kind == ReportUnitKind.Township };
        view.Append(pane, new Selection { Pane = PaneValues.BottomRight, ActiveCell = pane.TopLeftCell, SequenceOfReferences = new ListValue<StringValue> { InnerText = pane.TopLeftCell } });

        var worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = false }),
            new SheetViews(view),
            new SheetFormatProperties { DefaultRowHeight = 16.5 },
            columns,
            data,
            merges,
            new PrintOptions { HorizontalCentered = true, GridLines = false },
            new PageMargins { Left = 0.3, Right = 0.3, Top = 0.5, Bottom = 0.5, Header = 0.2, Footer = 0.2 },
            // A3 landscape for the wide township table, A4 landscape for the institutions.
            new PageSetup
            {
                Orientation = OrientationValues.Landscape,
                PaperSize = section.Kind == ReportUnitKind.Township ? 8u : 9u,
            },
            new HeaderFooter(new OddFooter("&C第 &P 页 共 &N 页")));
        return worksheet;
    }

    private enum FigureStyle
    {
        Normal,
        Missing,
        Total,
    }

    private static void AppendFigures(Row row, int r, Layout layout, IReadOnlyDictionary<string, FigureValue> figures, FigureStyle kind)
    {
        foreach (var (figure, c) in layout.Figures)
        {
            var coverage = figure.Key == DailyFigures.Coverage;
            var style = (kind, coverage) switch
            {
                (FigureStyle.Normal, false) => Styles.Number,
                (FigureStyle.Normal, true) => Styles.Percent,
                (FigureStyle.Missing, false) => Styles.MissingNumber,
                (FigureStyle.Missing, true) => Styles.MissingPercent,
                (FigureStyle.Total, false) => Styles.TotalNumber,
                (FigureStyle.Total, true) => Styles.TotalPercent,
            };
            figures.TryGetValue(figure.Key, out var value);
            var present = figures.ContainsKey(figure.Key);
            row.Append(present ? NumberCell(r, c, value.Today, style) : EmptyCell(r, c, style));
            if (figure.Cumulates)
            {
                row.Append(present && value.Cumulative is { } cumulative ? NumberCell(r, c + 1, cumulative, style) : EmptyCell(r, c + 1, style));
            }
        }
    }

    private static Cell TextCell(int row, int column, string text, uint style, SharedStrings strings) => new()
    {
        CellReference = $"{Column(column)}{row}",
        DataType = CellValues.SharedString,
        CellValue = new CellValue(strings.Index(text)),
        StyleIndex = style,
    };

    private static Cell NumberCell(int row, int column, decimal value, uint style) => new()
    {
        CellReference = $"{Column(column)}{row}",
        DataType = CellValues.Number,
        CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)),
        StyleIndex = style,
    };

    private static Cell EmptyCell(int row, int column, uint style) => new() { CellReference = $"{Column(column)}{row}", StyleIndex = style };

    /// <summary>A 1-based column number as its letters: 1 → A, 27 → AA.</summary>
    public static string Column(int index)
    {
        var name = "";
        for (var n = index; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    private sealed class SharedStrings(SharedStringTablePart part)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly SharedStringTable _table = new();

        public int Index(string text)
        {
            if (!_index.TryGetValue(text, out var i))
            {
                i = _index.Count;
                _index[text] = i;
                _table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return i;
        }

        public void Save()
        {
            _table.Count = (uint)_index.Count;
            _table.UniqueCount = (uint)_index.Count;
            part.SharedStringTable = _table;
        }
    }

    /// <summary>The cell formats, by their index in cellXfs.</summary>
    private static class Styles
    {
        public const uint Title = 1;
        public const uint Subtitle = 2;
        public const uint Header = 3;
        public const uint Text = 4;
        public const uint Center = 5;
        public const uint LateCenter = 6;
        public const uint Number = 7;
        public const uint Percent = 8;
        public const uint MissingText = 9;
        public const uint MissingCenter = 10;
        public const uint MissingNumber = 11;
        public const uint MissingPercent = 12;
        public const uint TotalText = 13;
        public const uint TotalNumber = 14;
        public const uint TotalPercent = 15;

        private const uint OneDecimal = 164;

        // Fonts: 0 regular, 1 title, 2 bold, 3 grey italic, 4 red (late).
        private const uint Regular = 0, TitleFont = 1, Bold = 2, Grey = 3, Red = 4;

        public static Stylesheet Sheet()
        {
            static Font Font(double size, bool bold = false, bool italic = false, string? color = null)
            {
                var font = new Font();
                if (bold)
                {
                    font.Append(new Bold());
                }
                if (italic)
                {
                    font.Append(new Italic());
                }
                font.Append(new FontSize { Val = size });
                if (color is not null)
                {
                    font.Append(new Color { Rgb = color });
                }
                font.Append(new FontName { Val = "宋体" }, new FontFamilyNumbering { Val = 2 }, new FontCharSet { Val = 134 });
                return font;
            }

            static BorderPropertiesType Side<T>() where T : BorderPropertiesType, new() =>
                new T { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } };

            static CellFormat Format(uint font, uint border = 1, uint fill = 0, uint numberFormat = 0, HorizontalAlignmentValues? align = null, bool wrap = false)
            {
                var format = new CellFormat
                {
                    FontId = font,
                    FillId = fill,
                    BorderId = border,
                    NumberFormatId = numberFormat,
                    FormatId = 0,
                    ApplyFont = true,
                    ApplyBorder = border != 0,
                    ApplyFill = fill != 0,
                    ApplyNumberFormat = numberFormat != 0,
                };
                if (align is not null || wrap)
                {
                    format.ApplyAlignment = true;
                    format.Append(new Alignment { Horizontal = align, Vertical = VerticalAlignmentValues.Center, WrapText = wrap });
                }
                return format;
            }

            var fills = new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7EEF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF2F2F2" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 4 };
            var borders = new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(Side<LeftBorder>(), Side<RightBorder>(), Side<TopBorder>(), Side<BottomBorder>(), new DiagonalBorder()))
            { Count = 2 };
            const uint headerFill = 2, totalFill = 3;
            var formats = new CellFormats(
                Format(Regular, border: 0),
                Format(TitleFont, border: 0, align: HorizontalAlignmentValues.Center),
                Format(Regular, border: 0, align: HorizontalAlignmentValues.Left),
                Format(Bold, fill: headerFill, align: HorizontalAlignmentValues.Center, wrap: true),
                Format(Regular, align: HorizontalAlignmentValues.Left),
                Format(Regular, align: HorizontalAlignmentValues.Center),
                Format(Red, align: HorizontalAlignmentValues.Center),
                Format(Regular, numberFormat: 1, align: HorizontalAlignmentValues.Right),
                Format(Regular, numberFormat: OneDecimal, align: HorizontalAlignmentValues.Right),
                Format(Grey, align: HorizontalAlignmentValues.Left),
                Format(Grey, align: HorizontalAlignmentValues.Center),
                Format(Grey, numberFormat: 1, align: HorizontalAlignmentValues.Right),
                Format(Grey, numberFormat: OneDecimal, align: HorizontalAlignmentValues.Right),
                Format(Bold, fill: totalFill, align: HorizontalAlignmentValues.Center),
                Format(Bold, fill: totalFill, numberFormat: 1, align: HorizontalAlignmentValues.Right),
                Format(Bold, fill: totalFill, numberFormat: OneDecimal, align: HorizontalAlignmentValues.Right));
            formats.Count = (uint)formats.ChildElements.Count;

            return new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = OneDecimal, FormatCode = "0.0" }) { Count = 1 },
                new Fonts(Font(11), Font(16, bold: true), Font(11, bold: true), Font(11, italic: true, color: "FF808080"), Font(11, color: "FFC00000")) { Count = 5 },
                fills,
                borders,
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                formats,
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        }
    }
}
