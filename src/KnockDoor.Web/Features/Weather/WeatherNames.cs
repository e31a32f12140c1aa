using KnockDoor.Core.Duties;

namespace KnockDoor.Web.Features.Weather;

/// <summary>The Chinese names of the kinds, levels and risk factors, and the level's colour class.</summary>
public static class WeatherNames
{
    public static readonly WeatherKind[] Kinds = [WeatherKind.ColdWave, WeatherKind.HeavySnow, WeatherKind.Ice, WeatherKind.StrongWind];
    public static readonly WarningLevel[] Levels = [WarningLevel.Blue, WarningLevel.Yellow, WarningLevel.Orange, WarningLevel.Red];

    public static readonly RiskFactors[] Factors =
    [
        RiskFactors.CoalOrCharcoalHeating, RiskFactors.LivingAlone, RiskFactors.Bedridden, RiskFactors.HouseAtRisk, RiskFactors.PastCriticalHazard,
    ];

    public static string Kind(WeatherKind kind) => kind switch
    {
        WeatherKind.ColdWave => "寒潮",
        WeatherKind.HeavySnow => "暴雪",
        WeatherKind.Ice => "道路结冰",
        WeatherKind.StrongWind => "大风",
    };

    public static string Level(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "蓝色",
        WarningLevel.Yellow => "黄色",
        WarningLevel.Orange => "橙色",
        WarningLevel.Red => "红色",
    };

    /// <summary>The CSS class of a level (wx-blue … wx-red), always shown with the level's name too.</summary>
    public static string LevelClass(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "wx-blue",
        WarningLevel.Yellow => "wx-yellow",
        WarningLevel.Orange => "wx-orange",
        WarningLevel.Red => "wx-red",
    };

    /// <summary>寒潮蓝色预警</summary>
    public static string Title(WeatherKind kind, WarningLevel level) => $"{Kind(kind)}{Level(level)}预警";

    /// <summary>The name of a warning's status key (upcoming, in-force, over, cancelled).</summary>
    public static string Status(string status) => status switch
    {
        "upcoming" => "未开始",
        "in-force" => "生效中",
        "over" => "已结束",
        "cancelled" => "已解除",
        _ => status,
    };

    public static string Factor(RiskFactors factor) => factor switch
    {
        RiskFactors.CoalOrCharcoalHeating => "燃煤/炭火取暖",
        RiskFactors.LivingAlone => "独居/孤寡",
        RiskFactors.Bedridden => "卧床/失能",
        RiskFactors.HouseAtRisk => "危旧房屋",
        RiskFactors.PastCriticalHazard => "曾有重大隐患",
        _ => factor.ToString(),
    };

    public static string FactorList(RiskFactors factors) =>
        string.Join("、", Factors.Where(f => factors.HasFlag(f)).Select(Factor));
}
