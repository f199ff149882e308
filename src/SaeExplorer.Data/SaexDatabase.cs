using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data;

/// <summary>Registration and start-up of the database: the one place the web app and the CLI get at it from.</summary>
public static class SaexDatabase
{
    /// <summary>The connection string of the SQLite database file at <paramref name="databasePath"/>.</summary>
    public static string ConnectionString(string databasePath) => SqliteDialect.ConnectionString(databasePath);

    /// <summary>The database, its contexts and its stores (a SQLite file's folder is made here).</summary>
    public static IServiceCollection AddSaexDatabase(this IServiceCollection services, DatabaseTarget target)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(target.Connection));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        services.AddSingleton(target);
        services.AddSingleton<IDbContextFactory<SaexDbContext>>(new SaexContextFactory(target));
        return services.AddSaexStores();
    }

    /// <summary>The stores of a database an earlier start of the app made (the CLI's way in); dispose it when done.</summary>
    /// <exception cref="FileNotFoundException">There is no SQLite database at the target's path.</exception>
    /// <param name="configure">Adds what else the stores asked for need (the options <see cref="Workspaces.WorkspaceCreation"/> reads).</param>
    public static ServiceProvider OpenExisting(DatabaseTarget target, Action<IServiceCollection>? configure = null)
    {
        if (target.Provider == DatabaseProvider.Sqlite && !File.Exists(target.Connection))
            throw new FileNotFoundException($"no database at '{Path.GetFullPath(target.Connection)}' (the app creates it on its first start)", target.Connection);
        var services = new ServiceCollection().AddSaexDatabase(target);
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
        services.AddSingleton<Jobs.PreparationLeaseStore>();
        services.AddSingleton<Uploads.UploadStore>();
        services.AddSingleton<Groups.GroupPermalinkStore>();
        services.AddSingleton<Labels.LabelStore>();
        services.AddSingleton<Labels.AutoLabelStore>();
        services.AddSingleton<Labels.LabelSearchQueries>();
        services.AddSingleton<Lists.ListStore>();
        services.AddSingleton<Transfer.LabelTransferStore>();
        services.AddSingleton<Transfer.ListTransferStore>();
        services.AddSingleton<Accounts.ApiTokenStore>();
        services.AddSingleton<Accounts.AccountQueries>();
        services.AddSingleton<Accounts.AccountStore>();
        services.AddSingleton<Steering.SteeringPermalinkStore>();
        return services;
    }

    /// <summary>ASP.NET Core Identity's users and roles, kept in this database (after <see cref="AddSaexDatabase(IServiceCollection, DatabaseTarget)"/>).</summary>
    public static IdentityBuilder AddSaexIdentityStores(this IdentityBuilder identity)
    {
        identity.Services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContext());
        return identity.AddEntityFrameworkStores<SaexDbContext>();
    }

    /// <summary>
    /// Applies pending migrations, then what the provider needs at every start (SQLite: write-ahead logging). A server
    /// that cannot be reached, or refuses the login, is one clear error that names the database (never the password).
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">The database cannot be reached or opened.</exception>
    public static async Task MigrateAsync(SaexDbContext db, CancellationToken ct = default)
    {
        try
        {
            await db.Database.MigrateAsync(ct);
            await db.Dialect.AfterMigrateAsync(ct);
        }
        catch (Exception e) when (DatabaseUnavailableException.Explains(e) is { } reason)
        {
            throw new DatabaseUnavailableException($"cannot open the {db.Dialect.Target}: {reason}", e);
        }
    }

    /// <summary><see cref="MigrateAsync(SaexDbContext, CancellationToken)"/> on the database the services were given.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SaexDbContext>>().CreateDbContextAsync(ct);
        await MigrateAsync(db, ct);
    }
}
