using System.Globalization;
using KnockDoor.Core.Accounts;
using KnockDoor.Core.Common;
using KnockDoor.Core.Duties;
using KnockDoor.Web.Auth;
using KnockDoor.Web.Infrastructure;

namespace KnockDoor.Web.Features.Weather;

/// <summary>The body of <c>POST /api/v1/weather-warnings</c>: times as China local date-times ("2026-12-01T08:00") or with an offset.</summary>
public sealed record IssueWarningRequest(Guid? Id, WeatherKind? Kind, WarningLevel? Level, List<string>? Townships, bool? WholeCounty,
    string? From, string? To, string? Note);

/// <summary>Weather warnings: revisit lists, meal delivery switched on, institutions reminded, a banner on the affected units' pages.</summary>
public static class WeatherEndpoints
{
    public static IServiceCollection AddWeather(this IServiceCollection services)
    {
        services.AddScoped<WeatherService>();
        services.AddSingleton<WeatherBanner>();
        return services;
    }

    public static void MapWeatherApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/weather-warnings").WithTags("天气预警");

        group.MapGet("", (HttpContext http, WeatherService weather, CancellationToken ct) => weather.ListAsync(http.RequireUser(), ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("涉及本单位的天气预警（最新的在前）");

        group.MapPost("", async (IssueWarningRequest request, HttpContext http, WeatherService weather, CancellationToken ct) =>
        {
            var (warning, created) = await weather.IssueAsync(http.RequireUser(), ToInput(request), ct);
            return created ? Results.Created($"/api/v1/weather-warnings/{warning.Id}", warning) : Results.Ok(warning);
        }).RequirePermission(Permission.WeatherWarningsManage)
            .WithSummary("发布天气预警：生成回访名单，暴雪、道路结冰时开启日间照料中心送餐，提醒养老机构和乡镇；同一编号(id)重复提交返回第一次的预警");

        group.MapGet("/{id:guid}", (Guid id, HttpContext http, WeatherService weather, CancellationToken ct) =>
            weather.GetAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("天气预警详情");

        group.MapGet("/{id:guid}/revisits", (Guid id, HttpContext http, WeatherService weather, CancellationToken ct) =>
            weather.RevisitsAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.DutiesRead).WithSummary("天气预警回访名单（本单位及以下，身份证号脱敏，含是否已回访）");

        group.MapPost("/{id:guid}/cancel", (Guid id, HttpContext http, WeatherService weather, CancellationToken ct) =>
            weather.CancelAsync(http.RequireUser(), id, ct))
            .RequirePermission(Permission.WeatherWarningsManage).WithSummary("解除天气预警（同时停止由该预警开启的送餐）");
    }

    private static WarningInput ToInput(IssueWarningRequest r) =>
        new(r.Id, r.Kind, r.Level, r.Townships, r.WholeCounty == true, ParseTime(r.From), ParseTime(r.To), r.Note);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>A time with an offset as given; a local date-time as China time. Unreadable: the problem of a missing time.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return FromChinaLocal(local);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset;
        }
        throw new AppProblemException(WeatherProblems.TimeInvalid);
    }

    /// <summary>A China-time wall clock reading as an instant.</summary>
    public static DateTimeOffset FromChinaLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, ChinaTime.Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
