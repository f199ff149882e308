using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Labels;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>One automatic label at a time, as a vision run writes its answers: added, then revised in place; what a resumed run skips.</summary>
public sealed class AutoLabelPutTests : IAsyncLifetime
{
    private static readonly string Vision = LabelSource.Autointerp("vision");
    private SeededWorkspace _seeded = null!;
    private LabelStore _labels = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        _labels = new LabelStore(_seeded.Factory);
    }

    public Task DisposeAsync()
    {
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    private LabelTarget.OfFeature Feature(int f) => new(_seeded.SaeId, f);

    [Fact]
    public async Task APutAddsThenRevisesTheSourcesLabelKeepingItsVotesAndTheTopLabelFollows()
    {
        var lara = await TestUsers.AddAsync(_seeded.Factory, "lara", SaexRoles.Labeller);
        Assert.Empty(await _labels.FeaturesLabelledByAsync(_seeded.SaeId, Vision));

        var id = await _labels.PutAutoLabelAsync(_seeded.SaeId, Vision, new FeatureLabelInput(1, "green things", 0.95, 0.9));
        await _labels.VoteAsync(id, lara, +1);
        var again = await _labels.PutAutoLabelAsync(_seeded.SaeId, Vision, new FeatureLabelInput(1, "green fields", null, null, "no held-out image carries the label"));

        Assert.Equal(id, again);
        var label = Assert.Single(await _labels.ForTargetAsync(Feature(1), null));
        Assert.Equal(("green fields", (double?)null, "no held-out image carries the label", 2, 1), (label.Text, label.Score, label.ScoreNote, label.Version, label.Up));
        Assert.Equal([(1, "green things"), (2, "green fields")], (await _labels.HistoryAsync(id))!.Select(r => (r.Version, r.Text)));
        await using (var db = await _seeded.Factory.CreateDbContextAsync())
            Assert.Equal("green fields", (await db.Features.AsNoTracking().SingleAsync(f => f.SaeId == _seeded.SaeId && f.Feature == 1)).TopLabel);
        Assert.Equal([1], await _labels.FeaturesLabelledByAsync(_seeded.SaeId, Vision));
        Assert.Equal([0, 2], (await _labels.FeaturesLabelledByAsync(_seeded.SaeId, LabelSource.Autointerp("decoder-direction"))).Order());
    }

    [Fact]
    public async Task APutLeavesOtherSourcesAloneAndRefusesPeoplesLabelsAndUnknownFeatures()
    {
        await _labels.PutAutoLabelAsync(_seeded.SaeId, Vision, new FeatureLabelInput(0, "red squares", 0.8));

        Assert.Equal(["red things", "red squares"], (await _labels.ForTargetAsync(Feature(0), null)).Select(l => l.Text)); // the seeded label stays, and stays on top (0.9)
        await Assert.ThrowsAsync<LabelInputException>(() => _labels.PutAutoLabelAsync(_seeded.SaeId, LabelSource.Human, new FeatureLabelInput(0, "x", null)));
        Assert.Contains("#99", (await Assert.ThrowsAsync<LabelTargetNotFoundException>(() =>
            _labels.PutAutoLabelAsync(_seeded.SaeId, Vision, new FeatureLabelInput(99, "x", null)))).Message);
        await Assert.ThrowsAsync<LabelInputException>(() => _labels.PutAutoLabelAsync(_seeded.SaeId, Vision, new FeatureLabelInput(1, "two\nlines", null)));
    }
}
