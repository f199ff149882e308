using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Data.Tests.Labels;

/// <summary>
/// Which label names a feature: an automatic label whose score says nothing (the label stage wrote why in its note) is
/// only a candidate; a person's label is a name and, at equal votes, ranks above a candidate whatever their scores.
/// </summary>
public abstract class FeatureNameTests(DatabaseProvider provider) : LabelledDatabase(provider)
{
    private const string WithinChance = "within chance: 3 of the 376 held-out images carry the label, so its AUROC must exceed 0.85";

    private Task CandidateAsync(int feature, string text, double score) =>
        AutoLabels.ReplaceAutoLabelsAsync(SaeId, LabelSource.Autointerp("top-images"), [new FeatureLabelInput(feature, text, score, 0.5, WithinChance)]);

    [Fact]
    public async Task AnAutomaticLabelWithANoteIsOnlyACandidate()
    {
        await CandidateAsync(1, "leaves", 0.6);

        var record = await RecordAsync(1);
        Assert.Equal(("leaves", false, false), (record.TopLabel, record.TopLabelIsName, record.TopLabelByPerson));
        var label = Assert.Single(await Labels.ForTargetAsync(Feature(1), null));
        Assert.False(label.IsName);
        Assert.Equal(WithinChance, label.ScoreNote);
        // the seeded labels carry no note: names
        Assert.True((await RecordAsync(0)).TopLabelIsName);
        Assert.True(Assert.Single(await Labels.ForTargetAsync(Feature(0), null)).IsName);
    }

    [Fact]
    public async Task APersonsLabelOutranksACandidateWithAHigherScore()
    {
        await CandidateAsync(1, "leaves", 0.6);

        await Labels.AddAsync(Feature(1), "moss", Lara);

        var record = await RecordAsync(1);
        Assert.Equal(("moss", true, true), (record.TopLabel, record.TopLabelIsName, record.TopLabelByPerson));
        Assert.Equal(["moss", "leaves"], (await Labels.ForTargetAsync(Feature(1), null)).Select(l => l.Text));
    }

    [Fact]
    public async Task VotesStillComeFirst()
    {
        await CandidateAsync(1, "leaves", 0.6);
        var moss = await Labels.AddAsync(Feature(1), "moss", Lara);

        await Labels.VoteAsync(moss, Lara, -1);

        var record = await RecordAsync(1);
        Assert.Equal(("leaves", false), (record.TopLabel, record.TopLabelIsName)); // the feature shows as unlabelled again
    }

    [Fact]
    public async Task SearchListsNamesBeforeCandidates()
    {
        await CandidateAsync(1, "green", 0.6); // the closer match (bm25 favours the shorter text), but only a candidate
        await Labels.AddAsync(Feature(3), "green frog on a green lily pad in the pond", Lara);

        var hits = await new LabelSearchQueries(Factory).SearchAsync("green");

        Assert.Equal([3, 1], hits.Select(h => h.Feature!.Value));
    }

    [Fact]
    public async Task SearchSaysWhichHitsAreCandidates()
    {
        await CandidateAsync(1, "green leaves", 0.6);
        await Labels.AddAsync(Feature(3), "green frog", Lara);

        var hits = await new LabelSearchQueries(Factory).SearchAsync("green");

        Assert.Equal([(1, false), (3, true)], hits.Select(h => (h.Feature!.Value, h.IsName)).OrderBy(h => h.Item1));
    }
}

public sealed class FeatureNameTestsOnSqlite() : FeatureNameTests(DatabaseProvider.Sqlite);

public sealed class FeatureNameTestsOnPostgres() : FeatureNameTests(DatabaseProvider.Postgres);
