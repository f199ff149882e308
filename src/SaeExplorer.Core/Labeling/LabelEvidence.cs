using System.Globalization;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Whether an automatic label says something, from its held-out detection score: the held-out AUROC must clear
/// 0.5 + margin x the standard error of AUROC under chance, sqrt((P + N + 1) / (12 P N)) for P held-out images that
/// carry the label and N that do not (Mann-Whitney's null spread without ties). Ties, here mostly the many images a
/// feature is silent on, only shrink the chance spread, so the bar is conservative: a label carried by one held-out
/// image never clears it at margin 2 (its chance AUROC is a uniform draw, spread 0.29), one carried by 40 of 376 needs
/// about 0.60. A feature that fires on no held-out image cannot tell (its AUROC is 0.5 whatever the label). Only
/// labels that say something are shown as a feature's name; the others are its best candidate, with this
/// <see cref="Note"/> saying why.
/// </summary>
/// <param name="Bar">The AUROC the label had to exceed; null without a defined score.</param>
public sealed record LabelEvidence(EvidenceKind Kind, double? Bar, string? Note)
{
    public bool SaysSomething => Kind == EvidenceKind.SaysSomething;

    /// <summary>AUROC's standard error under chance with no ties, for <paramref name="positives"/> and <paramref name="negatives"/> images.</summary>
    public static double ChanceStandardError(int positives, int negatives)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positives, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(negatives, 1);
        return Math.Sqrt((positives + negatives + 1.0) / (12.0 * positives * negatives));
    }

    /// <summary>The held-out AUROC a label must exceed to say something: 0.5 + <paramref name="margin"/> chance standard errors.</summary>
    public static double BarFor(int positives, int negatives, double margin) => 0.5 + margin * ChanceStandardError(positives, negatives);

    /// <param name="heldOut">The label's score on the held-out images.</param>
    /// <param name="margin">Chance standard errors the AUROC must clear (<see cref="AutointerpOptions.NameMargin"/>).</param>
    public static LabelEvidence Of(DetectionScore heldOut, double margin)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Auroc is not { } auroc) return new LabelEvidence(EvidenceKind.NoScore, null, heldOut.Undefined);
        var bar = BarFor(heldOut.Positives, heldOut.Negatives, margin);
        if (heldOut.Caveat is { } caveat) return new LabelEvidence(EvidenceKind.CannotTell, bar, caveat);
        if (auroc > bar) return new LabelEvidence(EvidenceKind.SaysSomething, bar, null);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"within chance: {heldOut.Positives} of the {heldOut.Positives + heldOut.Negatives} held-out images carry the label, so its AUROC must exceed {bar:F2} (0.5 + {margin:G3} chance standard errors) to say something; it is {auroc:F2}");
        return new LabelEvidence(EvidenceKind.WithinChance, bar, note);
    }
}
