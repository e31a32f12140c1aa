namespace KnockDoor.Core.Deliveries;

/// <summary>
/// A message to send outside the app (the outbox): an e-mail or a post to the office's DingTalk or WeCom group robot.
/// Stored in the same transaction as what caused it, then sent by the dispatcher, retried with backoff, and left
/// <see cref="DeliveryStatus.Failed"/> (shown on the deliveries page) when it cannot be sent; never dropped.
/// In-app messages are <see cref="Notifications.Notification"/> rows, not deliveries.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    /// <summary>The distribution key.</summary>
    public required string CountyCode { get; set; }
    public DeliveryChannel Channel { get; set; }
    public DeliveryKind Kind { get; set; }
    /// <summary>Unique: a job that runs twice (or on two servers at once) stores the delivery once, e.g. "missing:141129:20250106:email".</summary>
    public required string DedupeKey { get; set; }
    /// <summary>The China-time day it is about (the report day, the day a hazard was found): the page lists by it.</summary>
    public DateOnly Day { get; set; }
    /// <summary>An e-mail address, or the robot's name ("dingtalk", "wecom"); the webhook's address and secret stay in the settings.</summary>
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }
    public byte[]? Attachment { get; set; }
    public DeliveryStatus Status { get; set; }
    /// <summary>Attempts made in this round (a retry from the page starts a new round).</summary>
    public int Attempts { get; set; }
    /// <summary>When the dispatcher may next try it (or, while an attempt runs, when the claim of that attempt lapses).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

public enum DeliveryChannel
{
    Email = 1,
    DingTalk = 2,
    WeCom = 3,
}

public enum DeliveryKind
{
    /// <summary>14:00: a unit has not reported yet.</summary>
    ReportReminder = 1,
    /// <summary>15:00: the units that have not reported, to the county office.</summary>
    MissingList = 2,
    /// <summary>The county table of the day (xlsx attached), to the campaign's mailbox.</summary>
    CountyTable = 3,
    /// <summary>A critical hazard (carbon monoxide, gas) was found.</summary>
    CriticalHazard = 4,
}

public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// A lease on a background job, so that with several server instances on one database the job runs on one at a time:
/// taken by a conditional update (free, lapsed, or already ours) or, the first time, an insert of its unique name.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
