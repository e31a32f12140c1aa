using System.Globalization;

namespace KnockDoor.Web.Features.Deliveries;

/// <summary>The <c>Mail</c> settings: the SMTP server that sends the office's e-mails. An empty host means "not configured".</summary>
public sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary><c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;
    public string? UserName { get; set; }
    /// <summary>Never logged, never shown.</summary>
    public string? Password { get; set; }
    public string? From { get; set; }
    public string? FromName { get; set; }
    /// <summary>Seconds a connection or a send may take before the attempt counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

public enum MailSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>A group robot's webhook (<c>Reports:Webhooks:DingTalk</c>, <c>Reports:Webhooks:WeCom</c>). Its address holds its key: never logged.</summary>
public sealed class RobotOptions
{
    public string? Url { get; set; }
    /// <summary>DingTalk only: the robot's signing secret (加签); when set, each post carries timestamp and sign.</summary>
    public string? Secret { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);
}

public sealed class WebhookOptions
{
    public RobotOptions DingTalk { get; set; } = new();
    public RobotOptions WeCom { get; set; } = new();
}

/// <summary>The <c>Reports</c> settings of the daily-report jobs and of the dispatcher.</summary>
public sealed class ReportJobOptions
{
    /// <summary><c>Reports:Jobs</c>: whether the daily-report job runs in the background (its work can always be called).</summary>
    public bool Jobs { get; set; } = true;

    /// <summary><c>Reports:ReminderTime</c>: local time ("HH:mm", in the campaign's zone) from which units not in yet are reminded.</summary>
    public string ReminderTime { get; set; } = "14:00";

    /// <summary><c>Reports:TableMailTime</c>: local time at which the county table is mailed if not every unit is in by then.</summary>
    public string TableMailTime { get; set; } = "16:00";

    /// <summary><c>Reports:CheckMinutes</c>: how often the job looks.</summary>
    public int CheckMinutes { get; set; } = 1;

    public DeliveryDispatchOptions Deliveries { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public TimeOnly ReminderTimeOfDay => Parse(ReminderTime);

    public TimeOnly TableMailTimeOfDay => Parse(TableMailTime);

    private static TimeOnly Parse(string value) => TimeOnly.ParseExact(value, "HH:mm", CultureInfo.InvariantCulture);
}

/// <summary><c>Reports:Deliveries</c>: the dispatcher of the outbox.</summary>
public sealed class DeliveryDispatchOptions
{
    /// <summary>Whether the dispatcher runs in the background.</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How often it looks for deliveries due (a new delivery wakes it at once).</summary>
    public int CheckSeconds { get; set; } = 30;

    /// <summary>Attempts before a delivery is left failed: 1, 2, 4, … minutes apart.</summary>
    public int MaxAttempts { get; set; } = 8;
}
