using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Tests.Reports;

/// <summary>The county table's xlsx, read back with the Open XML SDK: title, merged headers of both levels, every cell, the total row.</summary>
public sealed class CountyTableXlsxTests
{
    /// <summary>One sheet as read back: cell values by reference (text, or number), the merged ranges, the frozen pane and page setup.</summary>
    private sealed record SheetContent(Dictionary<string, object> Cells, HashSet<string> Merges, Pane? Pane, PageSetup? PageSetup);

    private static async Task<Dictionary<string, SheetContent>> WriteAndReadAsync(CountyTable table)
    {
        using var stream = new MemoryStream();
        await CountyTableXlsx.WriteAsync(table, stream, CancellationToken.None);
        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var result = new Dictionary<string, SheetContent>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var cells = new Dictionary<string, object>();
            foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => c.CellValue is not null))
            {
                cells[cell.CellReference!] = cell.DataType?.Value == CellValues.SharedString
                    ? strings[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : decimal.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
            }
            var merges = part.Worksheet.Descendants<MergeCell>().Select(m => m.Reference!.Value!).ToHashSet();
            result[sheet.Name!] = new SheetContent(cells, merges, part.Worksheet.Descendants<Pane>().FirstOrDefault(),
                part.Worksheet.Descendants<PageSetup>().FirstOrDefault());
        }
        return result;
    }

    private static int RowOf(string reference) => int.Parse(reference.TrimStart((char[])[.. Enumerable.Range('A', 26).Select(c => (char)c)]), CultureInfo.InvariantCulture);

    private static string Ref(int column, int row) => CountyTableXlsx.Column(column) + row.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Xlsx_HasTitleDateAndCounts_OnEachSheet()
    {
        var table = CountyTableSample.Build();

        var sheets = await WriteAndReadAsync(table);

        Assert.Equal(["乡镇", "机构"], sheets.Keys);
        foreach (var sheet in sheets.Values)
        {
            Assert.Equal("中阳县敲门行动每日统计汇总表", sheet.Cells["A1"]);
            var line = Assert.IsType<string>(sheet.Cells["A2"]);
            Assert.Contains("中民发〔2024〕36号", line, StringComparison.Ordinal);
            Assert.Contains("2025年1月6日", line, StringComparison.Ordinal);
            Assert.Contains("截止 15:00", line, StringComparison.Ordinal);
        }
        Assert.Contains("按时 1 / 迟报 1 / 未报 1", (string)sheets["乡镇"].Cells["A2"], StringComparison.Ordinal);
        Assert.Contains("按时 1 / 迟报 0 / 未报 1", (string)sheets["机构"].Cells["A2"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_TownshipHeaders_AreMergedOnTwoLevels()
    {
        var table = CountyTableSample.Build();
        var figures = table.Townships.Figures;
        var width = 4 + 2 * figures.Count;

        var sheet = (await WriteAndReadAsync(table))["乡镇"];

        Assert.Contains($"A1:{CountyTableXlsx.Column(width)}1", sheet.Merges);
        Assert.Contains($"A2:{CountyTableXlsx.Column(width)}2", sheet.Merges);
        string[] fixedColumns = ["序号", "单位", "报送情况", "报送时间"];
        for (var c = 1; c <= fixedColumns.Length; c++)
        {
            Assert.Equal(fixedColumns[c - 1], sheet.Cells[Ref(c, 3)]);
            Assert.Contains($"{Ref(c, 3)}:{Ref(c, 4)}", sheet.Merges);
        }
        for (var i = 0; i < figures.Count; i++)
        {
            var c = 5 + 2 * i;
            Assert.Equal(figures[i].Label, sheet.Cells[Ref(c, 3)]);
            Assert.Contains($"{Ref(c, 3)}:{Ref(c + 1, 3)}", sheet.Merges);
            Assert.Equal("当日", sheet.Cells[Ref(c, 4)]);
            Assert.Equal("累计", sheet.Cells[Ref(c + 1, 4)]);
        }
        Assert.Equal(2 + fixedColumns.Length + figures.Count, sheet.Merges.Count);
        // Frozen below the headers and right of 单位; printed landscape.
        Assert.Equal("frozen", sheet.Pane?.State?.ToString());
        Assert.Equal("C5", sheet.Pane?.TopLeftCell?.Value);
        Assert.Equal("landscape", sheet.PageSetup?.Orientation?.ToString());
    }

    [Fact]
    public async Task Xlsx_InstitutionHeaders_AFigureWithoutCumulative_IsMergedDown()
    {
        var table = CountyTableSample.Build();

        var sheet = (await WriteAndReadAsync(table))["机构"];

        string[] fixedColumns = ["序号", "单位", "所属乡镇", "报送情况", "报送时间"];
        for (var c = 1; c <= fixedColumns.Length; c++)
        {
            Assert.Equal(fixedColumns[c - 1], sheet.Cells[Ref(c, 3)]);
            Assert.Contains($"{Ref(c, 3)}:{Ref(c, 4)}", sheet.Merges);
        }
        // 在院人数 and 在岗工作人员 are states of the day: one column each, merged down; 巡查 has 当日 and 累计.
        Assert.Equal("在院人数", sheet.Cells["F3"]);
        Assert.Contains("F3:F4", sheet.Merges);
        Assert.Equal("在岗工作人员", sheet.Cells["G3"]);
        Assert.Contains("G3:G4", sheet.Merges);
        Assert.Equal("巡查（次）", sheet.Cells["H3"]);
        Assert.Contains("H3:I3", sheet.Merges);
        Assert.Equal("当日", sheet.Cells["H4"]);
        Assert.Equal("累计", sheet.Cells["I4"]);
        Assert.Equal("宁乡镇", sheet.Cells["C5"]);
    }

    [Fact]
    public async Task Xlsx_EachCell_IsTheRowsFigure_AndTheTotalRow_IsTheSum()
    {
        var table = CountyTableSample.Build();

        var sheets = await WriteAndReadAsync(table);

        foreach (var section in new[] { table.Townships, table.Institutions })
        {
            var sheet = sheets[CountyTableXlsx.SheetName(section.Kind)];
            var layout = new CountyTableXlsx.Layout(section);
            var stateColumn = layout.Fixed.Count - 1;
            for (var r = 0; r < section.Rows.Count; r++)
            {
                var unit = section.Rows[r];
                var row = CountyTableXlsx.FirstDataRow + r;
                Assert.Equal((decimal)(r + 1), sheet.Cells[Ref(1, row)]);
                Assert.Equal(unit.Name, sheet.Cells[Ref(2, row)]);
                Assert.Equal(ReportStates.Name(unit.State), sheet.Cells[Ref(stateColumn, row)]);
                foreach (var (figure, c) in layout.Figures)
                {
                    if (unit.Figures.TryGetValue(figure.Key, out var value))
                    {
                        Assert.Equal(value.Today, sheet.Cells[Ref(c, row)]);
                        if (figure.Cumulates)
                        {
                            Assert.Equal(value.Cumulative, sheet.Cells[Ref(c + 1, row)]);
                        }
                    }
                    else
                    {
                        // A missing unit's typed figures are not known: empty, not 0.
                        Assert.Equal(ReportState.Missing, unit.State);
                        Assert.False(sheet.Cells.ContainsKey(Ref(c, row)));
                    }
                }
            }

            var totalRow = CountyTableXlsx.FirstDataRow + section.Rows.Count;
            Assert.Equal("合计", sheet.Cells[Ref(2, totalRow)]);
            foreach (var (figure, c) in layout.Figures)
            {
                Assert.Equal(section.Total[figure.Key].Today, sheet.Cells[Ref(c, totalRow)]);
                if (figure.Key != DailyFigures.Coverage)
                {
                    Assert.Equal(section.Rows.Sum(u => u.Figures.TryGetValue(figure.Key, out var v) ? v.Today : 0), sheet.Cells[Ref(c, totalRow)]);
                }
                if (figure.Cumulates)
                {
                    Assert.Equal(section.Total[figure.Key].Cumulative, sheet.Cells[Ref(c + 1, totalRow)]);
                }
            }
            Assert.DoesNotContain(sheet.Cells.Keys, k => RowOf(k) > totalRow);
        }
    }

    [Fact]
    public async Task Xlsx_IsValidOpenXml_SoExcelOpensItWithoutRepair()
    {
        using var stream = new MemoryStream();
        await CountyTableXlsx.WriteAsync(CountyTableSample.Build(), stream, CancellationToken.None);
        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);

        var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void FileName_IsChinese_WithTheDay()
    {
        Assert.Equal("中阳县每日统计汇总表_2025-01-06.xlsx", CountyTableXlsx.FileName(CountyTableSample.Build()));
    }
}
