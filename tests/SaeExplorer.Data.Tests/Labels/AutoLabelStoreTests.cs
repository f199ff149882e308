using SaeExplorer.Data.Features;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Labels;

/// <summary>The label stage's writes: a run's automatic labels as one write, replaced run by run without touching anyone else's; and one label at a time as a vision run writes its answers.</summary>
public abstract class AutoLabelStoreTests(DatabaseProvider provider) : LabelledDatabase(provider)
{
    [Fact]
    public async Task AutointerpLabelsForManyFeaturesAreOneWriteAndRefusedWholeForAnUnknownFeature()
    {
        var source = LabelSource.Autointerp("top-images");
        var bad = await Assert.ThrowsAsync<LabelTargetNotFoundException>(() => AutoLabels.ReplaceAutoLabelsAsync(SaeId, source,
            [new FeatureLabelInput(1, "greens", 0.7), new FeatureLabelInput(99, "nothing", 0.5)]));
        Assert.Contains("#99", bad.Message);
        Assert.Null((await RecordAsync(1)).TopLabel);
        Assert.Equal(new AutoLabelChanges(2, 0, 0, 0), await AutoLabels.ReplaceAutoLabelsAsync(SaeId, source,
            [new FeatureLabelInput(1, "greens", 0.7, 0.65), new FeatureLabelInput(4, "negative x", null, null, "no held-out image carries the label")]));
        Assert.Equal(("greens", 0.7, "negative x", (double?)null), ((await RecordAsync(1)).TopLabel, (await RecordAsync(1)).TopLabelScore,
            (await RecordAsync(4)).TopLabel, (await RecordAsync(4)).TopLabelScore));
        var greens = (await Labels.ForTargetAsync(Feature(1), null)).Single(l => l.Source == source);
        Assert.Equal((0.7, 0.65), (greens.Score, greens.BalancedAccuracy));
        Assert.Equal("no held-out image carries the label", (await Labels.ForTargetAsync(Feature(4), null)).Single(l => l.Source == source).ScoreNote);

        // The feature list filters and sorts on the top label's score; a feature without one is left out by a minimum.
        var list = new FeatureQueries(Factory);
        var (_, atLeast) = await list.ListAsync(SaeId, new FeatureListQuery { MinScore = 0.75 }, 0, 50);
        Assert.Equal([(0, 0.9), (2, 0.9)], atLeast.Select(r => (r.Feature, r.TopLabelScore!.Value))); // the seeded labels, 0.9 each
        var (_, byScore) = await list.ListAsync(SaeId, new FeatureListQuery { Sort = FeatureSort.Score, Descending = true }, 0, 3);
        Assert.Equal([0, 2, 1], byScore.Select(r => r.Feature)); // ties by feature number
    }

    [Fact]
    public async Task ReplacingARunsLabelsKeepsIdsAndVotesRevisesChangedTextsDropsTheRestAndNeverTouchesOtherSources()
    {
        var source = LabelSource.Autointerp("decoder-direction");
        await AutoLabels.ReplaceAutoLabelsAsync(SaeId, source, [new FeatureLabelInput(1, "greens", 0.7), new FeatureLabelInput(2, "blues", 0.6)]);
        var human = await Labels.AddAsync(Feature(2), "sky", Lara);
        var other = await Labels.AddAsync(Feature(2), "blue", null, LabelSource.Autointerp("top-images"));
        var greens = (await Labels.ForTargetAsync(Feature(1), null)).Single(l => l.Source == source);
        await Labels.VoteAsync(greens.Id, Lara, +1);

        Assert.Equal(new AutoLabelChanges(0, 0, 0, 2), await AutoLabels.ReplaceAutoLabelsAsync(SaeId, source,
            [new FeatureLabelInput(1, "greens", 0.7), new FeatureLabelInput(2, "blues", 0.6)])); // the same run again: nothing
        Assert.Equal(new AutoLabelChanges(0, 1, 1, 0), await AutoLabels.ReplaceAutoLabelsAsync(SaeId, source,
            [new FeatureLabelInput(1, "green things", 0.8)]));

        var after = (await Labels.ForTargetAsync(Feature(1), null)).Single(l => l.Source == source);
        Assert.Equal((greens.Id, "green things", 0.8, 2, 1), (after.Id, after.Text, after.Score, after.Version, after.Up));
        Assert.Equal([(1, "greens"), (2, "green things")], (await Labels.HistoryAsync(greens.Id))!.Select(r => (r.Version, r.Text)));
        Assert.Equal([human, other], (await Labels.ForTargetAsync(Feature(2), null)).Select(l => l.Id).Order());
        Assert.Equal("green things", (await RecordAsync(1)).TopLabel);
        await Assert.ThrowsAsync<LabelInputException>(() => AutoLabels.ReplaceAutoLabelsAsync(SaeId, LabelSource.Human, []));
    }

