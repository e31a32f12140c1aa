namespace KnockDoor.Core.OrgUnits;

public enum OrgUnitKind
{
    Province = 1,
    Prefecture = 2,
    County = 3,
    Township = 4,
    Village = 5,
    Institution = 6,
}

/// <summary>
/// A node of the administrative tree (province → prefecture → county → township → village) or an
/// institution attached to a township or a county. Codes are the national statistical codes; an
/// institution gets its parent's code plus a local suffix.
/// </summary>
public sealed class OrgUnit
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrgUnitKind Kind { get; set; }
    public string? ParentCode { get; set; }

    /// <summary>Codes from the root down to this unit, joined by '/', ending with '/'. Scope checks are prefix matches on it.</summary>
    public required string Path { get; set; }

    /// <summary>The distribution key: the county this unit belongs to (its own code for counties and above).</summary>
    public required string CountyCode { get; set; }

    /// <summary>For institutions: 养老机构, 日间照料中心, 敬老院 …</summary>
    public string? InstitutionType { get; set; }
    public string? Address { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static string KindName(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Province => "省",
        OrgUnitKind.Prefecture => "市",
        OrgUnitKind.County => "县",
        OrgUnitKind.Township => "乡镇",
        OrgUnitKind.Village => "村(社区)",
        OrgUnitKind.Institution => "机构",
    };

    public static string ChildPath(string parentPath, string code) => parentPath + code + "/";
}
