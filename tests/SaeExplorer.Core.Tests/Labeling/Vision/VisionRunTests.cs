using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Labeling.Vision;

namespace SaeExplorer.Core.Tests.Labeling.Vision;

/// <summary>
/// Vision labelling of the planted corpus against the stand-in, whose "model" names the colour of the first top image:
/// a run that shows each feature its own top training images gets every planted feature's category right, and the
/// answers are scored on held-out images like every label.
/// </summary>
public sealed class VisionRunTests
{
    private readonly PlantedCorpus _corpus = new();
    private readonly LabelingSplit _split;
    private readonly FeatureNamer _namer;
    private readonly List<int> _rowsRead = [];

    public VisionRunTests()
    {
        _split = LabelingSplit.Create(_corpus.Rows, 0.2, 1);
        using var sae = _corpus.CreateSae();
        _namer = new FeatureNamer(FeatureActivations.FromSae(sae, _corpus.Matrix), new CorpusConcepts(_corpus.Entries), _split);
    }

    private static VisionLabelOptions Options(string endpoint) => new() { Endpoint = endpoint, Model = "stand-in", MaxRetries = 0, TimeoutSeconds = 30 };

    private VisionRun Run(VisionLabeler labeler) => new(labeler, _namer, (row, _) =>
    {
        lock (_rowsRead) _rowsRead.Add(row);
        return Task.FromResult<byte[]?>(PlantedImages.Png(PlantedImages.CategoryOfRow(row)));
    });

    [Fact]
    public async Task EveryPlantedFeatureIsNamedFromItsOwnTopImagesAndScoredOnHeldOutImages()
    {
        await using var server = await ChatStandIn.StartAsync(PlantedImages.NameTheColour);
        using var labeler = new VisionLabeler(Options(server.Endpoint));
        var run = Run(labeler);
        var outcomes = new List<VisionOutcome>();

        var pending = run.Pending(new HashSet<int>());
        await run.RunAsync(pending, (o, _) => { outcomes.Add(o); return Task.CompletedTask; });

        Assert.Equal(Enumerable.Range(0, 13), pending); // every alive feature; the dead one is never asked about
        Assert.Equal(13, server.Requests.Count);
        foreach (var outcome in outcomes.Where(o => o.Feature < PlantedCorpus.RandomFeature))
        {
            var label = outcome.Label!;
            Assert.Equal(PlantedImages.Names[outcome.Feature / 2], label.Term!.Text);
            Assert.Equal(TermKind.Text, label.Term.Kind);
            Assert.Equal(FeatureNamer.VisionMethod, label.Method);
            Assert.True(label.HeldOut.Auroc > 0.95, $"feature {outcome.Feature}: held-out AUROC {label.HeldOut.Auroc}");
            Assert.Equal(_namer.Score(outcome.Feature, LabelTerm.FreeText(label.Term.Text)).HeldOut, label.HeldOut); // the same rule as any label
        }
        Assert.DoesNotContain(_rowsRead, _split.HeldOut.Contains); // held-out images score the answer; the model never sees them
    }

    [Fact]
    public async Task TheModelSeesTheTopImagesFirstAndSilentImagesForContrast()
    {
        await using var server = await ChatStandIn.StartAsync(PlantedImages.NameTheColour);
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { TopImages = 5, ContrastImages = 3 });

        var outcome = await Run(labeler).LabelAsync(4); // a "cars" feature

