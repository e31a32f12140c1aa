namespace KnockDoor.Web.Features.Weather;

/// <summary>Weather warnings: revisit lists, meal delivery switched on, institutions reminded, a banner on the affected units' pages.</summary>
public static class WeatherEndpoints
{
    public static IServiceCollection AddWeather(this IServiceCollection services) => services;

    public static void MapWeatherApi(this RouteGroupBuilder api)
    {
        _ = api;
    }
}
