namespace KnockDoor.Web.Features.Patrols;

/// <summary>Street patrols, the people found and the help given, and the public's leads (流浪乞讨人员救助).</summary>
public static class StreetPatrolEndpoints
{
    public static IServiceCollection AddStreetPatrols(this IServiceCollection services) => services;

    public static void MapStreetPatrolApi(this RouteGroupBuilder api)
    {
        _ = api;
    }
}
