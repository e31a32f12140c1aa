using System.Text;
using System.Text.RegularExpressions;

namespace KnockDoor.Core.Targets;

/// <summary>A field-level problem: the field (its Chinese column name) and the message.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The rules every registry entry meets, whether typed on a page, sent to the API or imported.</summary>
public static partial class TargetRules
{
    public const int NameMax = 50;
    public const int AddressMax = 200;
    public const int NotesMax = 1000;

    /// <summary>Full-width to half-width, trimmed, runs of white space collapsed.</summary>
    public static string Clean(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return "";
        }
        var needsWork = false;
        foreach (var c in raw)
        {
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000' or '\u00A0' or '\t' or '\r' or '\n' or '\u200B')
            {
                needsWork = true;
                break;
            }
        }
        if (!needsWork)
        {
            var trimmed = raw.Trim();
            return trimmed.Contains("  ", StringComparison.Ordinal) ? MultiSpace().Replace(trimmed, " ") : trimmed;
        }
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw)
        {
            var c = ch;
            if (c is >= '\uFF01' and <= '\uFF5E' && !IsChinesePunctuationKept(c))
            {
                c = (char)(c - 0xFEE0);
            }
            else if (c is '\u3000' or '\u00A0' or '\t' or '\r' or '\n')
            {
                c = ' ';
            }
            else if (c == '\u200B')
            {
                continue;
            }
            sb.Append(c);
        }
        return MultiSpace().Replace(sb.ToString().Trim(), " ");
    }

    // Full-width brackets and commas in names and addresses are normal Chinese writing; keep them.
    private static bool IsChinesePunctuationKept(char c) => c is '（' or '）' or '，' or '；' or '：';

    /// <summary>Phone: digits (and one dash for landlines), full-width and spaces removed.</summary>
    public static string NormalizePhone(string? raw)
    {
        var s = Clean(raw);
        if (s.Length == 0)
        {
            return "";
        }
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c) || c == '-')
            {
                sb.Append(c);
            }
            else if (c is not (' ' or '(' or ')'))
            {
                return s; // leave it as typed; CheckPhone reports it
            }
        }
        var phone = sb.ToString();
        return phone.StartsWith("86", StringComparison.Ordinal) && phone.Length == 13 ? phone[2..] : phone;
    }

    public static bool IsValidPhone(string phone) => MobileRegex().IsMatch(phone) || LandlineRegex().IsMatch(phone);

    public static void CheckPhone(string phone, string field, List<FieldError> errors)
    {
        if (phone.Length > 0 && !IsValidPhone(phone))
        {
            errors.Add(new FieldError(field, "电话号码格式不正确（手机 11 位，固话如 0358-1234567）"));
        }
    }

    public static void CheckText(string value, string field, int max, bool required, List<FieldError> errors)
    {
        if (required && value.Length == 0)
        {
            errors.Add(new FieldError(field, $"{field}不能为空"));
        }
        else if (value.Length > max)
        {
            errors.Add(new FieldError(field, $"{field}不能超过 {max} 个字"));
        }
    }

    public static void CheckGps(double? lat, double? lng, List<FieldError> errors)
    {
        if (lat is null != lng is null)
        {
            errors.Add(new FieldError("经纬度", "经度和纬度要同时填写"));
        }
        else if (lat is { } la && lng is { } ln && (la is < 3 or > 54 || ln is < 73 or > 136))
        {
            errors.Add(new FieldError("经纬度", "经纬度不在中国境内，请检查是否填反"));
        }
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobileRegex();

    [GeneratedRegex("^0[0-9]{2,3}-?[0-9]{7,8}$")]
    private static partial Regex LandlineRegex();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultiSpace();
}
