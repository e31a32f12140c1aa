using KnockDoor.Core.Campaigns;
using KnockDoor.Core.Data;
using KnockDoor.Web.Features.Campaigns;
using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Reports;

/// <summary>The county's current campaign and its today (in the campaign's zone, by the injected clock).</summary>
public sealed record CountyReportDay(Campaign Campaign, DateOnly Today)
{
    /// <summary>A day of the county's views: default today; not after today, not before the campaign (as the unit's draft checks).</summary>
    public DateOnly Check(DateOnly? day)
    {
        var d = day ?? Today;
        if (d > Today)
        {
            throw new AppProblemException(Problems.ReportDayInFuture);
        }
        if (d < Campaign.MobilisationStart)
        {
            throw new AppProblemException(Problems.ReportDayBeforeCampaign);
        }
        return d;
    }

    /// <summary>The ends of the matrix as asked, each checked like a day; one left out takes the service's default.</summary>
    public (DateOnly? From, DateOnly? To) CheckRange(DateOnly? from, DateOnly? to)
    {
        DateOnly? f = from is null ? null : Check(from);
        DateOnly? t = to is null ? null : Check(to);
        if (f > t)
        {
            throw new AppProblemException(Problems.Validation with { Message = "开始日期(from)不能晚于结束日期(to)" });
        }
        return (f, t);
    }

    /// <summary>An instant as the campaign's people read it (China time).</summary>
    public string Text(DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") => CountyReportDays.Text(Campaign, at, format);

    /// <summary>The county's current campaign; 409 report.no_campaign when it has none.</summary>
    public static async Task<CountyReportDay> OfAsync(AppDbContext db, TimeProvider clock, string countyCode, CancellationToken ct)
    {
        var campaign = await CampaignEndpoints.CurrentAsync(db, countyCode, ct) ?? throw new AppProblemException(Problems.ReportNoCampaign);
        return new CountyReportDay(campaign, CountyReportDays.DayOf(campaign, clock.GetUtcNow()));
    }
}

public static class CountyReportDays
{
    public static TimeZoneInfo Zone(Campaign campaign) => TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZoneId);

    public static DateOnly DayOf(Campaign campaign, DateTimeOffset at) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone(campaign)).DateTime);

    public static string Text(Campaign campaign, DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") =>
        TimeZoneInfo.ConvertTime(at, Zone(campaign)).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
