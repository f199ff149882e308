namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A workspace's labeling figures for one naming method. Shares are of the alive features: a feature whose held-out
/// score is undefined (<see cref="UndefinedScores"/>) counts as not above the cut. <see cref="Agreement"/> is the share
/// of the features with both a label category and top held-out images (<see cref="AgreementCompared"/>) whose label
/// category is the dominant category of their top activating held-out images. Purity of SAE features against raw
/// dimensions is a separate record (Sae/Metrics), not repeated here. <see cref="NoHeldOutCategory"/> counts the alive
/// features that fire on no held-out image, or whose top held-out images have no category.
/// </summary>
public sealed record AutointerpReport(
    string Method,
    int Features,
    int Alive,
    int Labelled,
    int UndefinedScores,
    double AurocCut,
    int AboveCut,
    double? ShareAboveCut,
    ScoreDistribution HeldOutAuroc,
    double? MeanBalancedAccuracy,
    int AgreementCompared,
    int AgreementMatches,
    double? Agreement,
    int NoHeldOutCategory,
    int TrainImages,
    int HeldOutImages,
    int TopImages,
    IReadOnlyDictionary<TermKind, int> VocabularyTerms)
{
    public static AutointerpReport From(string method, IReadOnlyList<FeatureLabel> labels, int features, LabelingSplit split,
        AutointerpOptions options, IReadOnlyDictionary<TermKind, int> vocabularyTerms)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var scores = labels.Where(l => l.HeldOut.IsDefined).ToArray();
        var above = scores.Count(l => l.HeldOut.Auroc > options.AurocCut);
        var compared = labels.Where(l => l.AgreesWithTopImages is not null).ToArray();
        var matches = compared.Count(l => l.AgreesWithTopImages == true);
        return new AutointerpReport(
            method, features, labels.Count,
            Labelled: labels.Count(l => l.Term is not null),
            UndefinedScores: labels.Count - scores.Length,
            options.AurocCut, above,
            ShareAboveCut: labels.Count == 0 ? null : above / (double)labels.Count,
            ScoreDistribution.Of(scores.Select(l => l.HeldOut.Auroc!.Value)),
            MeanBalancedAccuracy: scores.Length == 0 ? null : scores.Average(l => l.HeldOut.BalancedAccuracy!.Value),
            compared.Length, matches,
            Agreement: compared.Length == 0 ? null : matches / (double)compared.Length,
            NoHeldOutCategory: labels.Count(l => l.TopHeldOutCategory is null),
            split.Train.Count, split.HeldOut.Count, options.TopImages, vocabularyTerms);
    }
}
