namespace KnockDoor.Core.Duties;

public enum WeatherKind
{
    /// <summary>寒潮</summary>
    ColdWave = 1,
    /// <summary>暴雪</summary>
    HeavySnow = 2,
    /// <summary>道路结冰</summary>
    Ice = 3,
    /// <summary>大风</summary>
    StrongWind = 4,
}

public enum WarningLevel
{
    Blue = 1,
    Yellow = 2,
    Orange = 3,
    Red = 4,
}

/// <summary>A weather warning the county office enters (气象预警): kind, level, which townships, from and to.</summary>
public sealed class WeatherWarning
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public WeatherKind Kind { get; set; }
    public WarningLevel Level { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string? Note { get; set; }
    public Guid IssuedBy { get; set; }
    public required string IssuedByName { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public List<WeatherWarningArea> Areas { get; set; } = [];
}

/// <summary>A township a warning covers.</summary>
public sealed class WeatherWarningArea
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid WarningId { get; set; }
    public required string TownshipCode { get; set; }
    /// <summary>The township's path: a unit is affected when its path starts with it.</summary>
    public required string OrgPath { get; set; }
}

/// <summary>Why a household is on a warning's revisit list.</summary>
[Flags]
public enum RiskFactors
{
    None = 0,
    /// <summary>烧煤或炭火取暖</summary>
    CoalOrCharcoalHeating = 1,
    /// <summary>独居</summary>
    LivingAlone = 2,
    /// <summary>卧床（失能）</summary>
    Bedridden = 4,
    /// <summary>危旧房屋、屋顶积雪压塌风险</summary>
    HouseAtRisk = 8,
    /// <summary>曾有重大隐患（煤气、一氧化碳）</summary>
    PastCriticalHazard = 16,
}

/// <summary>A household on a warning's revisit list (预警回访名单), put on the township's plan; done when a visit meets it.</summary>
public sealed class WarningRevisit
{
    public Guid Id { get; set; }
    public required string CountyCode { get; set; }
    public Guid WarningId { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>The person's path (village): the scope of the list.</summary>
    public required string OrgPath { get; set; }
    public RiskFactors Reasons { get; set; }
    /// <summary>The worker whose plan holds the person, when one does.</summary>
    public Guid? WorkerId { get; set; }
    public DateTimeOffset ListedAt { get; set; }
    public Guid? VisitId { get; set; }
    public DateTimeOffset? RevisitedAt { get; set; }
}
