using System.Collections.Concurrent;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Names every alive feature (one that fires on at least one training image) and scores the names. A label is always
/// chosen on the training images and scored on the held-out ones, so a score is not inflated by the choice:
/// <list type="bullet">
/// <item><see cref="ByDecoderDirection"/>: among the terms whose vectors are closest (cosine) to the decoder row, the one
/// with the best training AUROC (ties: higher cosine, then category before subcategory before word, then ordinal);</item>
/// <item><see cref="ByTopImages"/>: the dominant category of the feature's top activating training images; where they
/// have no category, the caption word they share (<see cref="CaptionWordCandidates"/>) with the best training AUROC.</item>
/// </list>
/// <see cref="Score"/> scores any label, e.g. one a person typed, the same way.
/// </summary>
public sealed class FeatureNamer
{
    public const string DecoderDirectionMethod = "decoder-direction";
    public const string TopImagesMethod = "top-images";
    public const string HumanMethod = "human";

    /// <summary>A vision-language model's answer (<see cref="Vision.VisionLabeler"/>), scored like a person's free text.</summary>
    public const string VisionMethod = "vision";

    private readonly FeatureActivations _activations;
    private readonly CorpusConcepts _concepts;
    private readonly LabelingSplit _split;
    private readonly AutointerpOptions _options;
    private readonly ConcurrentDictionary<LabelTerm, int[]> _carriers = new();
    private readonly ConcurrentDictionary<LabelTerm, string?> _categoryOfTerm = new();

    public FeatureNamer(FeatureActivations activations, CorpusConcepts concepts, LabelingSplit split, AutointerpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(split);
        if (activations.Rows != concepts.Rows || split.Train.TotalRows != concepts.Rows || split.HeldOut.TotalRows != concepts.Rows)
            throw new ArgumentException($"activations cover {activations.Rows} rows, the manifest join {concepts.Rows}, the split {split.Train.TotalRows}: they must be the same corpus");
        _activations = activations;
        _concepts = concepts;
        _split = split;
        _options = Settings.OptionsCheck.Checked(options ?? new AutointerpOptions());
        AliveFeatures = Enumerable.Range(0, activations.Features).Where(f => activations.FiringsIn(f, split.Train) > 0).ToArray();
    }

    /// <summary>Features that fire on at least one training image, ascending.</summary>
    public IReadOnlyList<int> AliveFeatures { get; }

    /// <summary>Decoder-direction naming from the cosine candidates of <see cref="DirectionCandidates.Top"/>.</summary>
    public IReadOnlyList<FeatureLabel> ByDecoderDirection(TermCandidates candidates, LabelVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(vocabulary);
        return ForEach(candidates.Features, i => Choose(candidates.Features[i], candidates.TermsOf(i), candidates.CosinesOf(i), vocabulary));
    }

    /// <summary>
    /// Top-image naming of every alive feature: by category, else by the caption words its top images share (words that
    /// <paramref name="vocabulary"/>'s MinimumCount training images carry).
    /// </summary>
    public IReadOnlyList<FeatureLabel> ByTopImages(VocabularyOptions? vocabulary = null)
    {
        var words = new CaptionWordCandidates(_concepts, _split.Train, (vocabulary ?? new VocabularyOptions()).MinimumCount);
        return ForEach(AliveFeatures, i =>
        {
            var feature = AliveFeatures[i];
            var top = _activations.TopRows(feature, _split.Train, _options.TopImages);
            if (_concepts.MajorityCategoryKey(top) is { } key)
                return Score(feature, new LabelTerm(_concepts.CategoryName(key), TermKind.Category), TopImagesMethod);
            if (!words.Any) return Unlabelled(feature, TopImagesMethod, "its top training images have no category or caption word");
            var candidates = words.For(top, _options.Candidates);
            return candidates.Count == 0
                ? Unlabelled(feature, TopImagesMethod, "its top training images share no caption word beyond its base rate")
                : BestOnTraining(feature, candidates);
        });
    }

    /// <summary>The feature's strongest training images, strongest first: what a labeller is shown (never held-out ones, which score it).</summary>
    public IReadOnlyList<int> TopTrainingRows(int feature, int count) => _activations.TopRows(feature, _split.Train, count);

    /// <summary>Training images where the feature is silent, the same ones for the same feature every time.</summary>
    public IReadOnlyList<int> SilentTrainingRows(int feature, int count) => _activations.SilentRows(feature, _split.Train, count, seed: feature);

