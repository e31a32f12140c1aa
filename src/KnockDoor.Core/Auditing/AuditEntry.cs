namespace KnockDoor.Core.Auditing;

/// <summary>
/// Who did what to which record, when, from where; with the values before and after for changes.
/// Audit rows are the one place where personal data may be copied: the audit log is readable by the
/// county office only.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? OrgUnitCode { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
}

public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string ViewFull = "view-full";
    public const string Export = "export";
    public const string Import = "import";
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string AccountChange = "account";
}
