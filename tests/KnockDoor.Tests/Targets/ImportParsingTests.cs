using KnockDoor.Core.Targets;

namespace KnockDoor.Tests.Targets;

public class ImportParsingTests
{
    private static KeyValuePair<string, object?>[] Row(params object?[] cells) =>
        cells.Select((c, i) => new KeyValuePair<string, object?>(((char)('A' + i)).ToString(), c)).ToArray();

    private static readonly string[] Required = [RosterColumns.Name, RosterColumns.IdNumber];

    [Fact]
    public void FindHeader_SkipsTitleRowsAndBlankRows()
    {
        var rows = new[]
        {
            Row("中阳县2024年冬季“敲门行动”服务对象名册", null, null),
            Row(null, null, null),
            Row("序号", " 姓 名 ", "身份证号码*", "所在村", "类别"),
            Row(1, "张三", "141129195001020011", "宁乡演示一村", "孤寡老人"),
        };

        var found = HeaderDetector.Find(rows, RosterColumns.Synonyms, Required);

        Assert.NotNull(found);
        Assert.Equal(2, found.Value.Index);
        Assert.Equal(RosterColumns.Name, found.Value.Columns["B"]);
        Assert.Equal(RosterColumns.IdNumber, found.Value.Columns["C"]);
        Assert.Equal(RosterColumns.Village, found.Value.Columns["D"]);
        Assert.Equal(RosterColumns.Categories, found.Value.Columns["E"]);
        Assert.False(found.Value.Columns.ContainsKey("A"));
    }

    [Theory]
    [InlineData("村（社区）", RosterColumns.Village)]
    [InlineData("村委会", RosterColumns.Village)]
    [InlineData("公民身份号码", RosterColumns.IdNumber)]
    [InlineData("人员类别 *", RosterColumns.Categories)]
    [InlineData("手机号", RosterColumns.Phone)]
    [InlineData("监护人／联系人", RosterColumns.Guardian)]
    [InlineData("特困供养方式（必填）", RosterColumns.SupportMode)]
    [InlineData("\u3000经度 ", RosterColumns.Longitude)]
    public void HeaderSynonyms_AreRecognised(string header, string column)
    {
        Assert.Equal(column, RosterColumns.Synonyms[HeaderDetector.NormalizeHeader(header)]);
    }

    [Fact]
    public void FindHeader_ReturnsNull_WhenNoRowHasNameAndIdNumber()
    {
        var rows = Enumerable.Range(0, 25).Select(i => Row("姓名", "电话", i)).ToArray();

        Assert.Null(HeaderDetector.Find(rows, RosterColumns.Synonyms, Required));
    }

    [Fact]
    public void FindHeader_LooksOnlyAtTheFirstTwentyRows()
    {
        var rows = Enumerable.Range(0, 20).Select(_ => Row("标题", null)).Append(Row("姓名", "身份证号")).ToArray();

        Assert.Null(HeaderDetector.Find(rows, RosterColumns.Synonyms, Required));
    }

    [Theory]
    [InlineData("1950-01-02")]
    [InlineData("1950/1/2")]
    [InlineData("1950.1.2")]
    [InlineData("1950年1月2日")]
    [InlineData("19500102")]
    [InlineData(" １９５０－０１－０２ ")]
    public void TryDate_ReadsTextDates(string text)
    {
        Assert.True(CellValues.TryDate(text, out var date));
        Assert.Equal(new DateOnly(1950, 1, 2), date);
    }

    [Fact]
    public void TryDate_ReadsDateCellsAndSerialNumbers()
    {
        Assert.True(CellValues.TryDate(new DateTime(1950, 1, 2), out var fromDate));
        Assert.Equal(new DateOnly(1950, 1, 2), fromDate);
        Assert.True(CellValues.TryDate(new DateTime(1950, 1, 2).ToOADate(), out var fromSerial));
        Assert.Equal(new DateOnly(1950, 1, 2), fromSerial);
        Assert.True(CellValues.TryDate(19500102d, out var fromDigits));
        Assert.Equal(new DateOnly(1950, 1, 2), fromDigits);
    }

    [Theory]
    [InlineData("1950-13-01")]
    [InlineData("一九五零年")]
    [InlineData("1950")]
    [InlineData("")]
    public void TryDate_RejectsWhatIsNotADate(string text)
    {
        Assert.False(CellValues.TryDate(text, out _));
    }

    private static string ValidId(string first17) => first17 + IdNumbers.CheckDigit(first17);

    [Fact]
    public void IdNumber_NumericCell_IsMangledByExcel()
    {
        Assert.Equal(IdNumberProblem.MangledByExcel, CellValues.IdNumber(1.41129195001020011e17, out _, out _, out _));
        Assert.Equal(IdNumberProblem.MangledByExcel, CellValues.IdNumber(141129195001020011m, out _, out _, out _));
        Assert.Equal(IdNumberProblem.MangledByExcel, CellValues.IdNumber(141129195001020L, out _, out _, out _));
    }

    [Theory]
    [InlineData("1.41129E+17")]
    [InlineData("141129195001020000")]
    public void IdNumber_TextThatWasANumber_IsMangledByExcel(string text)
    {
        Assert.NotEqual('0', IdNumbers.CheckDigit("14112919500102000")); // else the 000 sample would be a valid number
        Assert.Equal(IdNumberProblem.MangledByExcel, CellValues.IdNumber(text, out _, out _, out _));
    }

    [Fact]
    public void IdNumber_FullWidthTextWithSpaces_IsNormalisedAndValid()
    {
        var id = ValidId("14112919500102001");
        var typed = " " + string.Concat(id.Select(c => (char)(c + 0xFEE0))) + " ";

        Assert.Null(CellValues.IdNumber(typed, out var normalized, out var birth, out _));
        Assert.Equal(id, normalized);
        Assert.Equal(new DateOnly(1950, 1, 2), birth);
    }

    [Fact]
    public void IdNumber_ReportsTheUsualProblems()
    {
        var good = ValidId("14112919500102001");
        var badCheck = good[..17] + (good[17] == '1' ? '2' : '1');
        Assert.Equal(IdNumberProblem.BadCheckDigit, CellValues.IdNumber(badCheck, out _, out _, out _));
        Assert.Equal(IdNumberProblem.Legacy15, CellValues.IdNumber("141129500102001", out _, out _, out _));
        Assert.Equal(IdNumberProblem.WrongLength, CellValues.IdNumber("1411291950", out _, out _, out _));
        Assert.Equal(IdNumberProblem.Missing, CellValues.IdNumber(null, out _, out _, out _));
    }

    [Fact]
    public void Text_WritesWholeNumbersWithoutExponent()
    {
        Assert.Equal("13912345678", CellValues.Text(13912345678d));
        Assert.Equal("1950-01-02", CellValues.Text(new DateTime(1950, 1, 2)));
        Assert.Equal("", CellValues.Text(null));
    }
}
