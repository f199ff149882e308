using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A labeling run's labels (one per alive feature), its report, the vocabulary it named from, and its namer (the
/// corpus's activations and split), so any other label, e.g. one a person typed, is scored the same way.
/// </summary>
public sealed record AutointerpResult(IReadOnlyList<FeatureLabel> Labels, AutointerpReport Report, LabelVocabulary? Vocabulary, FeatureNamer Namer);

/// <summary>
/// Labels every alive feature of an SAE on a corpus: encodes every row once, builds the manifest vocabulary on the
/// training rows (unless one is given, e.g. CLIP text embeddings), names the features and scores them on the held-out rows.
/// </summary>
public static class Autointerp
{
    public static AutointerpResult Run(SparseAutoencoder sae, IEmbeddingMatrix embeddings, CorpusConcepts concepts, LabelingSplit split,
        NamingMethod method, AutointerpOptions? options = null, VocabularyOptions? vocabularyOptions = null, LabelVocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(sae);
        ArgumentNullException.ThrowIfNull(embeddings);
        options ??= new AutointerpOptions();
        if (embeddings.Rows != concepts.Rows)
            throw new ArgumentException($"the embeddings have {embeddings.Rows} rows but the manifest join has {concepts.Rows}");
        var namer = new FeatureNamer(FeatureActivations.FromSae(sae, embeddings), concepts, split, options);
        IReadOnlyList<FeatureLabel> labels;
        if (method == NamingMethod.DecoderDirection)
        {
            vocabulary ??= ManifestVocabulary.Build(concepts, embeddings, split.Train, vocabularyOptions, split.HeldOut);
            var candidates = DirectionCandidates.Top(sae.DecoderWeights, namer.AliveFeatures, vocabulary, options.Candidates);
            labels = namer.ByDecoderDirection(candidates, vocabulary);
        }
        else
        {
            labels = namer.ByTopImages(vocabularyOptions);
        }
        var report = AutointerpReport.From(MethodName(method), labels, sae.DSae, split, options,
            vocabulary?.CountsByKind() ?? new Dictionary<TermKind, int>());
        return new AutointerpResult(labels, report, vocabulary, namer);
    }

    public static string MethodName(NamingMethod method) => method switch
    {
        NamingMethod.DecoderDirection => FeatureNamer.DecoderDirectionMethod,
        NamingMethod.TopImages => FeatureNamer.TopImagesMethod,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
