using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Testing;

namespace SaeExplorer.Data.Tests;

/// <summary>
/// A migrated throw-away database, deleted with the test class: a SQLite file, or a database of its own on the
/// process's <see cref="PrivatePostgres"/> server (copied from a template migrated once).
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "saex-data-tests", Guid.NewGuid().ToString("N"));

    public TestDatabase(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Target = provider == DatabaseProvider.Sqlite
            ? new DatabaseTarget(provider, Path.Combine(_dir, "saex.db"))
            : new DatabaseTarget(provider, PrivatePostgres.Shared.NewDatabase(MigrateAsync));
        Factory = new SaexContextFactory(Target);
    }

    public DatabaseTarget Target { get; }

    /// <summary>Contexts over the database, as the app's stores get them.</summary>
    public IDbContextFactory<SaexDbContext> Factory { get; }

    public SaexDbContext NewContext() => Factory.CreateDbContext();

    /// <summary>
    /// Contexts over the same (SQLite) file whose connections are not pooled and run <paramref name="interceptors"/> (a test's
    /// stand-in for a full disk, say), so nothing they set reaches the other contexts' connections.
    /// </summary>
    public IDbContextFactory<SaexDbContext> UnpooledFactoryWith(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        new PooledDbContextFactory<SaexDbContext>(new DbContextOptionsBuilder<SaexDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder(SaexDatabase.ConnectionString(Path.Combine(_dir, "saex.db"))) { Pooling = false }.ToString())
            .AddInterceptors(interceptors).Options);

    public async Task<SaexDbContext> MigratedAsync()
    {
        Directory.CreateDirectory(_dir);
        var db = NewContext();
        await SaexDatabase.MigrateAsync(db);
        return db;
    }

    /// <summary>A workspace holding one image per caption (ids "0", "1", ...; encoded in that order).</summary>
    public static Workspace WorkspaceWith(string name, params string?[] captions)
    {
        var ws = new Workspace
        {
            Name = name, CorpusPath = "corpus", ImportedFrom = "corpus", SpacePreset = "resnet18", SpaceModel = "ResNet18.onnx", EmbeddingDimension = 512,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        for (var i = 0; i < captions.Length; i++)
            ws.Images.Add(new CorpusImage { ExternalId = $"{i}", File = "", Url = $"https://example.org/{i}.jpg", Hash = "", Description = captions[i], EmbeddingRow = i });
        return ws;
    }

    public void Dispose()
    {
        if (Target.Provider == DatabaseProvider.Postgres) PrivatePostgres.Shared.DropDatabase(Target.Connection);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } // best effort
    }

    private static async Task MigrateAsync(string connection)
    {
        await using var db = new SaexContextFactory(new DatabaseTarget(DatabaseProvider.Postgres, connection)).CreateDbContext();
        await SaexDatabase.MigrateAsync(db);
    }
}
