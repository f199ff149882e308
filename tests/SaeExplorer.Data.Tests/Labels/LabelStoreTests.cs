using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;
using SaeExplorer.Testing;

namespace SaeExplorer.Data.Tests.Labels;

/// <summary>People's labels: input rules, votes, revisions and conflicts under concurrency, and the top label wherever the feature shows.</summary>
public abstract class LabelStoreTests(DatabaseProvider provider) : LabelledDatabase(provider)
{
    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData("   \t  ", "cannot be empty")]
    [InlineData("two\nlines", "one line of text")]
    public async Task EmptyOrMultiLineLabelsAreRefusedWithAMessage(string text, string message)
    {
        var e = await Assert.ThrowsAsync<LabelInputException>(() => Labels.AddAsync(Feature(1), text, Lara));
        Assert.Contains(message, e.Message);
        Assert.Empty(await Labels.ForTargetAsync(Feature(1), null));
    }

    [Fact]
    public async Task LabelsAreTrimmedAndHeldTo200Characters()
    {
        var e = await Assert.ThrowsAsync<LabelInputException>(() => Labels.AddAsync(Feature(1), new string('x', 201), Lara));
        Assert.Equal("A label is at most 200 characters; this one has 201.", e.Message);
        var id = await Labels.AddAsync(Feature(1), "  " + new string('y', 200) + "  ", Lara);
        Assert.Equal(new string('y', 200), (await Labels.FindAsync(id, null))!.Text);
        var comment = await Assert.ThrowsAsync<LabelInputException>(() => Labels.CommentAsync(id, Lara, new string('c', 2001)));
        Assert.Equal("A comment is at most 2000 characters; this one has 2001.", comment.Message);
    }

    [Theory]
    [InlineData("machine")]
    [InlineData("autointerp:")]
    [InlineData("autointerp:Bad Method")]
    public async Task ASourceIsHumanOrAutointerpWithAMethod(string source)
    {
        var e = await Assert.ThrowsAsync<LabelInputException>(() => Labels.AddAsync(Feature(1), "dogs", null, source));
        Assert.Contains("'human' or 'autointerp:<method>'", e.Message);
    }

    [Fact]
    public async Task ALabelOnAFeatureTheIndexLacksIsRefused()
    {
        var e = await Assert.ThrowsAsync<LabelTargetNotFoundException>(() => Labels.AddAsync(Feature(DSae), "beyond", Lara));
        Assert.Contains($"no indexed feature #{DSae}", e.Message);
    }

    [Fact]
    public async Task TheTopLabelGoesByVotesThenScoreThenAgeAndIsWrittenWhereverTheFeatureShows()
    {
        // Feature 0 has the seeded autointerp label "red things" (score 0.9). A human label without a score ranks below it.
        var sky = await Labels.AddAsync(Feature(0), "crimson objects", Lara);
        Assert.Equal("red things", (await RecordAsync(0)).TopLabel);
        // A higher score wins over the seeded 0.9 with equal votes.
        await AutoLabels.SetScoreAsync(sky, new LabelScore(0.95, null, null));
        Assert.Equal("crimson objects", (await RecordAsync(0)).TopLabel);
        // Votes come first: one down vote puts it below the unscored-vote seeded label.
        await Labels.VoteAsync(sky, Lara, -1);
        Assert.Equal("red things", (await RecordAsync(0)).TopLabel);
        var ranked = await Labels.ForTargetAsync(Feature(0), Lara);
        Assert.Equal(["red things", "crimson objects"], ranked.Select(l => l.Text));
        Assert.Equal([true, false], ranked.Select(l => l.IsTop));
        Assert.Equal(-1, ranked[1].MyVote);
        // The feature list's label search follows the top label in the same write.
        Assert.Equal([0], await SearchFeaturesAsync("red"));
        Assert.Empty(await SearchFeaturesAsync("crimson"));
        await Labels.VoteAsync(sky, Lara, 1);
        Assert.Equal([0], await SearchFeaturesAsync("crimson"));
        Assert.Empty(await SearchFeaturesAsync("red"));
    }

    [Fact]
    public async Task RepeatedVotesByOneUserCountOnce()
    {
        var id = await Labels.AddAsync(Feature(3), "diagonal", Lara);
        for (var i = 0; i < 5; i++) await Labels.VoteAsync(id, Lara, 1);
        var view = (await Labels.FindAsync(id, Lara))!;
        Assert.Equal((1, 0, 1), (view.Up, view.Down, view.Net));
        Assert.Equal(1, view.MyVote);
        await Labels.VoteAsync(id, Lara, -1); // a repeat replaces
        view = (await Labels.FindAsync(id, Lara))!;
        Assert.Equal((0, 1, (int?)-1), (view.Up, view.Down, view.MyVote));
        view = await Labels.VoteAsync(id, Lara, 0); // withdrawn
        Assert.Equal((0, 0, (int?)null), (view.Up, view.Down, view.MyVote));
        await Assert.ThrowsAsync<LabelInputException>(() => Labels.VoteAsync(id, Lara, 2));
    }

    [Fact]
    public async Task FiftyParallelVotersLoseNoVote()
    {
        const int voters = 50;
        var users = new List<string>();
        for (var i = 0; i < voters; i++) users.Add(await TestUsers.AddAsync(Factory, $"voter{i}", SaexRoles.Labeller));
        var id = await Labels.AddAsync(Feature(5), "left edge", Lara);
        // Even voters up, odd voters down, each twice (a repeat must replace, not add), all at once.
        await Task.WhenAll(users.SelectMany((u, i) => Enumerable.Repeat(0, 2).Select(_ => Task.Run(() => Labels.VoteAsync(id, u, i % 2 == 0 ? 1 : -1)))));
        var view = (await Labels.FindAsync(id, null))!;
        Assert.Equal((25, 25), (view.Up, view.Down));
        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal(voters, await db.Votes.CountAsync(v => v.LabelId == id));
    }

    [Fact]
    public async Task FiftyParallelWritersLoseNoLabelAndNoRevision()
    {
        const int writers = 50;
        var ids = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => Labels.AddAsync(Feature(6), $"writer {i}", Lara))));
        // Each writer then edits its own label from version 1, all at once: every edit is a new revision.
        var edits = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => Labels.EditAsync(id, 1, $"writer {i} edited", Lara))));
        Assert.All(edits, e => Assert.True(e.Saved));
        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal(writers, await db.Labels.CountAsync(l => l.SaeId == SaeId && l.Feature == 6));
        Assert.Equal(2 * writers, await db.Revisions.CountAsync(r => ids.Contains(r.LabelId)));
        Assert.Equal(Enumerable.Range(0, writers).Select(i => $"writer {i} edited").Order(), (await db.Labels.Where(l => l.Feature == 6).Select(l => l.Text).ToListAsync()).Order());
    }

    [Fact]
    public async Task OfTwoEditsFromOneVersionOneWinsAndTheOtherGetsBothVersions()
    {
        var id = await Labels.AddAsync(Feature(2), "blue", Lara);
        var results = await Task.WhenAll(
            Task.Run(() => Labels.EditAsync(id, 1, "blue sky", Lara)),
            Task.Run(() => Labels.EditAsync(id, 1, "blue water", Lara)));
        var won = Assert.Single(results, r => r.Saved);
        var lost = Assert.Single(results, r => !r.Saved);
        Assert.Equal(2, won.Label.Version);
        Assert.Equal(won.Label.Text, lost.Label.Text); // the stored version, as the loser's page shows it
        Assert.Equal(2, lost.Conflict!.CurrentVersion);
        Assert.Equal(1, lost.Conflict.YourVersion);
        Assert.NotEqual(won.Label.Text, lost.Conflict.YourText);
        Assert.Contains(lost.Conflict.YourText, new[] { "blue sky", "blue water" });
        var history = (await Labels.HistoryAsync(id))!;
        Assert.Equal([(1, "blue"), (2, won.Label.Text)], history.Select(r => (r.Version, r.Text)));
        Assert.Equal("lara", history[1].Editor);
    }
}

public sealed class LabelStoreTestsOnSqlite() : LabelStoreTests(DatabaseProvider.Sqlite);

public sealed class LabelStoreTestsOnPostgres() : LabelStoreTests(DatabaseProvider.Postgres);
