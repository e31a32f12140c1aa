namespace KnockDoor.Core.Notifications;

/// <summary>A message in the app for the accounts of one org unit and one role (e.g. a critical hazard for the township's officers).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>The unit whose accounts (of <see cref="RoleKey"/>) see it.</summary>
    public required string OrgUnitCode { get; set; }
    public required string RoleKey { get; set; }
    /// <summary>When set, only this account sees it (e.g. a deadline reminder to the hazard's assignee).</summary>
    public Guid? UserId { get; set; }
    /// <summary>When set, unique: a job that runs twice (or on two servers) sends the message once.</summary>
    public string? DedupeKey { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public Guid? ReadBy { get; set; }
}