    /// <summary>Scores <paramref name="term"/> as feature <paramref name="feature"/>'s label on both sets.</summary>
    public FeatureLabel Score(int feature, LabelTerm term, string method = HumanMethod, double? cosine = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feature);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, _activations.Features);
        return new FeatureLabel(feature, method, term, cosine, ScoreOn(feature, term, _split.Train), ScoreOn(feature, term, _split.HeldOut),
            CategoryOf(term), TopHeldOutCategory(feature));
    }

    /// <summary>The detection score of <paramref name="term"/> for a feature on one set of images.</summary>
    public DetectionScore ScoreOn(int feature, LabelTerm term, RowSet set)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Kind == TermKind.Text && !CorpusConcepts.HasContentWords(term.Text))
            return DetectionScore.NotDefined(0, set.Count, $"the label '{term.Text}' has no word to match (only stop words, digits or punctuation)");
        return DetectionScoring.Score(_activations.Column(feature), set, Carriers(term));
    }

    private FeatureLabel Choose(int feature, ReadOnlySpan<int> terms, ReadOnlySpan<float> cosines, LabelVocabulary vocabulary)
    {
        var best = -1;
        DetectionScore? bestTrain = null;
        for (var c = 0; c < terms.Length; c++)
        {
            var train = ScoreOn(feature, vocabulary.Terms[terms[c]], _split.Train);
            if (!train.IsDefined) continue;
            if (best < 0 || Better(train.Auroc!.Value, cosines[c], vocabulary.Terms[terms[c]], bestTrain!.Auroc!.Value, cosines[best], vocabulary.Terms[terms[best]]))
            {
                best = c;
                bestTrain = train;
            }
        }
        if (best < 0) return Unlabelled(feature, DecoderDirectionMethod, "no candidate term has a defined training score");
        var term = vocabulary.Terms[terms[best]];
        return new FeatureLabel(feature, DecoderDirectionMethod, term, cosines[best], bestTrain!, ScoreOn(feature, term, _split.HeldOut),
            CategoryOf(term), TopHeldOutCategory(feature));
    }

    /// <summary>The candidate with the best training AUROC (ties: the earlier one), scored on both sets.</summary>
    private FeatureLabel BestOnTraining(int feature, IReadOnlyList<LabelTerm> candidates)
    {
        LabelTerm? best = null;
        DetectionScore? bestTrain = null;
        foreach (var term in candidates)
        {
            var train = ScoreOn(feature, term, _split.Train);
            if (train.IsDefined && (bestTrain is null || train.Auroc > bestTrain.Auroc)) (best, bestTrain) = (term, train);
        }
        return best is null
            ? Unlabelled(feature, TopImagesMethod, "no caption word its top images share has a defined training score")
            : new FeatureLabel(feature, TopImagesMethod, best, null, bestTrain!, ScoreOn(feature, best, _split.HeldOut), CategoryOf(best),
                TopHeldOutCategory(feature));
    }

    private static bool Better(double auroc, float cosine, LabelTerm term, double bestAuroc, float bestCosine, LabelTerm bestTerm)
    {
        if (auroc != bestAuroc) return auroc > bestAuroc;
        if (cosine != bestCosine) return cosine > bestCosine;
        if (term.Kind != bestTerm.Kind) return term.Kind < bestTerm.Kind;
        return string.CompareOrdinal(term.Text, bestTerm.Text) < 0;
    }

    /// <summary>A feature left without a label by <paramref name="method"/>, with the reason as its scores' note.</summary>
    public FeatureLabel Unlabelled(int feature, string method, string why)
    {
        var none = DetectionScore.NotDefined(0, 0, why);
        return new FeatureLabel(feature, method, null, null, none, none, null, TopHeldOutCategory(feature));
    }

    private int[] Carriers(LabelTerm term) => _carriers.GetOrAdd(term, _concepts.RowsCarrying);

    private string? CategoryOf(LabelTerm term) => _categoryOfTerm.GetOrAdd(term, t => t.Kind == TermKind.Category
        ? CorpusConcepts.Key(t.Text)
        : _concepts.MajorityCategoryKey(_split.Train.Intersect(Carriers(t))));

    private string? TopHeldOutCategory(int feature) =>
        _concepts.MajorityCategoryKey(_activations.TopRows(feature, _split.HeldOut, _options.TopImages));

    private FeatureLabel[] ForEach(IReadOnlyList<int> features, Func<int, FeatureLabel> label)
    {
        var result = new FeatureLabel[features.Count];
        Parallel.For(0, features.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Threads }, i => result[i] = label(i));
        return result;
    }
}
