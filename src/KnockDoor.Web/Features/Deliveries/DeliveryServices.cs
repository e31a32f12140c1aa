using KnockDoor.Web.Features.Reports;

namespace KnockDoor.Web.Features.Deliveries;

public static class DeliveryServices
{
    /// <summary>The outbox, its senders and dispatcher, and the daily report's jobs (settings <c>Mail</c> and <c>Reports</c>).</summary>
    public static IServiceCollection AddDeliveries(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection("Mail"));
        services.Configure<ReportJobOptions>(configuration.GetSection("Reports"));
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<ServerInstance>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<RobotSender>();
        services.AddScoped<Outbox>();
        services.AddScoped<JobLeases>();
        services.AddScoped<DeliveryDispatcher>();
        services.AddScoped<CriticalHazardAlerts>();
        services.AddScoped<DailyReportJobs>();
        services.AddHostedService<DeliveryDispatchJob>();
        services.AddHostedService<DailyReportJob>();
        return services;
    }
}
