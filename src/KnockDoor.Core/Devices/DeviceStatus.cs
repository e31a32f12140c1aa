namespace KnockDoor.Core.Devices;

/// <summary>
/// What a phone last reported about itself (app version, records not yet sent) and when it last synced. One row
/// per account and device: a worker with two phones has two rows.
/// </summary>
public sealed class DeviceStatus
{
    public Guid UserId { get; set; }
    /// <summary>Made by the phone (a UUID kept in its storage).</summary>
    public Guid DeviceId { get; set; }
    public required string CountyCode { get; set; }
    public string? AppVersion { get; set; }
    /// <summary>Finished visits still in the phone's outbox, as it last reported.</summary>
    public int Pending { get; set; }
    public int PendingPhotos { get; set; }
    /// <summary>The phone's own clock: its last successful sync.</summary>
    public DateTimeOffset? LastSyncAt { get; set; }
    /// <summary>The phone's own clock: when the oldest unsent record was finished.</summary>
    public DateTimeOffset? OldestPendingAt { get; set; }
    /// <summary>Server time of the last status report; null until the phone reports one.</summary>
    public DateTimeOffset? ReportedAt { get; set; }
    /// <summary>Server time of the last sync that named this device.</summary>
    public DateTimeOffset? SyncedAt { get; set; }
    public string? UserAgent { get; set; }
}
