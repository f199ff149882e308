using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Labeling;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>An active feature of a group as its card shows it.</summary>
public sealed record GroupMember(int Feature, float Activation, FeatureName Name, IReadOnlyList<ImageRef> TopImages);

/// <summary>
/// One group of the k shown: its position (mass order), its colour, members, nearest corpus images, and its label:
/// the names of its features weighted by their activation (<see cref="GroupLabel"/>), null when unlabelled.
/// </summary>
public sealed record GroupView(int Index, int Colour, GroupCluster Cluster, IReadOnlyList<GroupMember> Members, IReadOnlyList<NearestImage> Nearest,
    string? Label)
{
    /// <summary>The label of <paramref name="cluster"/> from the names of all its features (not only the members shown).</summary>
    public static string? LabelOf(GroupCluster cluster, IReadOnlyDictionary<int, FeatureName> names) =>
        GroupLabel.Of(cluster.Features.Zip(cluster.Activations, (f, a) => new GroupLabel.Member(names.GetValueOrDefault(f)?.Name, a)));

    /// <summary>What a group is called where only a line fits: its label, or "unlabelled".</summary>
    public string Title => Label ?? FeatureName.Unlabelled;

    /// <summary>The same group with its features named by <paramref name="names"/> (top labels read again).</summary>
    public GroupView WithNames(IReadOnlyDictionary<int, FeatureName> names) => this with
    {
        Members = Members.Select(m => m with { Name = names.GetValueOrDefault(m.Feature) ?? FeatureName.None }).ToList(),
        Label = LabelOf(Cluster, names),
    };
}

/// <summary>A corpus image near a direction, with the cosine it scored.</summary>
public sealed record NearestImage(ImageRef Image, float Cosine);

/// <summary>Everything an image page shows of an image taken apart: code, sweep, the k shown and its groups.</summary>
/// <param name="Colours">Stable group colours per step (<see cref="GroupMembership.StableColours"/>).</param>
/// <param name="Problems">Query values that were refused, each saying what was used instead.</param>
public sealed record ImageGrouping(
    InspectedImage Image,
    SparseCode Code,
    GroupingSweep Sweep,
    GroupingSettings Settings,
    int K,
    int[][] Colours,
    IReadOnlyDictionary<int, FeatureName> FeatureNames,
    IReadOnlyList<GroupView> Groups,
    IReadOnlyList<string> Problems)
{
    public GroupingStep? Step => K > 0 ? Sweep.Steps[K - 1] : null;

    public double TotalMass => Sweep.TotalMass;

    /// <summary>The colour of the group that holds <paramref name="feature"/> at the k shown; -1 when none does.</summary>
    public int ColourOf(int feature) => Step?.ClusterOf(feature) is { } c and >= 0 ? Colours[K - 1][c] : -1;

    /// <summary>How <paramref name="feature"/> is named (<see cref="FeatureName.None"/> before its row has a label).</summary>
    public FeatureName NameOf(int feature) => FeatureNames.GetValueOrDefault(feature) ?? FeatureName.None;
}
