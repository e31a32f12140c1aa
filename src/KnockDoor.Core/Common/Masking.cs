namespace KnockDoor.Core.Common;

/// <summary>How personal numbers are shown where the full value isn't needed.</summary>
public static class Masking
{
    /// <summary>1411**********123X: the region prefix and the last four kept.</summary>
    public static string IdNumber(string? id) =>
        string.IsNullOrEmpty(id) ? "" : id.Length <= 8 ? new string('*', id.Length) : string.Concat(id.AsSpan(0, 4), new string('*', id.Length - 8), id.AsSpan(id.Length - 4));

    /// <summary>187****7081.</summary>
    public static string Phone(string? phone) =>
        string.IsNullOrEmpty(phone) ? "" : phone.Length < 7 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4));
}
