using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Labeling;

/// <summary>Settings of automatic labeling (<see cref="FeatureNamer"/>, <see cref="AutointerpReport"/>).</summary>
public sealed record AutointerpOptions : Settings.ISectionOptions
{
    public static string Section => "Autointerp";

    /// <summary>
    /// How the label stage names features: top images, whose labels agree best with the dominant category of each
    /// feature's top held-out images on the demo, line drawings and product photos (tools/labeling/naming_check.py,
    /// docs/autointerp.md). <c>saex autointerp</c> takes its method from --method.
    /// </summary>
    public NamingMethod Method { get; init; } = NamingMethod.TopImages;

    /// <summary>Terms kept per feature by decoder cosine; the label is the one of them with the best training AUROC.</summary>
    [Range(1, 1000)]
    public int Candidates { get; init; } = 5;

    /// <summary>Top activating images whose dominant category names a feature (top-image naming) and is compared with its label.</summary>
    [Range(1, 10000)]
    public int TopImages { get; init; } = 10;

    /// <summary>The held-out AUROC a label must exceed to count as a good one in the report.</summary>
    [Range(0.0, 1.0)]
    public double AurocCut { get; init; } = 0.8;

    /// <summary>
    /// Chance standard errors a label's held-out AUROC must clear to be shown as the feature's name
    /// (<see cref="LabelEvidence"/>); below it the label is only the feature's best candidate.
    /// </summary>
    [Range(0.0, 10.0)]
    public double NameMargin { get; init; } = 2;

    /// <summary>
    /// Corpus rows a labelling run reads at most (<see cref="LabelingRows"/>): a larger corpus is labelled on a seeded
    /// sample of this many, so the label stage takes minutes and bounded memory at 10^6 rows and more.
    /// </summary>
    [Range(1000, int.MaxValue)]
    public int MaxRows { get; init; } = 200_000;

    /// <summary>Threads scoring features side by side (results do not depend on it).</summary>
    [Range(1, 1024)]
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);
}
