namespace KnockDoor.Web.Features.Institutions;

/// <summary>An institution's records under the notice: duty roster, patrol log, equipment checks, residents and outings, staff and training, supplies, emergency plan.</summary>
public static class InstitutionRecordEndpoints
{
    public static IServiceCollection AddInstitutionRecords(this IServiceCollection services) => services;

    public static void MapInstitutionRecordApi(this RouteGroupBuilder api)
    {
        _ = api;
    }
}
