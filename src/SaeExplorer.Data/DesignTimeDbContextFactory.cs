using Microsoft.EntityFrameworkCore.Design;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data;

/// <summary>
/// Lets `dotnet ef migrations add` build each provider's context without the web host (tools/db/add-migration.sh runs
/// it once per provider). Neither opens a connection: scaffolding a migration reads the model alone.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SaexDbContext>
{
    public SaexDbContext CreateDbContext(string[] args) => new SaexContextFactory(new(DatabaseProvider.Sqlite, "design.db")).CreateDbContext();
}

/// <summary>The PostgreSQL context for `dotnet ef migrations add --context PostgresSaexDbContext`.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresSaexDbContext>
{
    public PostgresSaexDbContext CreateDbContext(string[] args) =>
        (PostgresSaexDbContext)new SaexContextFactory(new(DatabaseProvider.Postgres, "Host=localhost;Database=saex_design")).CreateDbContext();
}
