namespace SaeExplorer.Core.Labeling;

/// <summary>
/// How well a label predicts where a feature fires, on one set of images: <see cref="Auroc"/> takes the activation as
/// the score of "this image carries the label" (Mann-Whitney, ties counted one half), <see cref="BalancedAccuracy"/>
/// takes "fires" (activation &gt; 0) as the prediction. Both are null with <see cref="Undefined"/> saying why when the
/// set has no image that carries the label, or no image that does not. <see cref="Caveat"/> says when a defined score
/// cannot tell anything: a feature that fires on no image of the set scores 0.5 whatever its label.
/// </summary>
public sealed record DetectionScore(double? Auroc, double? BalancedAccuracy, int Positives, int Negatives, string? Undefined,
    string? Caveat = null)
{
    public bool IsDefined => Auroc is not null;

    /// <summary>What to say beside the score: why there is none, or why it tells nothing.</summary>
    public string? Note => Undefined ?? Caveat;

    public static DetectionScore NotDefined(int positives, int negatives, string reason) => new(null, null, positives, negatives, reason);
}
