using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Data.Tests;

/// <summary>The schema on either provider: migrations apply, unique indexes hold, cascades delete, text is stored verbatim.</summary>
public abstract class DatabaseTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestDatabase _database = new(provider);

    private SaexDbContext NewContext() => _database.NewContext();

    protected Task<SaexDbContext> MigratedAsync() => _database.MigratedAsync();

    [Fact]
    public async Task MigratingAFreshDatabaseAppliesEveryMigrationOfItsProvider()
    {
        await using var db = await MigratedAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges()); // a model change came with this provider's migration
        // Each provider has its own set: PostgreSQL's starts where SQLite's had got to.
        Assert.Equal(provider == DatabaseProvider.Sqlite ? "20261127114605_Initial" : "20261206101538_Initial", db.Database.GetMigrations().First());
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        await using (var first = await MigratedAsync()) { }
        await using var second = await MigratedAsync();
        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task WorkspaceNamesAndImageIdsAreUniqueAndImagesGoWithTheirWorkspace()
    {
        await using var db = await MigratedAsync();
        var ws = NewWorkspace("demo");
        ws.Images.Add(Image("a", row: 0));
        ws.Images.Add(Image("b", row: null, skip: "file is empty"));
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();

        await using (var other = NewContext())
        {
            other.Workspaces.Add(NewWorkspace("demo"));
            await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
        }
        await using (var other = NewContext())
        {
            other.CorpusImages.Add(Image("a", row: 5, workspaceId: ws.Id));
            await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
        }


        db.Workspaces.Remove(ws);
        await db.SaveChangesAsync();
        Assert.Equal(0, await db.CorpusImages.CountAsync());
    }

    [Fact]
    public async Task HostileTextIsStoredVerbatim()
    {
        await using var db = await MigratedAsync();
        const string hostile = "'; DROP TABLE Workspaces; -- <script>alert(1)</script> \u202e\U0001F600";
        var ws = NewWorkspace("w");
        var image = Image("x", row: 0);
        image.Description = hostile;
        ws.Images.Add(image);
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();

        await using var fresh = NewContext();
        Assert.Equal(hostile, (await fresh.CorpusImages.SingleAsync()).Description);
    }

    private static Workspace NewWorkspace(string name) => new()
    {
        Name = name, CorpusPath = "data/demo", ImportedFrom = "data/demo", SpacePreset = "resnet18", SpaceModel = "ResNet18.onnx", EmbeddingDimension = 512,
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static CorpusImage Image(string id, int? row, string? skip = null, int workspaceId = 0) => new()
    {
        ExternalId = id, File = $"images/{id}.jpg", Hash = "00", EmbeddingRow = row, SkipReason = skip, WorkspaceId = workspaceId,
    };

    public void Dispose() => _database.Dispose();
}

public sealed class DatabaseTestsOnSqlite() : DatabaseTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task SqliteRunsInWalMode()
    {
        await using var db = await MigratedAsync();
        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", mode.Single());
    }
}

public sealed class DatabaseTestsOnPostgres() : DatabaseTests(DatabaseProvider.Postgres);
