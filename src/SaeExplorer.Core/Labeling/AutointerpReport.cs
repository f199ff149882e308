namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A workspace's labeling figures for one naming method. Shares are of the alive features: a feature whose held-out
/// score is undefined (<see cref="UndefinedScores"/>) counts as not above the cut. <see cref="Named"/> counts the labels
/// whose held-out score says something at <see cref="NameMargin"/> (<see cref="LabelEvidence"/>), the ones shown as
/// names; <see cref="CannotTell"/> those of features silent on every held-out image, <see cref="WithinChance"/> those
/// whose score does not clear chance. <see cref="Agreement"/> compares every label's category with the dominant
/// category of its feature's top activating held-out images, <see cref="NamedAgreement"/> only the named ones'. Purity
/// of SAE features against raw dimensions is a separate record (Sae/Metrics), not repeated here.
/// <see cref="NoHeldOutCategory"/> counts the alive features that fire on no held-out image, or whose top held-out
/// images have no category.
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
    double NameMargin,
    int Named,
    int CannotTell,
    int WithinChance,
    AgreementFigure Agreement,
    AgreementFigure NamedAgreement,
    int NoHeldOutCategory,
    int TrainImages,
    int HeldOutImages,
    int TopImages,
    IReadOnlyDictionary<TermKind, int> VocabularyTerms)
{
    /// <summary>Share of the alive features shown with a name.</summary>
    public double? ShareNamed => Alive == 0 ? null : Named / (double)Alive;

    public static AutointerpReport From(string method, IReadOnlyList<FeatureLabel> labels, int features, LabelingSplit split,
        AutointerpOptions options, IReadOnlyDictionary<TermKind, int> vocabularyTerms)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var scores = labels.Where(l => l.HeldOut.IsDefined).ToArray();
        var above = scores.Count(l => l.HeldOut.Auroc > options.AurocCut);
        var evidence = labels.Where(l => l.Term is not null).Select(l => (Label: l, l.Evidence(options.NameMargin).Kind)).ToArray();
        return new AutointerpReport(
            method, features, labels.Count,
            Labelled: labels.Count(l => l.Term is not null),
            UndefinedScores: labels.Count - scores.Length,
            options.AurocCut, above,
            ShareAboveCut: labels.Count == 0 ? null : above / (double)labels.Count,
            ScoreDistribution.Of(scores.Select(l => l.HeldOut.Auroc!.Value)),
            MeanBalancedAccuracy: scores.Length == 0 ? null : scores.Average(l => l.HeldOut.BalancedAccuracy!.Value),
            options.NameMargin,
            Named: evidence.Count(e => e.Kind == EvidenceKind.SaysSomething),
            CannotTell: evidence.Count(e => e.Kind == EvidenceKind.CannotTell),
            WithinChance: evidence.Count(e => e.Kind == EvidenceKind.WithinChance),
            AgreementFigure.Of(labels),
            AgreementFigure.Of(evidence.Where(e => e.Kind == EvidenceKind.SaysSomething).Select(e => e.Label)),
            NoHeldOutCategory: labels.Count(l => l.TopHeldOutCategory is null),
            split.Train.Count, split.HeldOut.Count, options.TopImages, vocabularyTerms);
    }
}
