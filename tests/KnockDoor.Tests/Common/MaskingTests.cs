using KnockDoor.Core.Common;

namespace KnockDoor.Tests.Common;

public sealed class MaskingTests
{
    [Fact]
    public void IdNumber_EighteenCharacters_KeepsFourAndFour()
    {
        Assert.Equal("1411**********123X", Masking.IdNumber("14112919450101123X"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("1234", "****")]
    [InlineData("12345678", "********")]
    [InlineData("123456789", "1234*6789")]
    public void IdNumber_ShortOrEmpty_RevealsNothingExtra(string? id, string expected)
    {
        Assert.Equal(expected, Masking.IdNumber(id));
    }

    [Fact]
    public void Phone_Mobile_KeepsThreeAndFour()
    {
        Assert.Equal("187****7081", Masking.Phone("18703587081"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("123456", "******")]
    [InlineData("1234567", "1234567")]
    [InlineData("0358-1234567", "035*****4567")]
    public void Phone_OtherLengths(string? phone, string expected)
    {
        Assert.Equal(expected, Masking.Phone(phone));
    }
}
