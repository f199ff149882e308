using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>Labels on the seeded workspace: input rules, votes, revisions and conflicts under concurrency, the top label and search.</summary>
public sealed class LabelStoreTests : IAsyncLifetime
{
    private SeededWorkspace _seeded = null!;
    private LabelStore _labels = null!;
    private string _lara = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        _labels = new LabelStore(_seeded.Factory);
        _lara = await TestUsers.AddAsync(_seeded.Factory, "lara", SaexRoles.Labeller);
    }

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private LabelTarget.OfFeature Feature(int f) => new(_seeded.SaeId, f);

    private async Task<FeatureRecord> RecordAsync(int f)
    {
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        return await db.Features.AsNoTracking().SingleAsync(x => x.SaeId == _seeded.SaeId && x.Feature == f);
    }

    private async Task<List<int>> SearchFeaturesAsync(string text)
    {
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        return await LabelSearch.MatchAsync(db, _seeded.SaeId, text);
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData("   \t  ", "cannot be empty")]
    [InlineData("two\nlines", "one line of text")]
    public async Task EmptyOrMultiLineLabelsAreRefusedWithAMessage(string text, string message)
    {
        var e = await Assert.ThrowsAsync<LabelInputException>(() => _labels.AddAsync(Feature(1), text, _lara));
        Assert.Contains(message, e.Message);
        Assert.Empty(await _labels.ForTargetAsync(Feature(1), null));
    }

    [Fact]
    public async Task LabelsAreTrimmedAndHeldTo200Characters()
    {
        var e = await Assert.ThrowsAsync<LabelInputException>(() => _labels.AddAsync(Feature(1), new string('x', 201), _lara));
        Assert.Equal("A label is at most 200 characters; this one has 201.", e.Message);
        var id = await _labels.AddAsync(Feature(1), "  " + new string('y', 200) + "  ", _lara);
        Assert.Equal(new string('y', 200), (await _labels.FindAsync(id, null))!.Text);
        var comment = await Assert.ThrowsAsync<LabelInputException>(() => _labels.CommentAsync(id, _lara, new string('c', 2001)));
        Assert.Equal("A comment is at most 2000 characters; this one has 2001.", comment.Message);
    }

    [Theory]
    [InlineData("machine")]
    [InlineData("autointerp:")]
    [InlineData("autointerp:Bad Method")]
    public async Task ASourceIsHumanOrAutointerpWithAMethod(string source)
    {
        var e = await Assert.ThrowsAsync<LabelInputException>(() => _labels.AddAsync(Feature(1), "dogs", null, source));
        Assert.Contains("'human' or 'autointerp:<method>'", e.Message);
    }

    [Fact]
    public async Task ALabelOnAFeatureTheIndexLacksIsRefused()
    {
        var e = await Assert.ThrowsAsync<LabelTargetNotFoundException>(() => _labels.AddAsync(Feature(SeededWorkspace.DSae), "beyond", _lara));
        Assert.Contains($"no indexed feature #{SeededWorkspace.DSae}", e.Message);
    }

    [Fact]
    public async Task TheTopLabelGoesByVotesThenScoreThenAgeAndIsWrittenWhereverTheFeatureShows()
    {
        // Feature 0 has the seeded autointerp label "red things" (score 0.9). A human label without a score ranks below it.
        var sky = await _labels.AddAsync(Feature(0), "crimson objects", _lara);
        Assert.Equal("red things", (await RecordAsync(0)).TopLabel);
        // A higher score wins over the seeded 0.9 with equal votes.
        await _labels.SetScoreAsync(sky, new LabelScore(0.95, null, null));
        Assert.Equal("crimson objects", (await RecordAsync(0)).TopLabel);
        // Votes come first: one down vote puts it below the unscored-vote seeded label.
        await _labels.VoteAsync(sky, _lara, -1);
        Assert.Equal("red things", (await RecordAsync(0)).TopLabel);
        var ranked = await _labels.ForTargetAsync(Feature(0), _lara);
        Assert.Equal(["red things", "crimson objects"], ranked.Select(l => l.Text));
        Assert.Equal([true, false], ranked.Select(l => l.IsTop));
        Assert.Equal(-1, ranked[1].MyVote);
        // The feature list's label search follows the top label in the same write.
        Assert.Equal([0], await SearchFeaturesAsync("red"));
        Assert.Empty(await SearchFeaturesAsync("crimson"));
        await _labels.VoteAsync(sky, _lara, 1);
        Assert.Equal([0], await SearchFeaturesAsync("crimson"));
        Assert.Empty(await SearchFeaturesAsync("red"));
    }

    [Fact]
    public async Task RepeatedVotesByOneUserCountOnce()
    {
        var id = await _labels.AddAsync(Feature(3), "diagonal", _lara);
        for (var i = 0; i < 5; i++) await _labels.VoteAsync(id, _lara, 1);
        var view = (await _labels.FindAsync(id, _lara))!;
        Assert.Equal((1, 0, 1), (view.Up, view.Down, view.Net));
        Assert.Equal(1, view.MyVote);
        await _labels.VoteAsync(id, _lara, -1); // a repeat replaces
        view = (await _labels.FindAsync(id, _lara))!;
        Assert.Equal((0, 1, (int?)-1), (view.Up, view.Down, view.MyVote));
        view = await _labels.VoteAsync(id, _lara, 0); // withdrawn
        Assert.Equal((0, 0, (int?)null), (view.Up, view.Down, view.MyVote));
        await Assert.ThrowsAsync<LabelInputException>(() => _labels.VoteAsync(id, _lara, 2));
    }

    [Fact]
    public async Task FiftyParallelVotersLoseNoVote()
    {
        const int voters = 50;
        var users = new List<string>();
        for (var i = 0; i < voters; i++) users.Add(await TestUsers.AddAsync(_seeded.Factory, $"voter{i}", SaexRoles.Labeller));
        var id = await _labels.AddAsync(Feature(5), "left edge", _lara);
        // Even voters up, odd voters down, each twice (a repeat must replace, not add), all at once.
        await Task.WhenAll(users.SelectMany((u, i) => Enumerable.Repeat(0, 2).Select(_ => Task.Run(() => _labels.VoteAsync(id, u, i % 2 == 0 ? 1 : -1)))));
        var view = (await _labels.FindAsync(id, null))!;
        Assert.Equal((25, 25), (view.Up, view.Down));
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        Assert.Equal(voters, await db.Votes.CountAsync(v => v.LabelId == id));
    }

    [Fact]
    public async Task FiftyParallelWritersLoseNoLabelAndNoRevision()
    {
        const int writers = 50;
        var ids = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => _labels.AddAsync(Feature(6), $"writer {i}", _lara))));
        // Each writer then edits its own label from version 1, all at once: every edit is a new revision.
        var edits = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => _labels.EditAsync(id, 1, $"writer {i} edited", _lara))));
        Assert.All(edits, e => Assert.True(e.Saved));
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        Assert.Equal(writers, await db.Labels.CountAsync(l => l.SaeId == _seeded.SaeId && l.Feature == 6));
        Assert.Equal(2 * writers, await db.Revisions.CountAsync(r => ids.Contains(r.LabelId)));
        Assert.Equal(Enumerable.Range(0, writers).Select(i => $"writer {i} edited").Order(), (await db.Labels.Where(l => l.Feature == 6).Select(l => l.Text).ToListAsync()).Order());
    }

    [Fact]
    public async Task OfTwoEditsFromOneVersionOneWinsAndTheOtherGetsBothVersions()
    {
        var id = await _labels.AddAsync(Feature(2), "blue", _lara);
        var results = await Task.WhenAll(
            Task.Run(() => _labels.EditAsync(id, 1, "blue sky", _lara)),
            Task.Run(() => _labels.EditAsync(id, 1, "blue water", _lara)));
        var won = Assert.Single(results, r => r.Saved);
        var lost = Assert.Single(results, r => !r.Saved);
        Assert.Equal(2, won.Label.Version);
        Assert.Equal(won.Label.Text, lost.Label.Text); // the stored version, as the loser's page shows it
        Assert.Equal(2, lost.Conflict!.CurrentVersion);
        Assert.Equal(1, lost.Conflict.YourVersion);
        Assert.NotEqual(won.Label.Text, lost.Conflict.YourText);
        Assert.Contains(lost.Conflict.YourText, new[] { "blue sky", "blue water" });
        var history = (await _labels.HistoryAsync(id))!;
        Assert.Equal([(1, "blue"), (2, won.Label.Text)], history.Select(r => (r.Version, r.Text)));
        Assert.Equal("lara", history[1].Editor);
    }

    [Fact]
    public async Task AutointerpLabelsForManyFeaturesAreOneWriteAndRefusedWholeForAnUnknownFeature()
    {
        var source = LabelSource.Autointerp("top-images");
        var bad = await Assert.ThrowsAsync<LabelTargetNotFoundException>(() => _labels.ReplaceAutoLabelsAsync(_seeded.SaeId, source,
            [new FeatureLabelInput(1, "greens", 0.7), new FeatureLabelInput(99, "nothing", 0.5)]));
        Assert.Contains("#99", bad.Message);
        Assert.Null((await RecordAsync(1)).TopLabel);
        Assert.Equal(new AutoLabelChanges(2, 0, 0, 0), await _labels.ReplaceAutoLabelsAsync(_seeded.SaeId, source,
            [new FeatureLabelInput(1, "greens", 0.7, 0.65), new FeatureLabelInput(4, "negative x", null, null, "no held-out image carries the label")]));
        Assert.Equal(("greens", 0.7, "negative x", (double?)null), ((await RecordAsync(1)).TopLabel, (await RecordAsync(1)).TopLabelScore,
            (await RecordAsync(4)).TopLabel, (await RecordAsync(4)).TopLabelScore));
        var greens = (await _labels.ForTargetAsync(Feature(1), null)).Single(l => l.Source == source);
        Assert.Equal((0.7, 0.65), (greens.Score, greens.BalancedAccuracy));
        Assert.Equal("no held-out image carries the label", (await _labels.ForTargetAsync(Feature(4), null)).Single(l => l.Source == source).ScoreNote);

        // The feature list filters and sorts on the top label's score; a feature without one is left out by a minimum.
        var list = new FeatureQueries(_seeded.Factory);
        var (_, atLeast) = await list.ListAsync(_seeded.SaeId, new FeatureListQuery { MinScore = 0.75 }, 0, 50);
        Assert.Equal([(0, 0.9), (2, 0.9)], atLeast.Select(r => (r.Feature, r.TopLabelScore!.Value))); // the seeded labels, 0.9 each
        var (_, byScore) = await list.ListAsync(_seeded.SaeId, new FeatureListQuery { Sort = FeatureSort.Score, Descending = true }, 0, 3);
        Assert.Equal([0, 2, 1], byScore.Select(r => r.Feature)); // ties by feature number
    }

    [Fact]
    public async Task ReplacingARunsLabelsKeepsIdsAndVotesRevisesChangedTextsDropsTheRestAndNeverTouchesOtherSources()
    {
        var source = LabelSource.Autointerp("decoder-direction");
        await _labels.ReplaceAutoLabelsAsync(_seeded.SaeId, source, [new FeatureLabelInput(1, "greens", 0.7), new FeatureLabelInput(2, "blues", 0.6)]);
        var human = await _labels.AddAsync(Feature(2), "sky", _lara);
        var other = await _labels.AddAsync(Feature(2), "blue", null, LabelSource.Autointerp("top-images"));
        var greens = (await _labels.ForTargetAsync(Feature(1), null)).Single(l => l.Source == source);
        await _labels.VoteAsync(greens.Id, _lara, +1);

        Assert.Equal(new AutoLabelChanges(0, 0, 0, 2), await _labels.ReplaceAutoLabelsAsync(_seeded.SaeId, source,
            [new FeatureLabelInput(1, "greens", 0.7), new FeatureLabelInput(2, "blues", 0.6)])); // the same run again: nothing
        Assert.Equal(new AutoLabelChanges(0, 1, 1, 0), await _labels.ReplaceAutoLabelsAsync(_seeded.SaeId, source,
            [new FeatureLabelInput(1, "green things", 0.8)]));

        var after = (await _labels.ForTargetAsync(Feature(1), null)).Single(l => l.Source == source);
        Assert.Equal((greens.Id, "green things", 0.8, 2, 1), (after.Id, after.Text, after.Score, after.Version, after.Up));
        Assert.Equal([(1, "greens"), (2, "green things")], (await _labels.HistoryAsync(greens.Id))!.Select(r => (r.Version, r.Text)));
        Assert.Equal([human, other], (await _labels.ForTargetAsync(Feature(2), null)).Select(l => l.Id).Order());
        Assert.Equal("green things", (await RecordAsync(1)).TopLabel);
        await Assert.ThrowsAsync<LabelInputException>(() => _labels.ReplaceAutoLabelsAsync(_seeded.SaeId, LabelSource.Human, []));
    }

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
        var id = await _labels.AddAsync(Feature(1), "red sky at night", _lara);
        await _labels.CommentAsync(id, _lara, "shepherds delight");
        var search = new LabelTextSearch(_seeded.Factory);
        await search.SearchAsync(query);
        await SearchFeaturesAsync(query);
        await using var db = await _seeded.Factory.CreateDbContextAsync();
        Assert.True(await db.Labels.AnyAsync(l => l.Id == id)); // and nothing was dropped
    }

    [Fact]
    public async Task SearchFindsLabelsAndCommentsBestFirstWithTheMatchesMarked()
    {
        var id = await _labels.AddAsync(Feature(1), "green leaves", _lara);
        await _labels.CommentAsync(id, _lara, "mostly leaves, some green grass and a green frog");
        var hits = await new LabelTextSearch(_seeded.Factory).SearchAsync("green");
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Equal((id, "demo", (int?)1), (h.LabelId, h.Workspace, h.Feature)));
        // The comment says "green" twice in more words, the label once in two: bm25 ranks the short label first.
        Assert.Equal([false, true], hits.Select(h => h.InComment));
        Assert.Equal([new MarkedSpan("green", true), new MarkedSpan(" leaves", false)], hits[0].Spans);
        Assert.Equal(["green", "green"], hits[1].Spans.Where(s => s.Match).Select(s => s.Text));
        Assert.True(hits[0].Rank <= hits[1].Rank);
    }
}
