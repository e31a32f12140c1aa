using System.Globalization;
using System.Text;

namespace KnockDoor.Core.Targets;

/// <summary>The columns of the registry spreadsheet, in template order, with the names offices use for them.</summary>
public static class RosterColumns
{
    public const string Township = "乡镇";
    public const string Village = "村(社区)";
    public const string Name = "姓名";
    public const string IdNumber = "身份证号";
    public const string Categories = "服务对象类别";
    public const string SupportMode = "特困供养方式";
    public const string Phone = "联系电话";
    public const string Address = "详细地址";
    public const string Household = "户主/家庭";
    public const string Guardian = "监护人/联系人";
    public const string GuardianPhone = "监护人电话";
    public const string Longitude = "经度";
    public const string Latitude = "纬度";
    public const string BirthDate = "出生日期";
    public const string Notes = "备注";
    public const string Heating = "取暖方式";
    public const string Bedridden = "是否卧床";
    public const string HouseAtRisk = "是否危旧房屋";

    public static readonly IReadOnlyList<string> Template =
    [
        Township, Village, Name, IdNumber, Categories, SupportMode, Phone, Address, Household, Guardian, GuardianPhone,
        Longitude, Latitude, BirthDate, Notes, Heating, Bedridden, HouseAtRisk,
    ];

    /// <summary>Header text (normalised by <see cref="HeaderDetector.NormalizeHeader"/>) to the template column.</summary>
    public static readonly IReadOnlyDictionary<string, string> Synonyms = HeaderDetector.BuildSynonyms(new Dictionary<string, string[]>
    {
        [Township] = ["乡镇", "乡(镇)", "乡镇(街道)", "所属乡镇", "所在乡镇", "乡镇名称", "街道", "乡镇街道"],
        [Village] = ["村(社区)", "村", "社区", "所在村", "所属村", "村委会", "村(居)委会", "村(居)", "村居", "村/社区", "村社区", "村(社区)名称", "所在村(社区)", "所属村(社区)", "村名", "村委", "居委会"],
        [Name] = ["姓名", "名字", "服务对象姓名", "对象姓名"],
        [IdNumber] = ["身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码", "身份证件号码"],
        [Categories] = ["服务对象类别", "类别", "人员类别", "对象类别", "人员类型", "对象类型", "服务对象类型", "类型"],
        [SupportMode] = ["特困供养方式", "供养方式", "特困人员供养方式"],
        [Phone] = ["联系电话", "电话", "手机号", "手机", "手机号码", "电话号码", "本人电话", "联系方式", "本人联系电话"],
        [Address] = ["详细地址", "地址", "住址", "家庭住址", "家庭地址", "居住地址", "现住址", "现居住地址"],
        [Household] = ["户主/家庭", "户主", "家庭", "户主姓名", "户号"],
        [Guardian] = ["监护人/联系人", "监护人", "联系人", "监护人姓名", "联系人姓名", "监护人(联系人)"],
        [GuardianPhone] = ["监护人电话", "联系人电话", "监护人联系电话", "监护人手机", "监护人(联系人)电话"],
        [Longitude] = ["经度"],
        [Latitude] = ["纬度"],
        [BirthDate] = ["出生日期", "出生年月", "出生年月日", "生日"],
        [Notes] = ["备注", "说明"],
        [Heating] = ["取暖方式", "取暖", "取暖类型", "供暖方式"],
        [Bedridden] = ["是否卧床", "卧床", "长期卧床"],
        [HouseAtRisk] = ["是否危旧房屋", "危旧房屋", "危房", "是否危房"],
    });
}

/// <summary>
/// Finds the header row of a sheet as offices make them: title rows above it, names with stray spaces,
/// full-width brackets, a trailing * for required columns, or synonyms.
/// </summary>
public static class HeaderDetector
{
    public const int ScanRows = 20;

