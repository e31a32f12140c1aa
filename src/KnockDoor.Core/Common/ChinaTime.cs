using System.Globalization;

namespace KnockDoor.Core.Common;

/// <summary>
/// China time (Asia/Shanghai), the one clock of the campaign: days, deadlines and every time shown to a
/// person, whatever the server's own time zone.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The China-time calendar day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>The instant a China-time day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A phone's or a PC's clock may run a little ahead of the server's: times up to this far ahead are taken as now.</summary>
    public static readonly TimeSpan ClientClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A time a person sent is in the future: later than now, beyond <see cref="ClientClockTolerance"/>.</summary>
    public static bool IsInFuture(DateTimeOffset at, DateTimeOffset now) => at > now + ClientClockTolerance;

    /// <summary>A day a person sent is after today (in China time), with the same tolerance just before midnight.</summary>
    public static bool IsFutureDay(DateOnly day, DateTimeOffset now) => day > DayOf(now + ClientClockTolerance);

    /// <summary>An instant as a person reads it, in China time.</summary>
    public static string Text(DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString(format, CultureInfo.InvariantCulture);
}
