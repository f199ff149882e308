using System.Diagnostics;
using System.Globalization;
using SaeExplorer.Core;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex autointerp --method vision`: asks the Autointerp:Vision endpoint about each alive feature (at most
/// MaxFeaturesPerRun, skipping those the answers file already labels), showing it JPEG thumbnails of the manifest's
/// image files, and scores every answer on the held-out images. Progress (rate, time left) goes to stderr.
/// </summary>
public static class AutointerpVision
{
    public static AutointerpResult Run(VisionLabelOptions vision, SparseAutoencoder sae, IEmbeddingMatrix data, CorpusConcepts concepts,
        IReadOnlyList<ManifestEntry> rowEntries, string manifestPath, LabelingSplit split, AutointerpOptions options, ImageLoader loader,
        string? answersPath, CancellationToken ct)
    {
        using var labeler = new VisionLabeler(vision);
        var namer = new FeatureNamer(FeatureActivations.FromSae(sae, data), concepts, split, options);
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var run = new VisionRun(labeler, namer, (row, _) => Task.FromResult(Thumbnail(loader, Path.Combine(folder, rowEntries[row].File), vision.ImageSize)));
        using var answers = VisionAnswers.Open(answersPath);
        var pending = run.Pending(answers.Labelled);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var progress = new SyncProgress<int>(done =>
        {
            if (done < pending.Count && clock.Elapsed - lastReport < TimeSpan.FromSeconds(2)) return;
            lastReport = clock.Elapsed;
            var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vision: {done} of {pending.Count} features asked ({rate:0.##}/s, about {(pending.Count - done) / Math.Max(rate, 1e-9):0} s left)"));
        });
        run.RunAsync(pending, (outcome, _) =>
        {
            answers.Add(outcome);
            return Task.CompletedTask;
        }, progress, ct).GetAwaiter().GetResult();

        var labels = answers.All.Where(a => a.Feature < sae.DSae).Select(a => a.Label is { } text
                ? namer.Score(a.Feature, LabelTerm.FreeText(text), FeatureNamer.VisionMethod)
                : namer.Unlabelled(a.Feature, FeatureNamer.VisionMethod, a.Refused!))
            .ToArray();
        var report = AutointerpReport.From(FeatureNamer.VisionMethod, labels, sae.DSae, split, options, new Dictionary<TermKind, int>());
        return new AutointerpResult(labels, report, null, namer);
    }

    /// <summary>A JPEG thumbnail of the file, or null when it cannot be read (a URL-only row, a missing or broken file).</summary>
    private static byte[]? Thumbnail(ImageLoader loader, string path, int size)
    {
        try
        {
            using var image = loader.Load(path);
            return Thumbnailer.Jpeg(image, size);
        }
        catch (ImageRejectedException)
        {
            return null;
        }
    }
}
