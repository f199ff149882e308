using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SaeExplorer.Data;

/// <summary>Registration and start-up of the SQLite database.</summary>
public static class SaexDatabase
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        // Waits on a locked database instead of failing at once (background writers + pages).
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    public static IServiceCollection AddSaexDatabase(this IServiceCollection services, string databasePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        services.AddDbContextFactory<SaexDbContext>(o => o.UseSqlite(ConnectionString(databasePath)));
        return services.AddSaexStores();
    }

    /// <summary>The read services pages and the API use, and the stores that write (they hold only the context factory).</summary>
    public static IServiceCollection AddSaexStores(this IServiceCollection services)
    {
        services.AddSingleton<Workspaces.WorkspaceQueries>();
        services.AddSingleton<Features.FeatureQueries>();
        services.AddSingleton<Corpus.ImageQueries>();
        services.AddSingleton<Jobs.PreparationJobs>();
        services.AddSingleton<Uploads.UploadQueries>();
        services.AddSingleton<Groups.SharedGroupStore>();
        services.AddSingleton<Labels.LabelStore>();
        services.AddSingleton<Labels.LabelTextSearch>();
        services.AddSingleton<Lists.ListStore>();
        services.AddSingleton<Transfer.LabelTransfer>();
        services.AddSingleton<Transfer.ListTransfer>();
        services.AddSingleton<Accounts.ApiTokenStore>();
        services.AddSingleton<Accounts.AccountQueries>();
        services.AddSingleton<Steering.SharedSteeringStore>();
        return services;
    }

    /// <summary>Applies pending migrations and switches the file to WAL so readers never wait on the writer.</summary>
    public static async Task MigrateAsync(SaexDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
