using MiniExcelLibs;

namespace KnockDoor.IntegrationTests.Infrastructure;

/// <summary>Builds .xlsx files in memory, one object?[] per sheet row (null = empty cell), no header printed.</summary>
public static class Xlsx
{
    /// <summary>The registry template's columns, in order.</summary>
    public static readonly string[] TemplateHeader =
    [
        "乡镇", "村(社区)", "姓名", "身份证号", "服务对象类别", "特困供养方式", "联系电话", "详细地址",
        "户主/家庭", "监护人/联系人", "监护人电话", "经度", "纬度", "出生日期", "备注",
    ];

    public static byte[] Build(IEnumerable<object?[]> rows)
    {
        var width = TemplateHeader.Length;
        var list = rows.ToList();
        width = Math.Max(width, list.Count == 0 ? 0 : list.Max(r => r.Length));
        var keys = Enumerable.Range(0, width).Select(ColumnName).ToArray();
        var sheet = list.Select(r =>
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < width; i++)
            {
                row[keys[i]] = i < r.Length ? r[i] : null;
            }
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: false);
        return stream.ToArray();
    }

    /// <summary>A data row of the template: the named columns filled, the rest empty.</summary>
    public static object?[] Row(string village, string name, object? idNumber, string categories, string? phone = null, string? township = null,
        string? address = null, string? notes = null)
    {
        var row = new object?[TemplateHeader.Length];
        row[Array.IndexOf(TemplateHeader, "乡镇")] = township;
        row[Array.IndexOf(TemplateHeader, "村(社区)")] = village;
        row[Array.IndexOf(TemplateHeader, "姓名")] = name;
        row[Array.IndexOf(TemplateHeader, "身份证号")] = idNumber;
        row[Array.IndexOf(TemplateHeader, "服务对象类别")] = categories;
        row[Array.IndexOf(TemplateHeader, "联系电话")] = phone;
        row[Array.IndexOf(TemplateHeader, "详细地址")] = address;
        row[Array.IndexOf(TemplateHeader, "备注")] = notes;
        return row;
    }

    public static object?[] Header() => [.. TemplateHeader];

    public static object?[] Blank() => new object?[TemplateHeader.Length];

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }
}
