namespace SaeExplorer.Core.Labeling;

/// <summary>
/// One feature's label and its scores. <see cref="Train"/> is what the label was chosen by, <see cref="HeldOut"/> what
/// it is worth (the score to quote). <see cref="LabelCategory"/> is the label's category (a category term itself,
/// otherwise the commonest category of the training images that carry it), <see cref="TopHeldOutCategory"/> the dominant
/// category of the feature's top activating held-out images; both lower-cased. A feature left without a label has
/// <see cref="Term"/> null and the reason as its scores' <see cref="DetectionScore.Undefined"/>.
/// </summary>
public sealed record FeatureLabel(
    int Feature,
    string Method,
    LabelTerm? Term,
    double? Cosine,
    DetectionScore Train,
    DetectionScore HeldOut,
    string? LabelCategory,
    string? TopHeldOutCategory)
{
    /// <summary>Whether the label's category is the top held-out images' one; null when either is unknown.</summary>
    public bool? AgreesWithTopImages => LabelCategory is null || TopHeldOutCategory is null
        ? null
        : string.Equals(LabelCategory, TopHeldOutCategory, StringComparison.Ordinal);

    /// <summary>Whether the held-out score says something at <paramref name="margin"/> chance standard errors, and if not why.</summary>
    public LabelEvidence Evidence(double margin) => LabelEvidence.Of(HeldOut, margin);
}
