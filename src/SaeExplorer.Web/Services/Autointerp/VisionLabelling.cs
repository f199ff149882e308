using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Images;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>What one vision run did, and why it stopped early if it did (the endpoint failing on every try).</summary>
public sealed record VisionRunSummary(int Asked, int Labelled, int Refused, int Pending, string? Stopped);

/// <summary>
/// The vision labeller in the app (the preparation stage's runs, the feature page's asks): one <see cref="VisionLabeler"/>
/// for the whole app, so <see cref="VisionLabelOptions.Concurrency"/> bounds everyone's requests together; the model
/// is shown the workspace's tile thumbnails; each answer is scored by the SAE's <see cref="WorkspaceLabeling.Namer"/>
/// and written as it arrives as the feature's <c>autointerp:vision</c> label (revised when there is one), with the note
/// of <see cref="LabelEvidence"/> when its score says nothing (then it is only the feature's candidate, as every
/// automatic label), and the feature's pages are told. A run skips the features that already have one, so it goes on where the last stopped.
/// </summary>
public sealed class VisionLabelling(VisionLabelOptions options, AutointerpOptions autointerp, AutointerpRuns runs, AutoLabelStore labels,
    ImageQueries images, ThumbnailService thumbnails, LiveUpdates live, ILogger<VisionLabelling> log) : IDisposable
{
    public static readonly string Source = LabelSource.Autointerp(FeatureNamer.VisionMethod);

    private readonly Lazy<VisionLabeler> _labeler = new(() => new VisionLabeler(options));

    public bool IsConfigured => options.IsConfigured;

    /// <summary>The model's name, for the page.</summary>
    public string? Model => options.Model;

    /// <summary>One run over the SAE's alive features that have no vision label yet (at most MaxFeaturesPerRun).</summary>
    public async Task<VisionRunSummary> RunAsync(WorkspaceContext context, Action<int, int> report, CancellationToken ct)
    {
        var saeId = context.SaeId ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE yet");
        var (run, why) = await OpenAsync(context);
        if (run is null) return new VisionRunSummary(0, 0, 0, 0, why);
        var pending = run.Pending(await labels.FeaturesLabelledByAsync(saeId, Source, ct));
        int labelled = 0, refused = 0;
        report(0, pending.Count);
        try
        {
            await run.RunAsync(pending, async (outcome, c) =>
            {
                if (await SaveAsync(saeId, outcome, c)) labelled++;
                else refused++;
            }, new Core.SyncProgress<int>(done => report(done, pending.Count)), ct);
        }
        catch (VisionRequestException e)
        {
            return new VisionRunSummary(labelled + refused, labelled, refused, pending.Count, e.Message);
        }
        return new VisionRunSummary(labelled + refused, labelled, refused, pending.Count, null);
    }

    /// <summary>Asks about one feature and writes the answer as its vision label (a refusal writes nothing).</summary>
    /// <exception cref="VisionRequestException">The endpoint gave no answer.</exception>
    public async Task<VisionOutcome> AskAsync(WorkspaceContext context, int feature, IProgress<string>? progress, CancellationToken ct)
    {
        var saeId = context.SaeId ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE yet");
        var (run, why) = await OpenAsync(context);
        if (run is null) return VisionOutcome.Refusal(feature, why!);
        var outcome = await run.LabelAsync(feature, progress, ct);
        await SaveAsync(saeId, outcome, ct);
        return outcome;
    }

    private async Task<(VisionRun? Run, string? Why)> OpenAsync(WorkspaceContext context)
    {
        if (!options.IsConfigured) return (null, $"no vision model is configured ({VisionLabelOptions.Section}:Endpoint)");
        var labelling = await runs.ForSaeAsync(context.SaeId!.Value);
        if (labelling?.Namer is not { } namer)
            return (null, $"its answers could not be scored: {labelling?.Skipped ?? "the workspace's embeddings or SAE files are gone"}");
        return (new VisionRun(_labeler.Value, namer, (row, ct) => ThumbnailAsync(context, labelling.CorpusRowOf(row), ct)), null);
    }

    private async Task<byte[]?> ThumbnailAsync(WorkspaceContext context, int row, CancellationToken ct)
    {
        var found = await images.ByRowsAsync(context.WorkspaceId, [row], ct);
        return found.TryGetValue(row, out var image) ? (await thumbnails.GetAsync(context.Name, image.Id, options.ImageSize, ct))?.Jpeg : null;
    }

    /// <summary>Writes a labelled outcome and tells the feature's pages; true when it was a label.</summary>
    private async Task<bool> SaveAsync(int saeId, VisionOutcome outcome, CancellationToken ct)
    {
        if (outcome.Label is not { Term: { } term, HeldOut: var score })
        {
            log.LogInformation("Feature {Feature} of SAE {Sae}: the vision model's answer was refused: {Reason}", outcome.Feature, saeId, outcome.Refused);
            return false;
        }
        await labels.PutAutoLabelAsync(saeId, Source, new FeatureLabelInput(outcome.Feature, term.Text, score.Auroc, score.BalancedAccuracy,
            LabelEvidence.Of(score, autointerp.NameMargin).Note), ct);
        live.PublishLabels([new LabelTarget.OfFeature(saeId, outcome.Feature)]);
        return true;
    }

    public void Dispose()
    {
        if (_labeler.IsValueCreated) _labeler.Value.Dispose();
    }
}
