namespace KnockDoor.Web.Features.Reports;

/// <summary>The county table as an xlsx workbook in the familiar layout (title, two-level merged headers, units as rows, total row).</summary>
public static class CountyTableXlsx
{
    public static Task WriteAsync(CountyTable table, Stream output, CancellationToken ct) =>
        throw new NotImplementedException("being written");

    /// <summary>The file name: county, campaign table and day, e.g. 中阳县敲门行动每日统计汇总表_2025-01-06.xlsx.</summary>
    public static string FileName(CountyTable table) => $"{table.CountyName}每日统计汇总表_{table.Day:yyyy-MM-dd}.xlsx";
}
