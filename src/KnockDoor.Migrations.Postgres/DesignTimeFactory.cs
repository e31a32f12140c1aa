using KnockDoor.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KnockDoor.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for this provider; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseNpgsql("Host=localhost;Database=design", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        return new AppDbContext(options.Options);
    }
}
