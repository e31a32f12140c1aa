using KnockDoor.Core.Targets;

namespace KnockDoor.Web.Features.Targets;

/// <summary>The names of the registry's heating kinds (取暖方式), a risk field that weather warnings read.</summary>
public static class TargetRiskNames
{
    public static readonly IReadOnlyList<(HeatingKind Kind, string Name)> Heatings =
    [
        (HeatingKind.Coal, "燃煤"),
        (HeatingKind.Charcoal, "炭火"),
        (HeatingKind.Electric, "电"),
        (HeatingKind.Gas, "燃气"),
        (HeatingKind.Central, "集中供暖"),
        (HeatingKind.Other, "其他"),
    ];

    public static string Heating(HeatingKind kind) => kind switch
    {
        HeatingKind.Coal => "燃煤",
        HeatingKind.Charcoal => "炭火",
        HeatingKind.Electric => "电",
        HeatingKind.Gas => "燃气",
        HeatingKind.Central => "集中供暖",
        HeatingKind.Other => "其他",
    };

    /// <summary>A 取暖方式 cell as offices write it (燃煤, 烧煤, 煤炉, 炭火, 木炭, 电暖, 空调, 天然气, 暖气 …); null when not recognised.</summary>
    public static HeatingKind? ParseHeating(string text) => text.Trim() switch
    {
        "燃煤" or "烧煤" or "煤" or "煤炉" or "燃煤取暖" or "土暖气" => HeatingKind.Coal,
        "炭火" or "木炭" or "炭" or "烧炭" or "炭盆" => HeatingKind.Charcoal,
        "电" or "电暖" or "电暖气" or "电取暖" or "空调" or "电热毯" => HeatingKind.Electric,
        "燃气" or "天然气" or "燃气壁挂炉" or "液化气" => HeatingKind.Gas,
        "集中供暖" or "暖气" or "集中供热" => HeatingKind.Central,
        "其他" or "其它" => HeatingKind.Other,
        _ => null,
    };

    /// <summary>A 是/否 cell: true, false, or null when empty or not recognised (the caller tells the two apart).</summary>
    public static bool? ParseYesNo(string text) => text.Trim() switch
    {
        "是" or "√" or "Y" or "y" or "1" => true,
        "否" or "×" or "N" or "n" or "0" => false,
        _ => null,
    };
}
