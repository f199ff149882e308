using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Health;

/// <summary>Whether the database answers now, for the app's health check (a PostgreSQL server can stop and come back).</summary>
public sealed class DatabaseHealthQueries(IDbContextFactory<SaexDbContext> dbFactory)
{
    /// <summary>Null when the database answers a query; else why it does not, naming the database (never its password).</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct); // no connection yet
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
            return null;
        }
        catch (Exception e) when (DatabaseUnavailableException.Explains(e) is { } reason)
        {
            return $"the {db.Dialect.Target} is unavailable: {reason}";
        }
    }
}
