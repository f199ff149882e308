using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>An active feature of a group as its card shows it.</summary>
public sealed record GroupMember(int Feature, float Activation, string? Label, IReadOnlyList<ImageRef> TopImages);

/// <summary>One group of the k shown: its position (mass order), its colour, members and nearest corpus images.</summary>
public sealed record GroupView(int Index, int Colour, GroupCluster Cluster, IReadOnlyList<GroupMember> Members, IReadOnlyList<NearestImage> Nearest)
{
    /// <summary>The same group with its members named by <paramref name="labels"/> (top labels read again).</summary>
    public GroupView WithLabels(IReadOnlyDictionary<int, string?> labels) =>
        this with { Members = Members.Select(m => m with { Label = labels.GetValueOrDefault(m.Feature) }).ToList() };
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
    IReadOnlyDictionary<int, string?> FeatureLabels,
    IReadOnlyList<GroupView> Groups,
    IReadOnlyList<string> Problems)
{
    public GroupingStep? Step => K > 0 ? Sweep.Steps[K - 1] : null;

    public double TotalMass => Sweep.TotalMass;

    /// <summary>The colour of the group that holds <paramref name="feature"/> at the k shown; -1 when none does.</summary>
    public int ColourOf(int feature) => Step?.ClusterOf(feature) is { } c and >= 0 ? Colours[K - 1][c] : -1;
}
