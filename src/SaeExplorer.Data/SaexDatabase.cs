using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data;

/// <summary>Registration and start-up of the database: the one place the web app and the CLI get at it from.</summary>
public static class SaexDatabase
{
    /// <summary>The connection string of the database file at <paramref name="databasePath"/>.</summary>
    public static string ConnectionString(string databasePath) => SqliteDialect.ConnectionString(databasePath);

    public static IServiceCollection AddSaexDatabase(this IServiceCollection services, string databasePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        services.AddDbContextFactory<SaexDbContext>(o => SqliteDialect.Use(o, databasePath));
        return services.AddSaexStores();
    }

    /// <summary>The stores of a database an earlier start of the app made (the CLI's way in); dispose it when done.</summary>
    /// <exception cref="FileNotFoundException">There is no database at <paramref name="databasePath"/>.</exception>
    /// <param name="configure">Adds what else the stores asked for need (the options <see cref="Workspaces.WorkspaceCreation"/> reads).</param>
    public static ServiceProvider OpenExisting(string databasePath, Action<IServiceCollection>? configure = null)
    {
        if (!File.Exists(databasePath))
            throw new FileNotFoundException($"no database at '{Path.GetFullPath(databasePath)}' (the app creates it on its first start)", databasePath);
        var services = new ServiceCollection().AddSaexDatabase(databasePath);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The read services pages and the API use, and the stores that write (they hold only the context factory).</summary>
    public static IServiceCollection AddSaexStores(this IServiceCollection services)
    {
        services.AddSingleton<Workspaces.WorkspaceQueries>();
        services.AddSingleton<Workspaces.WorkspaceStore>();
        services.AddSingleton<Workspaces.WorkspaceCreation>();
        services.AddSingleton<Corpus.ImageQueries>();
        services.AddSingleton<Corpus.CorpusImageStore>();
        services.AddSingleton<Saes.SaeStore>();
        services.AddSingleton<Features.FeatureQueries>();
        services.AddSingleton<Features.FeatureIndexStore>();
        services.AddSingleton<Jobs.PreparationJobStore>();
        services.AddSingleton<Uploads.UploadStore>();
        services.AddSingleton<Groups.SharedGroupStore>();
        services.AddSingleton<Labels.LabelStore>();
        services.AddSingleton<Labels.AutoLabelStore>();
        services.AddSingleton<Labels.LabelSearchQueries>();
        services.AddSingleton<Lists.ListStore>();
        services.AddSingleton<Transfer.LabelTransferStore>();
        services.AddSingleton<Transfer.ListTransferStore>();
        services.AddSingleton<Accounts.ApiTokenStore>();
        services.AddSingleton<Accounts.AccountQueries>();
        services.AddSingleton<Steering.SharedSteeringStore>();
        return services;
    }

    /// <summary>ASP.NET Core Identity's users and roles, kept in this database (after <see cref="AddSaexDatabase"/>).</summary>
    public static IdentityBuilder AddSaexIdentityStores(this IdentityBuilder identity)
    {
        identity.Services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContext());
        return identity.AddEntityFrameworkStores<SaexDbContext>();
    }

    /// <summary>Applies pending migrations, then what the provider needs at every start (SQLite: write-ahead logging).</summary>
    public static async Task MigrateAsync(SaexDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        await db.Dialect.AfterMigrateAsync(ct);
    }

    /// <summary><see cref="MigrateAsync(SaexDbContext, CancellationToken)"/> on the database the services were given.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync(ct);
        await MigrateAsync(db, ct);
    }
}
