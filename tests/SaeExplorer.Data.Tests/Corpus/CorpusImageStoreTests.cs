using Microsoft.EntityFrameworkCore;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Providers;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Data.Tests.Corpus;

public abstract class CorpusImageStoreTests(DatabaseProvider provider) : IDisposable
{
    private static readonly int RankedMatches = new Core.Settings.SaexOptions().RankedCaptionMatches;

    private readonly TestDatabase _database = new(provider);

    public void Dispose() => _database.Dispose();

    private static CorpusImageOutcome Row(string id, int? row, string? caption, string? source = null, string? skip = null) =>
        new(new ManifestEntry(id, row is null ? "" : $"images/{id}.jpg", "cat", null, caption, source), row, 10, 20, row is null ? null : "ab", skip);

    [Fact]
    public async Task ReplacingTwiceLeavesOnlyTheSecondRunAndPointsAtItsEmbeddings()
    {
        await using var db = await _database.MigratedAsync();
        var ws = TestDatabase.WorkspaceWith("w", "old caption");
        var other = TestDatabase.WorkspaceWith("other", "a dog elsewhere");
        db.Workspaces.AddRange(ws, other);
        await db.SaveChangesAsync();

        var store = new CorpusImageStore(_database.Factory);
        await store.ReplaceAsync(ws.Id, [Row("a", 0, "first try")], "c1", "e1.npy", new EmbeddingSpace("resnet18", "ResNet18.onnx", 4));
        await store.ReplaceAsync(ws.Id,
            [
                Row("a", 0, "a dog on a beach", "https://example.org/a.jpg"),
                Row("b", 1, "<b>bold</b> \"quoted\"", "javascript:alert(1)"),
                Row("c", null, null, "https://example.org/c.jpg", "no shipped embedding"),
            ], "corpus-pack", "embeddings.npy", new EmbeddingSpace("shipped", "ClipRetrieval embeddings", 512, Normalization: "l2"));

        await using var check = _database.NewContext();
        var images = await check.CorpusImages.Where(i => i.WorkspaceId == ws.Id).OrderBy(i => i.ExternalId).ToListAsync();
        Assert.Equal(["a", "b", "c"], images.Select(i => i.ExternalId));
        Assert.Equal(["https://example.org/a.jpg", null, "https://example.org/c.jpg"], images.Select(i => i.Url));
        Assert.Equal("<b>bold</b> \"quoted\"", images[1].Description);
        Assert.Equal((0, "images/a.jpg", 10, 20, "ab"), (images[0].EmbeddingRow!.Value, images[0].File, images[0].Width, images[0].Height, images[0].Hash));
        Assert.Equal((null, "", "no shipped embedding"), (images[2].EmbeddingRow, images[2].File, images[2].SkipReason));
        var saved = await check.Workspaces.SingleAsync(w => w.Id == ws.Id);
        Assert.Equal(("corpus-pack", "embeddings.npy", 512), (saved.CorpusPath, saved.EmbeddingsPath, saved.EmbeddingDimension));
        Assert.Equal(new EmbeddingSpace("shipped", "ClipRetrieval embeddings", 512, Normalization: "l2"), saved.Space);
        Assert.Equal(1, await check.CorpusImages.CountAsync(i => i.WorkspaceId == other.Id)); // other workspaces untouched
        // The summary's counts are the second run's, as recorded, not the first's added to them.
        var summary = await new WorkspaceQueries(_database.Factory, new Core.Settings.SaexOptions()).SummaryAsync("w");
        Assert.Equal((3, 2, 1), (summary!.Images, summary.Encoded, summary.Skipped));

        // The caption index followed: the new caption is found, the replaced ones are gone.
        var beach = await ImageSearch.SearchAsync(check, ws.Id, "beach", 1, 10, RankedMatches);
        Assert.Equal(["a"], beach.Images.Select(i => i.Id));
        Assert.Equal(0, (await ImageSearch.SearchAsync(check, ws.Id, "first", 1, 10, RankedMatches)).Total);
        Assert.Equal(0, (await ImageSearch.SearchAsync(check, ws.Id, "old", 1, 10, RankedMatches)).Total);
    }
}

public sealed class CorpusImageStoreTestsOnSqlite() : CorpusImageStoreTests(DatabaseProvider.Sqlite);

public sealed class CorpusImageStoreTestsOnPostgres() : CorpusImageStoreTests(DatabaseProvider.Postgres);
