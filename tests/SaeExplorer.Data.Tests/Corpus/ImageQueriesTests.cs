using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Corpus;

/// <summary>Images by embedding row, as group cards ask for them: the rows asked for, in that workspace, and only rows with an image.</summary>
public abstract class ImageQueriesTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestDatabase _database = new(provider);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ByRowsGivesEachAskedRowsImageOfThatWorkspaceOnly()
    {
        await using var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("w", "zero", "one", "two", "three", "four");
        ws.Images.Add(new CorpusImage { ExternalId = "unencoded", File = "", Hash = "", Description = "no row", EmbeddingRow = null });
        var other = TestDatabase.WorkspaceWith("other", "elsewhere zero", "elsewhere one", "elsewhere two", "elsewhere three");
        db.Workspaces.AddRange(ws, other);
        await db.SaveChangesAsync();
        var images = new ImageQueries(_database.Factory, new SaexOptions());

        // Asked twice, out of order, and past the corpus's end: each row with an image once, by row.
        var found = await images.ByRowsAsync(ws.Id, [3, 0, 3, 7]);
        Assert.Equal([0, 3], found.Keys.Order());
        Assert.Equal(("0", "zero"), (found[0].Id, found[0].Caption));
        Assert.Equal(("3", "three"), (found[3].Id, found[3].Caption));
        Assert.Equal("elsewhere two", (await images.ByRowsAsync(other.Id, [2]))[2].Caption);
        Assert.Empty(await images.ByRowsAsync(ws.Id, []));
    }
}

public sealed class ImageQueriesTestsOnSqlite() : ImageQueriesTests(DatabaseProvider.Sqlite);

public sealed class ImageQueriesTestsOnPostgres() : ImageQueriesTests(DatabaseProvider.Postgres);