        Assert.Equal("car", outcome.Label!.Term!.Text);
        var request = Assert.Single(server.Requests);
        var top = request.ImagesAfter(VisionLabeler.TopHeading).Select(u => PlantedImages.CategoryOf(ChatRequest.Bytes(u))).ToArray();
        var contrast = request.ImagesAfter(VisionLabeler.ContrastHeading).Select(u => PlantedImages.CategoryOf(ChatRequest.Bytes(u))).ToArray();
        Assert.Equal([2, 2, 2, 2, 2], top);
        Assert.Equal(3, contrast.Length);
        Assert.DoesNotContain(2, contrast);
        Assert.Equal(_namer.TopTrainingRows(4, 5).Concat(_namer.SilentTrainingRows(4, 3)), _rowsRead);
    }

    [Fact]
    public void SilentImagesAreTrainingImagesTheFeatureDoesNotFireOnAndTheSameEachTime()
    {
        var silent = _namer.SilentTrainingRows(0, 20);
        Assert.Equal(20, silent.Count);
        Assert.Equal(20, silent.Distinct().Count());
        Assert.All(silent, r => Assert.True(_split.Train.Contains(r)));
        Assert.All(silent, r => Assert.NotEqual(0, PlantedImages.CategoryOfRow(r))); // feature 0 fires on birds only
        Assert.Equal(silent, _namer.SilentTrainingRows(0, 20));
        Assert.NotEqual(silent, _namer.SilentTrainingRows(1, 20));
        Assert.Empty(_namer.SilentTrainingRows(0, 0));
    }

    [Fact]
    public async Task ARunAsksAtMostItsShareAndTheNextGoesOnWhereItStopped()
    {
        await using var server = await ChatStandIn.StartAsync(PlantedImages.NameTheColour);
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { MaxFeaturesPerRun = 5 });
        var run = Run(labeler);
        var done = new HashSet<int>();
        Task Save(VisionOutcome o, CancellationToken _)
        {
            if (o.Label is not null) done.Add(o.Feature);
            return Task.CompletedTask;
        }

        var first = run.Pending(done);
        await run.RunAsync(first, Save);
        var second = run.Pending(done);
        await run.RunAsync(second, Save);

        Assert.Equal([0, 1, 2, 3, 4], first);
        Assert.Equal([5, 6, 7, 8, 9], second);
        Assert.Equal(10, server.Requests.Count);
        Assert.Equal([10, 11, 12], run.Pending(done));
    }

    [Fact]
    public async Task RequestsInFlightNeverExceedTheConcurrencyLimit()
    {
        int inFlight = 0, most = 0;
        await using var server = await ChatStandIn.StartAsync(r =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (this) most = Math.Max(most, now);
            Thread.Sleep(100); // hold the request, so others would pile up if they could
            Interlocked.Decrement(ref inFlight);
            return PlantedImages.NameTheColour(r);
        });
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { Concurrency = 2 });
        var run = Run(labeler);
        var progress = new List<int>();

        await run.RunAsync(run.Pending(new HashSet<int>()), (_, _) => Task.CompletedTask, new SyncProgress<int>(progress.Add));

        Assert.Equal(2, most);
        Assert.Equal(Enumerable.Range(1, 13), progress);
    }

    [Fact]
    public async Task ADeadEndpointStopsTheRunAndKeepsWhatWasSaved()
    {
        await using var server = await ChatStandIn.StartAsync(r => r.Number <= 2 ? PlantedImages.NameTheColour(r) : new StandInReply.Error(500));
        using var labeler = new VisionLabeler(Options(server.Endpoint) with { Concurrency = 1 });
        var run = Run(labeler);
        var saved = new List<int>();

        var e = await Assert.ThrowsAsync<VisionRequestException>(() =>
            run.RunAsync(run.Pending(new HashSet<int>()), (o, _) => { saved.Add(o.Feature); return Task.CompletedTask; }));

        Assert.Contains("the endpoint answered 500", e.Message);
        Assert.Equal([0, 1], saved);
    }

    [Fact]
    public async Task RefusedAnswersAndUnreadableImagesAreOutcomesWithTheReason()
    {
        await using var server = await ChatStandIn.StartAsync("These images all show a lot of different things at once.");
        using var labeler = new VisionLabeler(Options(server.Endpoint));

        var refused = await Run(labeler).LabelAsync(0);
        Assert.Null(refused.Label);
        Assert.StartsWith("the answer is too long for a name (11 words", refused.Refused);
        Assert.Equal("These images all show a lot of different things at once.", refused.Reply);

        var blind = await new VisionRun(labeler, _namer, (_, _) => Task.FromResult<byte[]?>(null)).LabelAsync(0);
        Assert.Equal("none of its top training images could be read", blind.Refused);
        var dead = await Run(labeler).LabelAsync(PlantedCorpus.DeadFeature);
        Assert.Equal("it fires on no training image, so there is nothing to show the model", dead.Refused);
        Assert.Single(server.Requests);
    }
}
