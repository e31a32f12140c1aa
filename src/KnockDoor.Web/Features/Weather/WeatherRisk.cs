using KnockDoor.Core.Checklists;
using KnockDoor.Core.Duties;
using KnockDoor.Core.Targets;

namespace KnockDoor.Web.Features.Weather;

/// <summary>
/// Who is most at risk in which weather (the table in README.md): the factors a person has, and those each kind of
/// weather counts. A person goes on a warning's revisit list when at least one counted factor holds.
/// </summary>
public static class WeatherRisk
{
    /// <summary>Checklist items whose hazard means coal or charcoal heating (H13 charcoal in a closed room, W04 flue, W05 coal storage).</summary>
    public static readonly string[] HeatingItems = ["H13", "W04", "W05"];

    /// <summary>Checklist item whose hazard means a house or roof at risk (W01 snow load on the roof).</summary>
    public static readonly string[] HouseItems = ["W01"];

    public static RiskFactors Counted(WeatherKind kind) => kind switch
    {
        WeatherKind.ColdWave => RiskFactors.CoalOrCharcoalHeating | RiskFactors.LivingAlone | RiskFactors.Bedridden | RiskFactors.PastCriticalHazard,
        WeatherKind.HeavySnow => RiskFactors.HouseAtRisk | RiskFactors.CoalOrCharcoalHeating | RiskFactors.LivingAlone | RiskFactors.Bedridden,
        WeatherKind.Ice => RiskFactors.LivingAlone | RiskFactors.Bedridden,
        WeatherKind.StrongWind => RiskFactors.HouseAtRisk | RiskFactors.LivingAlone,
    };

    /// <summary>Heavy snow and ice switch meal delivery on at the day-care centres (the notice: 大雪期间, 路途冰冻).</summary>
    public static bool SwitchesMealsOn(WeatherKind kind) => kind is WeatherKind.HeavySnow or WeatherKind.Ice;

    /// <summary>The factors a person has, from the registry and from the hazards of the ledger found at the person.</summary>
    public static RiskFactors Of(TargetCategory categories, HeatingKind? heating, bool bedridden, bool houseAtRisk,
        IEnumerable<(string? ItemCode, Severity Severity)> hazards)
    {
        var factors = RiskFactors.None;
        if (heating is HeatingKind.Coal or HeatingKind.Charcoal)
        {
            factors |= RiskFactors.CoalOrCharcoalHeating;
        }
        if ((categories & (TargetCategory.LivingAlone | TargetCategory.GuguaElderly)) != 0)
        {
            factors |= RiskFactors.LivingAlone;
        }
        if (bedridden || categories.HasFlag(TargetCategory.Disabled))
        {
            factors |= RiskFactors.Bedridden;
        }
        if (houseAtRisk)
        {
            factors |= RiskFactors.HouseAtRisk;
        }
        foreach (var (item, severity) in hazards)
        {
            if (item is not null && HeatingItems.Contains(item))
            {
                factors |= RiskFactors.CoalOrCharcoalHeating;
            }
            if (item is not null && HouseItems.Contains(item))
            {
                factors |= RiskFactors.HouseAtRisk;
            }
            if (severity == Severity.Critical)
            {
                factors |= RiskFactors.PastCriticalHazard;
            }
        }
        return factors;
    }
}
