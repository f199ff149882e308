using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Labels;

/// <summary>Search over labels and comments: any text is words, best matches first, the matches marked.</summary>
public abstract class LabelSearchQueriesTests(DatabaseProvider provider) : LabelledDatabase(provider)
{
    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("red OR")]
    [InlineData("NEAR(red sky")]
    [InlineData("* ^ : ( ) \" - +")]
    [InlineData("'; DROP TABLE Labels; --")]
    [InlineData("Label:red")]
    [InlineData("{Body} : red")]
    [InlineData("")]
    public async Task SearchTakesAnyTextAsWordsAndNeverThrows(string query)
    {
        var id = await Labels.AddAsync(Feature(1), "red sky at night", Lara);
        await Labels.CommentAsync(id, Lara, "shepherds delight");
        var search = new LabelSearchQueries(Factory);
        await search.SearchAsync(query);
        await SearchFeaturesAsync(query);
        await using var db = await Factory.CreateDbContextAsync();
        Assert.True(await db.Labels.AnyAsync(l => l.Id == id)); // and nothing was dropped
    }

    [Fact]
    public async Task SearchFindsLabelsAndCommentsBestFirstWithTheMatchesMarked()
    {
        var id = await Labels.AddAsync(Feature(1), "green leaves", Lara);
        await Labels.CommentAsync(id, Lara, "mostly leaves, some green grass and a green frog");
        var hits = await new LabelSearchQueries(Factory).SearchAsync("green");
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Equal((id, "demo", (int?)1), (h.LabelId, h.Workspace, h.Feature)));
        // The comment says "green" twice in more words, the label once in two: bm25 ranks the short label first.
        Assert.Equal([false, true], hits.Select(h => h.InComment));
        Assert.Equal([new MarkedSpan("green", true), new MarkedSpan(" leaves", false)], hits[0].Spans);
        Assert.Equal(["green", "green"], hits[1].Spans.Where(s => s.Match).Select(s => s.Text));
        Assert.True(hits[0].Rank <= hits[1].Rank);
    }
}

public sealed class LabelSearchQueriesTestsOnSqlite() : LabelSearchQueriesTests(DatabaseProvider.Sqlite);

public sealed class LabelSearchQueriesTestsOnPostgres() : LabelSearchQueriesTests(DatabaseProvider.Postgres);