    public static Dictionary<string, string> BuildSynonyms(Dictionary<string, string[]> names)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, synonyms) in names)
        {
            map[NormalizeHeader(column)] = column;
            foreach (var s in synonyms)
            {
                map[NormalizeHeader(s)] = column;
            }
        }
        return map;
    }

    /// <summary>"  村（社区）名称 *" and "村(社区)名称" read the same.</summary>
    public static string NormalizeHeader(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "";
        }
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw)
        {
            var c = ch;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                c = (char)(c - 0xFEE0);
            }
            if (char.IsWhiteSpace(c) || c is '\u3000' or '\u200B' or '*' or ':')
            {
                continue;
            }
            sb.Append(c switch { '【' or '[' => '(', '】' or ']' => ')', _ => c });
        }
        var s = sb.ToString();
        foreach (var suffix in (string[])["(必填)", "(选填)", "(可选)", "(必填项)"])
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
            }
        }
        return s;
    }

    /// <summary>
    /// The template column of each recognised cell of a row (cell key → column), or null when the row does not
    /// hold every one of <paramref name="required"/>. The first cell naming a column wins.
    /// </summary>
    public static Dictionary<string, string>? TryMatch(IEnumerable<KeyValuePair<string, object?>> row, IReadOnlyDictionary<string, string> synonyms, IReadOnlyCollection<string> required)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in row)
        {
            if (value is not string text)
            {
                continue;
            }
            if (synonyms.TryGetValue(NormalizeHeader(text), out var column) && seen.Add(column))
            {
                result[key] = column;
            }
        }
        return required.All(seen.Contains) ? result : null;
    }

    /// <summary>Scans the first <see cref="ScanRows"/> rows; returns the header's 0-based index and its columns.</summary>
    public static (int Index, Dictionary<string, string> Columns)? Find(IEnumerable<IEnumerable<KeyValuePair<string, object?>>> rows, IReadOnlyDictionary<string, string> synonyms, IReadOnlyCollection<string> required)
    {
        var index = 0;
        foreach (var row in rows)
        {
            if (index >= ScanRows)
            {
                break;
            }
            if (TryMatch(row, synonyms, required) is { } columns)
            {
                return (index, columns);
            }
            index++;
        }
        return null;
    }
}

/// <summary>Cell values as MiniExcel gives them (string, double, DateTime, bool, null) turned into what the rules check.</summary>
public static class CellValues
{
    public static bool IsNumeric(object? cell) =>
        cell is double or float or decimal or long or int or short or byte or ulong or uint;

    public static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>The cell as text; whole numbers without exponent or decimals (a phone typed as a number).</summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        string s => s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m when m == decimal.Truncate(m) => decimal.Truncate(m).ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    /// <summary>
    /// The ID number of a cell, normalised, and its problem. A numeric cell has always lost digits (Excel keeps
    /// 15 significant digits), and so has text of 18 digits ending in 000 whose check digit fails: the usual
    /// trace of a number pasted back as text.
    /// </summary>
    public static IdNumberProblem? IdNumber(object? cell, out string normalized, out DateOnly birthDate, out Sex sex)
    {
        birthDate = default;
        sex = Sex.Male;
        if (IsNumeric(cell))
        {
            normalized = Text(cell);
            return IdNumberProblem.MangledByExcel;
        }
        normalized = IdNumbers.Normalize(Text(cell));
        var problem = IdNumbers.Validate(normalized, out birthDate, out sex);
        if (problem == IdNumberProblem.BadCheckDigit && normalized.EndsWith("000", StringComparison.Ordinal))
        {
            return IdNumberProblem.MangledByExcel;
        }
        return problem;
    }

    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyy年M月d号", "yyyyMMdd", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm",
    ];

    /// <summary>
    /// A date as offices enter it: a date cell, a number (Excel's serial date), or text such as 1950-01-02,
    /// 1950/1/2, 1950.1.2, 1950年1月2日 or 19500102.
    /// </summary>
    public static bool TryDate(object? cell, out DateOnly date)
    {
        date = default;
        switch (cell)
        {
            case DateTime dt:
                date = DateOnly.FromDateTime(dt);
                return true;
            case DateOnly d:
                date = d;
                return true;
            case double or decimal or long or int:
                var n = Convert.ToDouble(cell, CultureInfo.InvariantCulture);
                if (n >= 18000101 && n <= 21001231 && n == Math.Floor(n))
                {
                    return TryText(((long)n).ToString(CultureInfo.InvariantCulture), out date);
                }
                if (n is >= 1 and < 2958466)
                {
                    date = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(n)));
                    return true;
                }
                return false;
            case string s:
                return TryText(s, out date);
            default:
                return false;
        }
    }

    private static bool TryText(string raw, out DateOnly date)
    {
        var s = TargetRules.Clean(raw).Replace(" ", "", StringComparison.Ordinal);
        return DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date.Year >= 1800;
    }

    /// <summary>A number from a numeric cell or from text (full-width digits cleaned).</summary>
    public static bool TryNumber(object? cell, out double value)
    {
        switch (cell)
        {
            case double d:
                value = d;
                return true;
            case decimal or long or int or float:
                value = Convert.ToDouble(cell, CultureInfo.InvariantCulture);
                return true;
            case string s:
                return double.TryParse(TargetRules.Clean(s), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }
}
