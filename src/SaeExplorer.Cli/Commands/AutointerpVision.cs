using System.Diagnostics;
using SaeExplorer.Core;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Labeling.Vision;
using SaeExplorer.Core.Progress;
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
        var rate = new RateClock();
        rate.Next(0, pending.Count); // the clock starts before the first request, not at the first answer
        var lastLine = Stopwatch.StartNew();
        var progress = new SyncProgress<int>(done =>
        {
            var now = rate.Next(done, pending.Count);
            if (done < pending.Count && lastLine.Elapsed < ProgressLines.Every) return;
            lastLine.Restart();
            Console.Error.WriteLine($"vision: {now.Describe("features")}"); // stderr: --json keeps stdout to the document
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
