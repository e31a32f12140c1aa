using KnockDoor.Core.Targets;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace KnockDoor.Web.Infrastructure;

/// <summary>
/// Streams the first sheet of an uploaded .xlsx as offices make them: finds the header row among the first
/// rows, skips the title rows above it and blank rows, and yields each data row's cells in the order of the
/// caller's columns, with Excel's row number. Unreadable files and missing headers become problems.
/// </summary>
public static class SpreadsheetRows
{
    public static void EnsureXlsx(Stream file)
    {
        Span<byte> head = stackalloc byte[4];
        var read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 4 && head[0] == 0xD0 && head[1] == 0xCF)
        {
            throw new AppProblemException(Problems.ImportFileInvalid with { Message = "这是旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 格式后再上传" });
        }
        if (read < 4 || head[0] != (byte)'P' || head[1] != (byte)'K' || head[2] != 3 || head[3] != 4)
        {
            throw new AppProblemException(Problems.ImportFileInvalid);
        }
    }

    /// <param name="columns">The caller's columns; the cells of a row come in this order.</param>
    /// <param name="synonyms">Normalised header text to column.</param>
    /// <param name="requiredHeaders">Columns that identify the header row.</param>
    /// <param name="headerMissing">The problem when no header row is found.</param>
    /// <param name="onHeader">Called once the header row is found, with the columns it has.</param>
    public static IEnumerable<(int Row, object?[] Cells)> Read(Stream file, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> synonyms,
        IReadOnlyCollection<string> requiredHeaders, AppProblem headerMissing, Action<IReadOnlySet<string>>? onHeader = null)
    {
        EnsureXlsx(file);
        using var rows = Open(file).GetEnumerator();
        var rowNumber = 0;
        (string Key, int Index)[]? map = null;
        while (true)
        {
            IDictionary<string, object?> row;
            try
            {
                if (!rows.MoveNext())
                {
                    break;
                }
                row = (IDictionary<string, object?>)rows.Current;
            }
            catch (Exception e) when (e is not (OperationCanceledException or AppProblemException))
            {
                throw new AppProblemException(Problems.ImportFileInvalid);
            }
            rowNumber++;
            if (map is null)
            {
                if (rowNumber > HeaderDetector.ScanRows)
                {
                    break;
                }
                var found = HeaderDetector.TryMatch(row, synonyms, requiredHeaders);
                if (found is null)
                {
                    continue;
                }
                map = found.Select(kv => (kv.Key, Index: IndexOf(columns, kv.Value))).ToArray();
                onHeader?.Invoke(found.Values.ToHashSet(StringComparer.Ordinal));
                continue;
            }
            var cells = new object?[columns.Count];
            var blank = true;
            foreach (var (key, index) in map)
            {
                if (row.TryGetValue(key, out var value) && !CellValues.IsBlank(value))
                {
                    cells[index] = value;
                    blank = false;
                }
            }
            if (!blank)
            {
                yield return (rowNumber, cells);
            }
        }
        if (map is null)
        {
            throw new AppProblemException(headerMissing);
        }
    }

    private static IEnumerable<object> Open(Stream file)
    {
        try
        {
            // Offices merge a village's or township's cell over all its people: each row gets the merged value.
            return MiniExcel.Query(file, useHeaderRow: false, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { FillMergedCells = true });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new AppProblemException(Problems.ImportFileInvalid);
        }
    }

    public static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, "Not one of the columns.");
    }
}
