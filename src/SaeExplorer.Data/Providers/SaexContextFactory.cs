using Microsoft.EntityFrameworkCore;

namespace SaeExplorer.Data.Providers;

/// <summary>
/// The contexts the stores get: a <see cref="SaexDbContext"/> on SQLite, a <see cref="PostgresSaexDbContext"/> on
/// PostgreSQL, so that migrating finds the provider's own migrations.
/// </summary>
public sealed class SaexContextFactory(DatabaseTarget target) : IDbContextFactory<SaexDbContext>
{
    private readonly DbContextOptions<SaexDbContext> _options = Options(target);

    /// <summary>The options of a context over <paramref name="target"/>.</summary>
    public static DbContextOptions<SaexDbContext> Options(DatabaseTarget target)
    {
        var options = new DbContextOptionsBuilder<SaexDbContext>();
        if (target.Provider == DatabaseProvider.Sqlite) SqliteDialect.Use(options, target.Connection);
        else PostgresDialect.Use(options, target.Connection);
        return options.Options;
    }

    public SaexDbContext CreateDbContext() =>
        target.Provider == DatabaseProvider.Sqlite ? new SaexDbContext(_options) : new PostgresSaexDbContext(_options);
}
