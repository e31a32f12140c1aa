using System.Globalization;

namespace KnockDoor.Core.Targets;

/// <summary>Resident identity numbers (公民身份号码), GB 11643-1999.</summary>
public static class IdNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    /// <summary>Normalises what people type: full-width characters, spaces, a lower-case x.</summary>
    public static string Normalize(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return "";
        }
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, 64)];
        var n = 0;
        foreach (var ch in raw)
        {
            var c = ch;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                c = (char)(c - 0xFEE0); // full-width ASCII
            }
            if (char.IsWhiteSpace(c) || c == '\u3000' || c == '\'' || c == '\u200B')
            {
                continue;
            }
            if (c == 'x')
            {
                c = 'X';
            }
            if (n == buffer.Length)
            {
                return raw.Trim();
            }
            buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }

    /// <summary>Validates a normalised number. Returns null when valid, or the problem in Chinese.</summary>
    public static IdNumberProblem? Validate(string id, out DateOnly birthDate, out Sex sex)
    {
        birthDate = default;
        sex = Sex.Male;
        if (id.Length == 0)
        {
            return IdNumberProblem.Missing;
        }
        if (id.Contains('E') || id.Contains("e+", StringComparison.OrdinalIgnoreCase) || (id.Contains('.') && id.All(c => char.IsDigit(c) || c is '.' or 'E' or '+')))
        {
            return IdNumberProblem.MangledByExcel;
        }
        if (id.Length == 15 && id.All(char.IsAsciiDigit))
        {
            return IdNumberProblem.Legacy15;
        }
        if (id.Length != 18)
        {
            return IdNumberProblem.WrongLength;
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return IdNumberProblem.BadCharacters;
            }
        }
        if (!(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
        {
            return IdNumberProblem.BadCharacters;
        }
        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate)
            || birthDate.Year < 1890)
        {
            return IdNumberProblem.BadBirthDate;
        }
        if (CheckDigit(id) != id[17])
        {
            return IdNumberProblem.BadCheckDigit;
        }
        sex = (id[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;
        return null;
    }

    public static string Message(IdNumberProblem problem) => problem switch
    {
        IdNumberProblem.Missing => "身份证号不能为空",
        IdNumberProblem.MangledByExcel => "身份证号被 Excel 转成了数字（科学计数法或末几位变成 0），请把该列设为“文本”格式后重新填写",
        IdNumberProblem.Legacy15 => "15 位旧身份证号不再受理，请填写 18 位身份证号（可在户籍信息中查到）",
        IdNumberProblem.WrongLength => "身份证号应为 18 位",
        IdNumberProblem.BadCharacters => "身份证号只能是 17 位数字加 1 位数字或 X",
        IdNumberProblem.BadBirthDate => "身份证号中的出生日期无效",
        IdNumberProblem.BadCheckDigit => "身份证号校验位不正确，请核对是否抄错",
    };

    public static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        if (day < birth.AddYears(age))
        {
            age--;
        }
        return age;
    }
}

public enum IdNumberProblem
{
    Missing,
    MangledByExcel,
    Legacy15,
    WrongLength,
    BadCharacters,
    BadBirthDate,
    BadCheckDigit,
}
