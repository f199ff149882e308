using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Metrics;
using SaeExplorer.Core.Sae.Training;

namespace SaeExplorer.Web.Services.Autointerp;

/// <summary>Where one SAE's labelling reads from: its workspace's corpus pack (manifest.csv), embeddings and weights.</summary>
public sealed record LabelingInputs(int SaeId, string CorpusPath, string EmbeddingsPath, string SaePath);

/// <summary>
/// One SAE's autointerp run: the labels <c>saex autointerp</c> prints for the same files and split (naming by
/// Autointerp:Method, top images unless set, the manifest vocabulary, the Autointerp options), and the purity of its features against the raw dimensions on the
/// held-out split (Core's <see cref="Purity"/>, as <c>saex eval-sae --held-out --manifest</c>). <see cref="Skipped"/>
/// says why there is nothing when the workspace cannot be labelled (no categories or captions, no held-out split).
/// <see cref="Namer"/> scores any label on the held-out images (the vision labeller's answers): there is one whenever the
/// manifest has categories or captions, even when too few images carry a term to make a vocabulary.
/// </summary>
public sealed record WorkspaceLabeling(int SaeId, AutointerpResult? Result, PurityReport? Purity, string? PurityMissing, string? Skipped,
    FeatureNamer? Namer)
{
    /// <summary>
    /// A label's detection score against this run's vocabulary: the held-out AUROC (and balanced accuracy) of the
    /// vocabulary term whose text the label is, or the reason there is none (not a term, or nothing to score on).
    /// </summary>
    public Data.Labels.LabelScore Score(int feature, string text)
    {
        if (Result?.Vocabulary is not { } vocabulary) return Data.Labels.LabelScore.None(Skipped ?? "this workspace has no vocabulary to score labels against");
        if (vocabulary.Find(text) is not { } term)
            return Data.Labels.LabelScore.None(
                $"'{text.Trim()}' is not in this workspace's vocabulary (its categories, subcategories and caption words), so it has no detection score");
        var heldOut = Result.Namer.Score(feature, term).HeldOut;
        return new Data.Labels.LabelScore(heldOut.Auroc, heldOut.BalancedAccuracy, LabelEvidence.Of(heldOut, Result.Report.NameMargin).Note);
    }

    /// <summary>Runs naming and purity over the files (seconds for the demo: every row through the SAE once for each).</summary>
    public static WorkspaceLabeling Run(LabelingInputs inputs, TrainerOptions training, AutointerpOptions autointerp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var manifestPath = Path.Combine(inputs.CorpusPath, CorpusManifest.FileName);
        if (!File.Exists(manifestPath)) return Nothing(inputs, $"the corpus has no {CorpusManifest.FileName} to take a vocabulary from");
        var manifest = CorpusManifest.Read(manifestPath);
        if (!manifest.Any(e => !string.IsNullOrWhiteSpace(e.Category) || !string.IsNullOrWhiteSpace(e.Description)))
            return Nothing(inputs, "the manifest has neither categories nor captions to name features with");
        if (training.HeldOutFraction is <= 0 or >= 1)
            return Nothing(inputs, $"Training:HeldOutFraction is {training.HeldOutFraction}: labels are scored on held-out images, and there are none");

        using var corpus = NpyFile.Open(inputs.EmbeddingsPath);
        var data = LabelingRows.Of(corpus, autointerp.MaxRows, training.Seed);
        var rowIds = data.Ids(RowIdMap.Read(corpus));
        var concepts = CorpusConcepts.Join(manifest, rowIds, manifestPath, RowIdMap.PathFor(inputs.EmbeddingsPath), data.CorpusRows);
        using var model = SaeLoader.Load(inputs.SaePath, expectedDIn: data.Columns);
        var split = data.Split(training.HeldOutFraction, training.Seed);
        var (purity, missing) = PurityOf(model, data, split, rowIds, manifest, manifestPath);
        ct.ThrowIfCancellationRequested();
        LabelVocabulary vocabulary;
        try
        {
            vocabulary = ManifestVocabulary.Build(concepts, data, split.Train, heldOut: split.HeldOut);
        }
        catch (ArgumentException e) // no term is carried by enough training images: a small or uncaptioned corpus
        {
            return new WorkspaceLabeling(inputs.SaeId, null, purity, missing, e.Message,
                new FeatureNamer(FeatureActivations.FromSae(model, data), concepts, split, autointerp))
            { CorpusRowOf = data.CorpusRow };
        }
        var result = Core.Labeling.Autointerp.Run(model, data, concepts, split, autointerp.Method, autointerp, vocabulary: vocabulary);
        return new WorkspaceLabeling(inputs.SaeId, result, purity, missing, null, result.Namer) { CorpusRowOf = data.CorpusRow };
    }

    /// <summary>The corpus row of a row of this run (its namer's rows are the sample's when the corpus is larger than Autointerp:MaxRows).</summary>
    public Func<int, int> CorpusRowOf { get; private init; } = row => row;

    private static (PurityReport?, string?) PurityOf(Core.Sae.Model.SparseAutoencoder model, LabelingRows data, LabelingSplit split,
        IReadOnlyList<string> rowIds, IReadOnlyList<ManifestEntry> manifest, string manifestPath)
    {
        if (!manifest.Any(e => !string.IsNullOrWhiteSpace(e.Category))) return (null, "the manifest has no categories, so purity cannot be measured");
        var categories = RowCategories.FromManifest(rowIds, manifest, manifestPath);
        var heldOut = Enumerable.Range(0, (int)data.Rows).Where(split.HeldOut.Contains).Select(r => (long)r).ToList();
        return (Core.Sae.Metrics.Purity.Evaluate(model, data, heldOut, categories), null);
    }

    private static WorkspaceLabeling Nothing(LabelingInputs inputs, string why) => new(inputs.SaeId, null, null, why, why, null);
}
