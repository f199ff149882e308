using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Data.Tests;

/// <summary>A migrated throw-away SQLite file, deleted with the test class.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "saex-data-tests", Guid.NewGuid().ToString("N"));

    public TestDatabase() => Factory = new PooledDbContextFactory<SaexDbContext>(Options);

    /// <summary>Contexts over the file, as the app's stores get them.</summary>
    public IDbContextFactory<SaexDbContext> Factory { get; }

    private DbContextOptions<SaexDbContext> Options =>
        new DbContextOptionsBuilder<SaexDbContext>().UseSqlite(SaexDatabase.ConnectionString(Path.Combine(_dir, "saex.db"))).Options;

    public SaexDbContext NewContext() => new(Options);

    /// <summary>
    /// Contexts over the same file whose connections are not pooled and run <paramref name="interceptors"/> (a test's
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
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } // best effort
    }
}
