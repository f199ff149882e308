namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>
/// Labels features with a <see cref="VisionLabeler"/>: for each feature its top training images and silent training
/// images (<see cref="FeatureNamer"/>; held-out images are never shown, they score the answer), read through
/// <paramref name="image"/> (a thumbnail's bytes, or null when the image cannot be read), then the answer scored by the
/// same held-out detection rule as every label. A run asks about at most <see cref="VisionLabelOptions.MaxFeaturesPerRun"/>
/// features, <see cref="VisionLabelOptions.Concurrency"/> at a time, and hands each outcome to its caller as it comes,
/// so a stopped run loses nothing and the next one skips what is done (<see cref="Pending"/>).
/// </summary>
public sealed class VisionRun(VisionLabeler labeler, FeatureNamer namer, Func<int, CancellationToken, Task<byte[]?>> image)
{
    /// <summary>The alive features not in <paramref name="done"/>, ascending, at most one run's worth.</summary>
    public IReadOnlyList<int> Pending(IReadOnlySet<int> done) =>
        namer.AliveFeatures.Where(f => !done.Contains(f)).Take(labeler.Options.MaxFeaturesPerRun).ToArray();

    /// <summary>Asks about one feature.</summary>
    /// <exception cref="VisionRequestException">The endpoint gave no answer.</exception>
    public async Task<VisionOutcome> LabelAsync(int feature, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = labeler.Options;
        var top = await ImagesAsync(namer.TopTrainingRows(feature, options.TopImages), cancellationToken).ConfigureAwait(false);
        if (top.Count == 0)
            return VisionOutcome.Refusal(feature, namer.TopTrainingRows(feature, 1).Count == 0
                ? "it fires on no training image, so there is nothing to show the model"
                : "none of its top training images could be read");
        var contrast = await ImagesAsync(namer.SilentTrainingRows(feature, options.ContrastImages), cancellationToken).ConfigureAwait(false);
        var answer = await labeler.AskAsync(new VisionImages(top, contrast), progress, cancellationToken).ConfigureAwait(false);
        return answer.Label is { } label
            ? new VisionOutcome(feature, namer.Score(feature, LabelTerm.FreeText(label), FeatureNamer.VisionMethod), null, answer.Reply)
            : VisionOutcome.Refusal(feature, answer.Refused!, answer.Reply);
    }

    /// <summary>
    /// Asks about <paramref name="features"/> (from <see cref="Pending"/>), handing each outcome to <paramref name="save"/>
    /// one at a time, and reports how many are done.
    /// </summary>
    /// <exception cref="VisionRequestException">The endpoint gave no answer: the run stops there, with what was saved kept.</exception>
    public async Task RunAsync(IReadOnlyList<int> features, Func<VisionOutcome, CancellationToken, Task> save, IProgress<int>? done = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(save);
        using var saving = new SemaphoreSlim(1, 1);
        var count = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = labeler.Options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(features, parallel, async (feature, ct) =>
        {
            var outcome = await LabelAsync(feature, null, ct).ConfigureAwait(false);
            await saving.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await save(outcome, ct).ConfigureAwait(false);
                done?.Report(++count);
            }
            finally
            {
                saving.Release();
            }
        }).ConfigureAwait(false);
    }

    private async Task<List<ReadOnlyMemory<byte>>> ImagesAsync(IEnumerable<int> rows, CancellationToken cancellationToken)
    {
        var images = new List<ReadOnlyMemory<byte>>();
        foreach (var row in rows)
            if (await image(row, cancellationToken).ConfigureAwait(false) is { Length: > 0 } bytes) images.Add(bytes);
        return images;
    }
}
