using KnockDoor.Core.Targets;

namespace KnockDoor.Tests.Targets;

public sealed class TargetRulesTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("  张三  ", "张三")]
    [InlineData("张\u3000三", "张 三")]
    [InlineData("王   五", "王 五")]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("宁乡镇（演示）一组", "宁乡镇（演示）一组")]
    [InlineData("一组，二号", "一组，二号")]
    [InlineData("李\u200B四", "李四")]
    [InlineData("赵\t六\r\n", "赵 六")]
    [InlineData("\u00A0孙七\u00A0", "孙七")]
    public void Clean_NormalisesWidthAndSpaces(string? raw, string expected)
    {
        Assert.Equal(expected, TargetRules.Clean(raw));
    }

    [Theory]
    [InlineData("18703587081", "18703587081")]
    [InlineData("187 0358 7081", "18703587081")]
    [InlineData("１８７０３５８７０８１", "18703587081")]
    [InlineData("+86 187 0358 7081", "+86 187 0358 7081")]
    [InlineData("8618703587081", "18703587081")]
    [InlineData("0358-1234567", "0358-1234567")]
    [InlineData("(0358)1234567", "03581234567")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void NormalizePhone_StripsSeparators(string? raw, string expected)
    {
        Assert.Equal(expected, TargetRules.NormalizePhone(raw));
    }

    [Theory]
    [InlineData("18703587081", true)]
    [InlineData("13912345678", true)]
    [InlineData("12703587081", false)]
    [InlineData("1870358708", false)]
    [InlineData("0358-1234567", true)]
    [InlineData("03581234567", true)]
    [InlineData("0358-123456", false)]
    [InlineData("abc", false)]
    public void IsValidPhone_MobileAndLandline(string phone, bool valid)
    {
        Assert.Equal(valid, TargetRules.IsValidPhone(phone));
    }

    [Fact]
    public void CheckPhone_Invalid_AddsErrorForTheField()
    {
        var errors = new List<FieldError>();

        TargetRules.CheckPhone("12345", "联系电话", errors);

        var error = Assert.Single(errors);
        Assert.Equal("联系电话", error.Field);
    }

    [Fact]
    public void CheckPhone_EmptyIsAllowed()
    {
        var errors = new List<FieldError>();

        TargetRules.CheckPhone("", "联系电话", errors);

        Assert.Empty(errors);
    }

    [Fact]
    public void CheckText_RequiredAndTooLong()
    {
        var errors = new List<FieldError>();

        TargetRules.CheckText("", "姓名", TargetRules.NameMax, true, errors);
        TargetRules.CheckText(new string('张', TargetRules.NameMax + 1), "姓名", TargetRules.NameMax, true, errors);
        TargetRules.CheckText("", "备注", TargetRules.NotesMax, false, errors);

        Assert.Equal(2, errors.Count);
        Assert.Contains("不能为空", errors[0].Message);
        Assert.Contains("50", errors[1].Message);
    }

    [Theory]
    [InlineData(37.35, 111.19, 0)]
    [InlineData(null, null, 0)]
    [InlineData(37.35, null, 1)]
    [InlineData(111.19, 37.35, 1)] // swapped
    public void CheckGps_RangeAndPairs(double? lat, double? lng, int errorCount)
    {
        var errors = new List<FieldError>();

        TargetRules.CheckGps(lat, lng, errors);

        Assert.Equal(errorCount, errors.Count);
    }
}
