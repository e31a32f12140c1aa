using KnockDoor.Core.Common;
using KnockDoor.Core.Targets;

namespace KnockDoor.Web.Features.Targets;

/// <summary>A registry row as lists show it: ID number and phones masked.</summary>
public sealed record TargetListItem(Guid Id, string Name, string Categories, string IdNumberMasked, string Sex, int Age,
    string? PhoneMasked, string OrgUnitCode, string? OrgUnitName, string? TownshipName, string Status, string? Address);

/// <summary>A registry entry in full or masked, with its version for optimistic concurrency.</summary>
public sealed record TargetDetail(Guid Id, string Name, IReadOnlyList<TargetCategory> Categories, string CategoryNames, string IdNumber, bool FullValues,
    DateOnly BirthDate, int Age, string Sex, string? Phone, string OrgUnitCode, string? OrgUnitName, string? Address, string? Household,
    string? GuardianName, string? GuardianPhone, double? Latitude, double? Longitude, TargetStatus Status, string StatusName,
    string? Notes, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    HeatingKind? Heating, string? HeatingName, bool Bedridden, bool HouseAtRisk);

public sealed record TargetInput(
    string? Name,
    IReadOnlyList<TargetCategory>? Categories,
    string? IdNumber,
    string? Phone,
    string? OrgUnitCode,
    string? Address,
    string? Household,
    string? GuardianName,
    string? GuardianPhone,
    double? Latitude,
    double? Longitude,
    TargetStatus? Status,
    string? Notes,
    int? Version,
    // The risk fields of weather warnings (取暖方式, 卧床, 危旧房屋): null leaves the stored value as it is.
    HeatingKind? Heating = null,
    bool? Bedridden = null,
    bool? HouseAtRisk = null);

public sealed record TargetPage(int Total, int Page, int PageSize, IReadOnlyList<TargetListItem> Items);

public sealed record TargetFilter(string? OrgUnit, TargetCategory? Category, TargetStatus? Status, string? Q, int Page = 1, int PageSize = 50);

internal static class TargetMapping
{
    public static TargetCategory Combine(IReadOnlyList<TargetCategory>? categories) =>
        categories is null ? TargetCategory.None : categories.Aggregate(TargetCategory.None, (acc, c) => acc | c);

    public static IReadOnlyList<TargetCategory> Split(TargetCategory categories) =>
        TargetNames.Categories.Select(c => c.Category).Where(c => categories.HasFlag(c)).ToList();

    public static TargetDetail ToDetail(Target t, string? orgName, bool full, DateOnly today) => new(
        t.Id, t.Name, Split(t.Categories), TargetNames.CategoryList(t.Categories),
        full ? t.IdNumber : Masking.IdNumber(t.IdNumber), full, t.BirthDate, t.AgeOn(today), TargetNames.SexName(t.Sex),
        full ? t.Phone : Masking.Phone(t.Phone), t.OrgUnitCode, orgName, t.Address, t.Household, t.GuardianName,
        full ? t.GuardianPhone : Masking.Phone(t.GuardianPhone), t.Latitude, t.Longitude, t.Status, TargetNames.StatusName(t.Status),
        t.Notes, t.Version, t.CreatedAt, t.UpdatedAt,
        t.Heating, t.Heating is { } h ? TargetRiskNames.Heating(h) : null, t.Bedridden, t.HouseAtRisk);

    /// <summary>What an audit row keeps of a person: every field, as stored.</summary>
    public static object Snapshot(Target t) => new
    {
        t.Name, Categories = TargetNames.CategoryList(t.Categories), t.IdNumber, t.Phone, t.OrgUnitCode, t.Address, t.Household,
        t.GuardianName, t.GuardianPhone, t.Latitude, t.Longitude, Status = TargetNames.StatusName(t.Status), t.Notes, t.Version,
        Heating = t.Heating is { } h ? TargetRiskNames.Heating(h) : null, t.Bedridden, t.HouseAtRisk,
    };
}