    [Fact]
    public async Task APutAddsThenRevisesTheSourcesLabelKeepingItsVotesAndTheTopLabelFollows()
    {
        var vision = LabelSource.Autointerp("vision");
        Assert.Empty(await AutoLabels.FeaturesLabelledByAsync(SaeId, vision));

        var id = await AutoLabels.PutAutoLabelAsync(SaeId, vision, new FeatureLabelInput(1, "green things", 0.95, 0.9));
        await Labels.VoteAsync(id, Lara, +1);
        var again = await AutoLabels.PutAutoLabelAsync(SaeId, vision, new FeatureLabelInput(1, "green fields", null, null, "no held-out image carries the label"));

        Assert.Equal(id, again);
        var label = Assert.Single(await Labels.ForTargetAsync(Feature(1), null));
        Assert.Equal(("green fields", (double?)null, "no held-out image carries the label", 2, 1), (label.Text, label.Score, label.ScoreNote, label.Version, label.Up));
        Assert.Equal([(1, "green things"), (2, "green fields")], (await Labels.HistoryAsync(id))!.Select(r => (r.Version, r.Text)));
        Assert.Equal("green fields", (await RecordAsync(1)).TopLabel);
        Assert.Equal([1], await AutoLabels.FeaturesLabelledByAsync(SaeId, vision));
        Assert.Equal([0, 2], (await AutoLabels.FeaturesLabelledByAsync(SaeId, LabelSource.Autointerp("decoder-direction"))).Order());
    }

    [Fact]
    public async Task APutLeavesOtherSourcesAloneAndRefusesPeoplesLabelsUnknownFeaturesAndBadText()
    {
        var vision = LabelSource.Autointerp("vision");
        await AutoLabels.PutAutoLabelAsync(SaeId, vision, new FeatureLabelInput(0, "red squares", 0.8));

        Assert.Equal(["red things", "red squares"], (await Labels.ForTargetAsync(Feature(0), null)).Select(l => l.Text)); // the run's label stays on top (0.9)
        await Assert.ThrowsAsync<LabelInputException>(() => AutoLabels.PutAutoLabelAsync(SaeId, LabelSource.Human, new FeatureLabelInput(0, "x", null)));
        Assert.Contains("#99", (await Assert.ThrowsAsync<LabelTargetNotFoundException>(() =>
            AutoLabels.PutAutoLabelAsync(SaeId, vision, new FeatureLabelInput(99, "x", null)))).Message);
        await Assert.ThrowsAsync<LabelInputException>(() => AutoLabels.PutAutoLabelAsync(SaeId, vision, new FeatureLabelInput(1, "two\nlines", null)));
    }
}

public sealed class AutoLabelStoreTestsOnSqlite() : AutoLabelStoreTests(DatabaseProvider.Sqlite);

public sealed class AutoLabelStoreTestsOnPostgres() : AutoLabelStoreTests(DatabaseProvider.Postgres);
