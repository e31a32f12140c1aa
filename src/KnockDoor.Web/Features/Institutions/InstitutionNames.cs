using KnockDoor.Core.Checklists;
using KnockDoor.Core.Duties;

namespace KnockDoor.Web.Features.Institutions;

/// <summary>The Chinese names of an institution's records, and what follows from them (a failed check's severity).</summary>
public static class InstitutionNames
{
    /// <summary>The areas a round usually walks; the form offers them as boxes to tick, with a free field for others.</summary>
    public static readonly string[] CommonAreas = ["居室", "走廊楼梯", "厨房", "餐厅", "锅炉房", "配电室", "消防通道", "院落", "洗浴间", "库房"];

    public static readonly DutyShift[] Shifts = [DutyShift.Day, DutyShift.Night];
    public static readonly EquipmentSystem[] Systems =
        [EquipmentSystem.Water, EquipmentSystem.Power, EquipmentSystem.Gas, EquipmentSystem.Heating, EquipmentSystem.FireFighting, EquipmentSystem.NonSlip];
    public static readonly StaffRole[] Roles = [StaffRole.LegalRepresentative, StaffRole.Carer, StaffRole.FireControl, StaffRole.Other];
    public static readonly SupplyKind[] SupplyKinds =
        [SupplyKind.Food, SupplyKind.Water, SupplyKind.Fuel, SupplyKind.Medicine, SupplyKind.Generator, SupplyKind.Other];

    public static string Shift(DutyShift shift) => shift switch
    {
        DutyShift.Day => "白班",
        DutyShift.Night => "夜班",
        _ => shift.ToString(),
    };

    public static string System(EquipmentSystem system) => system switch
    {
        EquipmentSystem.Water => "供水",
        EquipmentSystem.Power => "供电",
        EquipmentSystem.Gas => "供气（燃气）",
        EquipmentSystem.Heating => "供暖",
        EquipmentSystem.FireFighting => "消防设施",
        EquipmentSystem.NonSlip => "防滑通道、楼梯",
        _ => system.ToString(),
    };

    public static string Role(StaffRole role) => role switch
    {
        StaffRole.LegalRepresentative => "法定代表人",
        StaffRole.Carer => "护理人员",
        StaffRole.FireControl => "消控人员",
        StaffRole.Other => "其他",
        _ => role.ToString(),
    };

    public static string Supply(SupplyKind kind) => kind switch
    {
        SupplyKind.Food => "食品",
        SupplyKind.Water => "饮用水",
        SupplyKind.Fuel => "燃料",
        SupplyKind.Medicine => "药品",
        SupplyKind.Generator => "发电机",
        SupplyKind.Other => "其他",
        _ => kind.ToString(),
    };

    /// <summary>A failed gas, heating or fire-fighting check can kill (CO, fire): high; the others medium.</summary>
    public static Severity FailureSeverity(EquipmentSystem system) =>
        system is EquipmentSystem.Gas or EquipmentSystem.Heating or EquipmentSystem.FireFighting ? Severity.High : Severity.Medium;
}
