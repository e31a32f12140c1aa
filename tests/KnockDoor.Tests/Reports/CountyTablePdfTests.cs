using KnockDoor.Web.Features.Printing;
using KnockDoor.Web.Features.Reports;
using UglyToad.PdfPig;

namespace KnockDoor.Tests.Reports;

/// <summary>The county table's PDF, read back with PdfPig: the text is extractable, the header is on every page, the table is split in bands.</summary>
public sealed class CountyTablePdfTests
{
    private static async Task<List<(string Text, double Width, double Height)>> WriteAndReadAsync(CountyTable table)
    {
        using var fonts = PdfFonts.FromApp();
        using var stream = new MemoryStream();
        await CountyTablePdf.WriteAsync(table, fonts, stream, CancellationToken.None);
        using var pdf = PdfDocument.Open(stream.ToArray());
        return [.. pdf.GetPages().Select(p => (p.Text, p.Width, p.Height))];
    }

    [Fact]
    public async Task Pdf_HasTitleUnitsHeadersAndTotal_Landscape()
    {
        var table = CountyTableSample.Build();

        var pages = await WriteAndReadAsync(table);
        var text = string.Join("\n", pages.Select(p => p.Text));

        Assert.All(pages, p => Assert.True(p.Width > p.Height));
        Assert.Contains("中阳县敲门行动每日统计汇总表", text, StringComparison.Ordinal);
        Assert.Contains("2025年1月6日", text, StringComparison.Ordinal);
        Assert.Contains("按时 1 / 迟报 1 / 未报 1", text, StringComparison.Ordinal);
        foreach (var unit in table.Rows)
        {
            Assert.Contains(unit.Name, text, StringComparison.Ordinal);
        }
        foreach (var label in new[] { "序号", "单位", "报送情况", "报送时间", "所属乡镇", "当日", "累计", "合计", "未报", "迟报", "发现隐患", "立行立改", "整改中", "已销号", "在院人数" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pdf_WideTownshipTable_IsSplitInBands_EachRepeatingUnitsHeaderAndTotal()
    {
        var table = CountyTableSample.Build();

        var pages = await WriteAndReadAsync(table);

        // 40 township figures × 2 columns do not fit one A4 landscape page at a readable width: several bands, then
        // the institutions on their own page. Every page has the header and every unit, and its band's 合计.
        var townshipPages = pages.Where(p => p.Text.Contains("宁乡镇", StringComparison.Ordinal) && !p.Text.Contains("城区幸福养老服务中心", StringComparison.Ordinal)).ToList();
        Assert.InRange(townshipPages.Count, 3, 6);
        Assert.All(townshipPages, p =>
        {
            Assert.Contains("单位", p.Text, StringComparison.Ordinal);
            Assert.Contains("当日", p.Text, StringComparison.Ordinal);
            Assert.Contains("累计", p.Text, StringComparison.Ordinal);
            Assert.Contains("金罗镇", p.Text, StringComparison.Ordinal);
            Assert.Contains("暖泉镇", p.Text, StringComparison.Ordinal);
            Assert.Contains("合计", p.Text, StringComparison.Ordinal);
        });
        Assert.Contains("第 1 部分", townshipPages[0].Text, StringComparison.Ordinal);
        // Each figure's label is in one band only: the last one's in the last.
        Assert.Contains("出动人员", townshipPages[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("出动人员", townshipPages[0].Text, StringComparison.Ordinal);
        var institutions = Assert.Single(pages, p => p.Text.Contains("城区幸福养老服务中心", StringComparison.Ordinal));
        Assert.Contains("安全事件", institutions.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_ManyUnits_RowsGoOnTheNextPages_WithTheHeaderAgain()
    {
        var sample = CountyTableSample.Build();
        var row = sample.Townships.Rows[0];
        var rows = Enumerable.Range(1, 60).Select(i => row with { OrgUnitCode = $"1411291{i:00}", Name = $"测试第{i}镇" }).ToList();
        var table = sample with { Townships = sample.Townships with { Rows = rows, Total = CountyTableService.Total(rows, sample.Townships.Figures) } };

        var pages = await WriteAndReadAsync(table);

        var first = pages.Where(p => p.Text.Contains("第 1 部分", StringComparison.Ordinal)).ToList();
        Assert.True(first.Count >= 2, "60 townships take more than one page");
        Assert.All(first, p => Assert.Contains("当日", p.Text, StringComparison.Ordinal));
        Assert.Contains("测试第60镇", first[^1].Text, StringComparison.Ordinal);
        Assert.Contains("合计", first[^1].Text, StringComparison.Ordinal);
        Assert.Contains("（续）", first[1].Text, StringComparison.Ordinal);
        // The 合计 row is on the band's last page only (the header's 应走访对象（合计） is on every page).
        static int Count(string text, string what) => text.Split(what).Length - 1;
        Assert.Equal(Count(first[0].Text, "（合计）"), Count(first[0].Text, "合计"));
        Assert.Equal(Count(first[^1].Text, "（合计）") + 1, Count(first[^1].Text, "合计"));
    }
}
