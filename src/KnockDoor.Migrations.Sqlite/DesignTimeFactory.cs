using KnockDoor.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KnockDoor.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for this provider; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseSqlite("Data Source=design.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        return new AppDbContext(options.Options);
    }
}
