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
}
