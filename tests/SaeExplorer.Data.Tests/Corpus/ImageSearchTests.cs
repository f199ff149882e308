using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Corpus;

public abstract class ImageSearchTests(DatabaseProvider provider) : IDisposable
{
    private static readonly int RankedMatches = new Core.Settings.SaexOptions().RankedCaptionMatches;

    private readonly TestDatabase _database = new(provider);

    private async Task<(SaexDbContext Db, int Workspace)> SeededAsync()
    {
        var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("w",
            "a dog", "a cat asleep on a sofa next to a small brown dog and a blanket", "two cats", "running horses", null, "café au lait");
        ws.Images[4].Category = "red";
        db.Workspaces.Add(ws);
        db.Workspaces.Add(TestDatabase.WorkspaceWith("other", "another dog", "yet another dog"));
        await db.SaveChangesAsync();
        return (db, ws.Id);
    }

    [Theory]
    [InlineData("dogs", new[] { "0", "1" })]      // porter stemming: dogs -> dog
    [InlineData("DOG", new[] { "0", "1" })]       // case folded
    [InlineData("cat", new[] { "2", "1" })]       // cats and cat; the short caption ranks first (bm25)
    [InlineData("run", new[] { "3" })]
    [InlineData("hors", new[] { "3" })]           // a prefix of a word
    [InlineData("red", new[] { "4" })]            // the category is searched too
    [InlineData("cafe", new[] { "5" })]           // diacritics folded
    [InlineData("brown dog", new[] { "1" })]      // every word must match
    [InlineData("zebra", new string[0])]
    public async Task FindsCaptionsByStemPrefixAndCategoryBestFirst(string query, string[] expected)
    {
        var (db, ws) = await SeededAsync();
        await using var _ = db;
        var result = await ImageSearch.SearchAsync(db, ws, query, 1, 50, RankedMatches);
        Assert.Equal(expected, result.Images.Select(i => i.Id));
        Assert.Equal(expected.Length, result.Total);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("*")]
    [InlineData("dog*")]
    [InlineData("NEAR(")]
    [InlineData("NEAR(dog cat, 2)")]
    [InlineData("a OR")]
    [InlineData("AND")]
    [InlineData("NOT dog")]
    [InlineData("-")]
    [InlineData("- ' -- ''")]
    [InlineData("^dog")]
    [InlineData("Description:dog")]
    [InlineData("{Description Category}: dog")]
    [InlineData("(dog")]
    [InlineData("dog)")]
    [InlineData("'; DROP TABLE CorpusImages; --")]
    [InlineData("\u202e\U0001F600 \u0301 \u00e9\u0301 日本語 ünïcödé")]
    [InlineData("\0")]
    public async Task HostileQueryTextNeverThrows(string query)
    {
        var (db, ws) = await SeededAsync();
        await using var _ = db;
        var result = await ImageSearch.SearchAsync(db, ws, query, 1, 50, RankedMatches);
        Assert.Equal(result.Total, result.Images.Count);
        Assert.All(result.Images, i => Assert.Contains(i.Id, new[] { "0", "1", "2", "3", "4", "5" }));
    }

    [Fact]
    public async Task AnEmptyQueryBrowsesTheWorkspaceInCorpusOrderPageByPage()
    {
        var (db, ws) = await SeededAsync();
        await using var _ = db;
        var first = await ImageSearch.SearchAsync(db, ws, "  ", 1, 4, RankedMatches);
        var second = await ImageSearch.SearchAsync(db, ws, null, 2, 4, RankedMatches);
        Assert.Equal((6, 2), (first.Total, first.Pages));
        Assert.Equal(["0", "1", "2", "3"], first.Images.Select(i => i.Id));
        Assert.Equal(["4", "5"], second.Images.Select(i => i.Id));
        Assert.Equal("https://example.org/4.jpg", second.Images[0].WebUrl);

        var beyond = await ImageSearch.SearchAsync(db, ws, "dog", int.MaxValue, 50, RankedMatches);
        Assert.Equal(2, beyond.Total);
        Assert.Empty(beyond.Images);
    }

    [Fact]
    public async Task BrowsingPagesByRowThenListsTheImagesTheImportSkipped()
    {
        var db = await _database.MigratedAsync();
        await using var _ = db;
        var ws = TestDatabase.WorkspaceWith("rows", "r0", "r1", "r2", "r3", "r4");
        foreach (var skipped in new[] { "s0", "s1", "s2" })
            ws.Images.Add(new CorpusImage { ExternalId = skipped, File = "", Hash = "", SkipReason = "not an image" });
        db.Workspaces.Add(ws);
        db.Workspaces.Add(TestDatabase.WorkspaceWith("neighbour", "n0", "n1", "n2", "n3", "n4", "n5", "n6")); // rows of its own
        await db.SaveChangesAsync();

        async Task<string[]> PageAsync(int page) => [.. (await ImageSearch.SearchAsync(db, ws.Id, null, page, 3, RankedMatches)).Images.Select(i => i.Id)];

        Assert.Equal((8, 3), ((await ImageSearch.SearchAsync(db, ws.Id, null, 1, 3, RankedMatches)).Total, (await ImageSearch.SearchAsync(db, ws.Id, null, 1, 3, RankedMatches)).Pages));
        Assert.Equal(["0", "1", "2"], await PageAsync(1));
        Assert.Equal(["3", "4", "s0"], await PageAsync(2)); // the last rows, then the first skipped image
        Assert.Equal(["s1", "s2"], await PageAsync(3));
        Assert.Empty(await PageAsync(4));
    }

    [Fact]
    public async Task MatchesArePagedInRankOrder()
    {
        var (db, ws) = await SeededAsync();
        await using var _ = db;
        var one = await ImageSearch.SearchAsync(db, ws, "cat", 1, 1, RankedMatches);
        var two = await ImageSearch.SearchAsync(db, ws, "cat", 2, 1, RankedMatches);
        Assert.Equal((2, 2), (one.Total, one.Pages));
        Assert.Equal(["2"], one.Images.Select(i => i.Id));
        Assert.Equal(["1"], two.Images.Select(i => i.Id));
    }

    [Fact]
    public async Task ASearchMatchingMoreThanItRanksCountsToTheCapAndRanksThatMany()
    {
        var db = await _database.MigratedAsync();
        await using var _ = db;
        var ws = TestDatabase.WorkspaceWith("many", "a dog on a long walk by the river", "a dog asleep", "dog", "a dog in the snow", "a cat");
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();

        var all = await ImageSearch.SearchAsync(db, ws.Id, "dog", 1, 10, 4);
        Assert.Equal((4, false), (all.Total, all.Capped));
        Assert.Equal(["2", "1", "3", "0"], all.Images.Select(i => i.Id)); // shortest caption first (bm25, ts_rank by length)

        var capped = await ImageSearch.SearchAsync(db, ws.Id, "dog", 1, 10, 2);
        Assert.Equal((2, true, 1), (capped.Total, capped.Capped, capped.Pages));
        Assert.Equal(2, capped.Images.Count);
        Assert.All(capped.Images, i => Assert.Contains(i.Id, new[] { "0", "1", "2", "3" }));
        var order = all.Images.Select(i => i.Id).ToList();
        Assert.True(order.IndexOf(capped.Images[0].Id) < order.IndexOf(capped.Images[1].Id), "the ranked set keeps rank order");
    }

    public void Dispose() => _database.Dispose();
}

public sealed class ImageSearchTestsOnSqlite() : ImageSearchTests(DatabaseProvider.Sqlite);

public sealed class ImageSearchTestsOnPostgres() : ImageSearchTests(DatabaseProvider.Postgres);
