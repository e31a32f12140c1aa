namespace KnockDoor.Web.Features.Meals;

/// <summary>Meals brought home in heavy snow (送餐上门) and care activities (关爱帮扶).</summary>
public static class MealEndpoints
{
    public static IServiceCollection AddMeals(this IServiceCollection services) => services;

    public static void MapMealApi(this RouteGroupBuilder api)
    {
        _ = api;
    }
}
