namespace KnockDoor.Core.Targets;

/// <summary>A person to visit (服务对象), registered under a village or an institution.</summary>
public sealed class Target
{
    public Guid Id { get; set; }
    /// <summary>The distribution key.</summary>
    public required string CountyCode { get; set; }
    /// <summary>The village (or institution) the person is registered under.</summary>
    public required string OrgUnitCode { get; set; }
    /// <summary>Copy of the org unit's path, so that the scope filter needs no join.</summary>
    public required string OrgPath { get; set; }

    public required string Name { get; set; }
    public TargetCategory Categories { get; set; }
    public required string IdNumber { get; set; }
    public DateOnly BirthDate { get; set; }
    public Sex Sex { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    /// <summary>Household (户): the head of household's name or the household number.</summary>
    public string? Household { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianPhone { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public TargetStatus Status { get; set; } = TargetStatus.Active;
    public string? Notes { get; set; }

    /// <summary>How the home is heated (取暖方式); null when not known. Coal and charcoal put a person on a cold-wave revisit list.</summary>
    public HeatingKind? Heating { get; set; }
    /// <summary>Bedridden (卧床): cannot leave the house alone in an emergency.</summary>
    public bool Bedridden { get; set; }
    /// <summary>An old house or a roof flagged at risk (危旧房屋) in heavy snow or wind.</summary>
    public bool HouseAtRisk { get; set; }

    public Guid? ImportBatchId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: bumped on every change.</summary>
    public int Version { get; set; }

    public int AgeOn(DateOnly day) => IdNumbers.AgeOn(BirthDate, day);
}

[Flags]
public enum TargetCategory
{
    None = 0,
    GuguaElderly = 1,        // 孤寡老人
    LivingAlone = 2,         // 独居老人
    Disabled = 4,            // 失能
    SemiDisabled = 8,        // 半失能
    LeftBehindChild = 16,    // 留守儿童
    ChildInDistress = 32,    // 困境儿童
    Orphan = 64,             // 孤儿
    ExtremePoorCentral = 128,   // 特困人员（集中供养）
    ExtremePoorDispersed = 256, // 特困人员（分散供养）
    SickOrDisabled = 512,    // 病残人员
}

/// <summary>How a household is heated (取暖方式), as the registry records it.</summary>
public enum HeatingKind
{
    Coal = 1,
    Charcoal = 2,
    Electric = 3,
    Gas = 4,
    Central = 5,
    Other = 6,
}

public enum TargetStatus
{
    Active = 1,
    MovedAway = 2,
    Deceased = 3,
}

public enum Sex
{
    Male = 1,
    Female = 2,
}

public static class TargetNames
{
    public static readonly IReadOnlyList<(TargetCategory Category, string Name)> Categories =
    [
        (TargetCategory.GuguaElderly, "孤寡老人"),
        (TargetCategory.LivingAlone, "独居老人"),
        (TargetCategory.Disabled, "失能"),
        (TargetCategory.SemiDisabled, "半失能"),
        (TargetCategory.LeftBehindChild, "留守儿童"),
        (TargetCategory.ChildInDistress, "困境儿童"),
        (TargetCategory.Orphan, "孤儿"),
        (TargetCategory.ExtremePoorCentral, "特困人员(集中供养)"),
        (TargetCategory.ExtremePoorDispersed, "特困人员(分散供养)"),
        (TargetCategory.SickOrDisabled, "病残人员"),
    ];

    public static string CategoryList(TargetCategory categories) =>
        string.Join("、", Categories.Where(c => categories.HasFlag(c.Category)).Select(c => c.Name));

    public static string StatusName(TargetStatus status) => status switch
    {
        TargetStatus.Active => "在册",
        TargetStatus.MovedAway => "已迁出",
        TargetStatus.Deceased => "已去世",
    };

    public static string SexName(Sex sex) => sex switch
    {
        Sex.Male => "男",
        Sex.Female => "女",
    };

    /// <summary>
    /// Reads a category cell as offices write it: "孤寡老人、失能", "特困人员（分散）", "五保户", separated by
    /// 、，,;；/ or spaces. Returns the unknown words so the caller can report them.
    /// </summary>
    public static TargetCategory ParseCategories(string text, string? supportMode, out List<string> unknown)
    {
        unknown = [];
        var result = TargetCategory.None;
        var mode = (supportMode ?? "").Trim();
        foreach (var raw in text.Split(['、', '，', ',', ';', '；', '/', ' ', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var word = raw.Replace("（", "(").Replace("）", ")");
            TargetCategory? c = word switch
            {
                "孤寡老人" or "孤寡" => TargetCategory.GuguaElderly,
                "独居老人" or "独居" or "空巢老人" => TargetCategory.LivingAlone,
                "失能" or "失能老人" or "失能人员" => TargetCategory.Disabled,
                "半失能" or "半失能老人" or "半失能人员" => TargetCategory.SemiDisabled,
                "留守儿童" => TargetCategory.LeftBehindChild,
                "困境儿童" => TargetCategory.ChildInDistress,
                "孤儿" => TargetCategory.Orphan,
                "病残人员" or "病残" or "残疾人" => TargetCategory.SickOrDisabled,
                "特困人员(集中供养)" or "特困集中供养" or "集中供养特困人员" or "特困(集中)" or "特困人员(集中)" => TargetCategory.ExtremePoorCentral,
                "特困人员(分散供养)" or "特困分散供养" or "分散供养特困人员" or "特困(分散)" or "特困人员(分散)" => TargetCategory.ExtremePoorDispersed,
                "特困人员" or "特困" or "五保户" or "五保" => mode switch
                {
                    "集中" or "集中供养" => TargetCategory.ExtremePoorCentral,
                    "分散" or "分散供养" => TargetCategory.ExtremePoorDispersed,
                    _ => null,
                },
                _ => null,
            };
            if (c is null)
            {
                unknown.Add(raw);
            }
            else
            {
                result |= c.Value;
            }
        }
        return result;
    }
}
