using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SaexDbContext>
{
    public SaexDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SaexDbContext>();
        SqliteDialect.Use(options, "design.db");
        return new SaexDbContext(options.Options);
    }
}
