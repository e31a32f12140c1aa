using KnockDoor.Core.Targets;

namespace KnockDoor.Tests.Targets;

public sealed class IdNumbersTests
{
    // 11010519491231002X is the example number printed in GB 11643-1999.
    private const string StandardExample = "11010519491231002X";

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("44052418800101001", '4')]
    [InlineData("14112919450101123", '3')]
    public void CheckDigit_KnownNumbers_MatchesStandard(string first17, char expected)
    {
        Assert.Equal(expected, IdNumbers.CheckDigit(first17));
    }

    [Fact]
    public void CheckDigit_AllSumsModulo11_MapToTheStandardTable()
    {
        // Vary the last position (weight 2) so the weighted sum walks through every residue.
        var seen = new HashSet<char>();
        for (var d = 0; d <= 9; d++)
        {
            var first17 = "1411291945010112" + (char)('0' + d);
            seen.Add(IdNumbers.CheckDigit(first17));
        }
        Assert.Equal(10, seen.Count); // 2·d mod 11 differs for every d in 0..9
        Assert.All(seen, c => Assert.Contains(c, "10X98765432"));
    }

    [Fact]
    public void Validate_StandardExample_IsValidWithBirthDateAndSex()
    {
        var problem = IdNumbers.Validate(StandardExample, out var birth, out var sex);

        Assert.Null(problem);
        Assert.Equal(new DateOnly(1949, 12, 31), birth);
        Assert.Equal(Sex.Female, sex);
    }

    [Fact]
    public void Validate_OddSequenceDigit_IsMale()
    {
        var first17 = "14112919450101123";
        var id = first17 + IdNumbers.CheckDigit(first17);

        Assert.Null(IdNumbers.Validate(id, out var birth, out var sex));
        Assert.Equal(Sex.Male, sex);
        Assert.Equal(new DateOnly(1945, 1, 1), birth);
    }

    [Fact]
    public void Validate_WrongCheckDigit_ReturnsBadCheckDigit()
    {
        Assert.Equal(IdNumberProblem.BadCheckDigit, IdNumbers.Validate("110105194912310021", out _, out _));
    }

    [Fact]
    public void Validate_FifteenDigitLegacyNumber_IsRejected()
    {
        Assert.Equal(IdNumberProblem.Legacy15, IdNumbers.Validate("110105491231002", out _, out _));
        Assert.Contains("15 位", IdNumbers.Message(IdNumberProblem.Legacy15));
    }

    [Theory]
    [InlineData("19490230")] // 30 February
    [InlineData("19491301")] // month 13
    [InlineData("18800101")] // before 1890
    [InlineData("19490000")]
    public void Validate_ImpossibleBirthDate_ReturnsBadBirthDate(string date)
    {
        var first17 = "110105" + date + "002";
        var id = first17 + IdNumbers.CheckDigit(first17);

        Assert.Equal(IdNumberProblem.BadBirthDate, IdNumbers.Validate(id, out _, out _));
    }

    [Theory]
    [InlineData("", IdNumberProblem.Missing)]
    [InlineData("1101051949123100", IdNumberProblem.WrongLength)]
    [InlineData("1101051949123100211", IdNumberProblem.WrongLength)]
    [InlineData("11010519491231A02X", IdNumberProblem.BadCharacters)]
    [InlineData("11010519491231002Y", IdNumberProblem.BadCharacters)]
    [InlineData("1.41129194501011E+17", IdNumberProblem.MangledByExcel)]
    public void Validate_MalformedNumbers_ReportTheProblem(string id, IdNumberProblem expected)
    {
        Assert.Equal(expected, IdNumbers.Validate(id, out _, out _));
    }

    [Fact]
    public void Message_BadCheckDigit_MentionsCheckDigit()
    {
        Assert.Contains("校验位", IdNumbers.Message(IdNumberProblem.BadCheckDigit));
    }

    [Fact]
    public void Message_EveryProblem_HasAChineseMessage()
    {
        Assert.All(Enum.GetValues<IdNumberProblem>(), p => Assert.False(string.IsNullOrWhiteSpace(IdNumbers.Message(p))));
    }

    [Theory]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")] // full-width digits and X
    [InlineData("11010519491231002x")]                 // lower-case x
    [InlineData(" 110105 19491231 002X ")]             // spaces
    [InlineData("110105\u300019491231002X")]           // ideographic space
    [InlineData("'11010519491231002X")]                // Excel text prefix
    [InlineData("１１０１０５１９４９１２３１００２ｘ")] // full-width lower-case x
    public void Normalize_TypedVariants_GiveTheCanonicalNumber(string raw)
    {
        Assert.Equal(StandardExample, IdNumbers.Normalize(raw));
    }

    [Fact]
    public void Normalize_Null_GivesEmpty()
    {
        Assert.Equal("", IdNumbers.Normalize(null));
    }

    [Theory]
    [InlineData("1949-12-31", "2024-12-30", 74)]
    [InlineData("1949-12-31", "2024-12-31", 75)]
    [InlineData("2000-03-01", "2025-02-28", 24)]
    [InlineData("2000-03-01", "2025-03-01", 25)]
    public void AgeOn_CountsWholeYears(string birth, string day, int expected)
    {
        Assert.Equal(expected, IdNumbers.AgeOn(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
