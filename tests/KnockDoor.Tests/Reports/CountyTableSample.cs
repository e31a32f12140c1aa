using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Tests.Reports;

/// <summary>
/// A county table built by hand: three townships (on time, late, missing) and two institutions, every figure a
/// different number, so that a cell in the wrong column or row shows. The totals are summed here, not by the service.
/// </summary>
public static class CountyTableSample
{
    public static readonly DateOnly Day = new(2025, 1, 6);

    /// <summary>15:00 China time on the day.</summary>
    public static readonly DateTimeOffset Deadline = new(2025, 1, 6, 7, 0, 0, TimeSpan.Zero);

    public static CountyTable Build()
    {
        var townships = DailyFigures.Of(ReportUnitKind.Township);
        var institutions = DailyFigures.Of(ReportUnitKind.Institution);
        var townshipRows = new List<CountyTableRow>
        {
            Row("141129100", "宁乡镇", ReportUnitKind.Township, null, ReportState.OnTime, Deadline.AddHours(-2), townships, 1, typed: true),
            Row("141129101", "金罗镇", ReportUnitKind.Township, null, ReportState.Late, Deadline.AddMinutes(35), townships, 2, typed: true),
            Row("141129102", "暖泉镇", ReportUnitKind.Township, null, ReportState.Missing, null, townships, 3, typed: false),
        };
        var institutionRows = new List<CountyTableRow>
        {
            Row("141129100901", "城区幸福养老服务中心", ReportUnitKind.Institution, "宁乡镇", ReportState.OnTime, Deadline.AddHours(-1), institutions, 4, typed: true),
            Row("141129101901", "金罗镇敬老院", ReportUnitKind.Institution, "金罗镇", ReportState.Missing, null, institutions, 5, typed: false),
        };
        return new CountyTable("141129", "中阳县", Guid.NewGuid(), "敲门行动", "中民发〔2024〕36号", Day, Deadline, Deadline.AddHours(1),
            new CountyTableSection(ReportUnitKind.Township, "乡镇", townships, townshipRows, CountyTableService.Total(townshipRows, townships)),
            new CountyTableSection(ReportUnitKind.Institution, "机构", institutions, institutionRows, CountyTableService.Total(institutionRows, institutions)));
    }

    /// <summary>Figure i of unit n: today = 100·n + i, cumulative = 1000·n + 10·i; coverage 37.5 + n. Missing units have no typed figures.</summary>
    private static CountyTableRow Row(string code, string name, ReportUnitKind kind, string? parent, ReportState state, DateTimeOffset? at,
        IReadOnlyList<FigureDefinition> figures, int n, bool typed)
    {
        var values = new Dictionary<string, FigureValue>(StringComparer.Ordinal);
        for (var i = 0; i < figures.Count; i++)
        {
            var f = figures[i];
            if (!f.Computed && !typed)
            {
                continue;
            }
            values[f.Key] = f.Key == DailyFigures.Coverage
                ? new FigureValue(37.5m + n, 30.25m + n)
                : new FigureValue(100 * n + i, f.Cumulates ? 1000 * n + 10 * i : null);
        }
        return new CountyTableRow(code, name, kind, parent, "联系人" + n, "1390000000" + n, state, at is null ? null : 1, at,
            at is null ? null : "报送人" + n, values);
    }
}
