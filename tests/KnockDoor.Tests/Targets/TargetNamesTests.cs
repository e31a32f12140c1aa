using KnockDoor.Core.Targets;

namespace KnockDoor.Tests.Targets;

public sealed class TargetNamesTests
{
    [Fact]
    public void ParseCategories_EnumerationComma_ReadsEach()
    {
        var result = TargetNames.ParseCategories("孤寡老人、失能", null, out var unknown);

        Assert.Equal(TargetCategory.GuguaElderly | TargetCategory.Disabled, result);
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("独居老人，半失能", TargetCategory.LivingAlone | TargetCategory.SemiDisabled)]
    [InlineData("留守儿童;困境儿童", TargetCategory.LeftBehindChild | TargetCategory.ChildInDistress)]
    [InlineData("孤儿 / 病残", TargetCategory.Orphan | TargetCategory.SickOrDisabled)]
    [InlineData("空巢老人", TargetCategory.LivingAlone)]
    [InlineData("特困人员（分散供养）", TargetCategory.ExtremePoorDispersed)]
    [InlineData("特困人员(集中供养)", TargetCategory.ExtremePoorCentral)]
    [InlineData("特困（集中）", TargetCategory.ExtremePoorCentral)]
    [InlineData(" 失能 ，， 孤寡 ", TargetCategory.Disabled | TargetCategory.GuguaElderly)]
    public void ParseCategories_OfficeSpellings_AreRecognised(string text, TargetCategory expected)
    {
        var result = TargetNames.ParseCategories(text, null, out var unknown);

        Assert.Equal(expected, result);
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("集中供养", TargetCategory.ExtremePoorCentral)]
    [InlineData("集中", TargetCategory.ExtremePoorCentral)]
    [InlineData("分散供养", TargetCategory.ExtremePoorDispersed)]
    [InlineData(" 分散 ", TargetCategory.ExtremePoorDispersed)]
    public void ParseCategories_FiveGuaranteeWithSupportMode_TakesTheMode(string mode, TargetCategory expected)
    {
        Assert.Equal(expected, TargetNames.ParseCategories("五保户", mode, out var unknown));
        Assert.Empty(unknown);
    }

    [Fact]
    public void ParseCategories_ExtremePoorWithoutMode_IsReportedUnknown()
    {
        var result = TargetNames.ParseCategories("特困人员", null, out var unknown);

        Assert.Equal(TargetCategory.None, result);
        Assert.Equal(["特困人员"], unknown);
    }

    [Fact]
    public void ParseCategories_UnknownWords_AreReturnedAndKnownOnesKept()
    {
        var result = TargetNames.ParseCategories("失能、低保户、流浪", null, out var unknown);

        Assert.Equal(TargetCategory.Disabled, result);
        Assert.Equal(["低保户", "流浪"], unknown);
    }

    [Fact]
    public void ParseCategories_Empty_GivesNone()
    {
        Assert.Equal(TargetCategory.None, TargetNames.ParseCategories("", null, out var unknown));
        Assert.Empty(unknown);
    }

    [Fact]
    public void CategoryList_JoinsNamesInCatalogueOrder()
    {
        Assert.Equal("孤寡老人、失能", TargetNames.CategoryList(TargetCategory.Disabled | TargetCategory.GuguaElderly));
    }
}
