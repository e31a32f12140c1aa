using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KnockDoor.Bench;

/// <summary>The app on a benchmark database: migrations applied at start-up, the demo county (its accounts, no people).</summary>
internal static class BenchApp
{
    public static WebApplicationFactory<global::Program> Start(string provider, string connectionString)
    {
        BenchHost.UseWebContentRoot();
        var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", provider);
            b.UseSetting("ConnectionStrings:Default", connectionString);
            b.UseSetting("Demo:Enabled", "true");
            b.UseSetting("Demo:Targets", "0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command",
                Environment.GetEnvironmentVariable("KNOCKDOOR_BENCH_SQL") is null ? "Warning" : "Information");
        });
        _ = factory.Server;
        return factory;
    }
}
