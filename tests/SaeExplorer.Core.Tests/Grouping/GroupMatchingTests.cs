using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

public sealed class GroupMatchingTests
{
    // Decoder rows along axes of R^4 (feature 4 points between axes 0 and 1, feature 5 is axis 0 scaled by 3).
    private static readonly ArrayDecoderRows Rows = new([
        [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0.6f, 0.8f, 0, 0], [3, 0, 0, 0],
    ]);

    private static GroupCluster Cluster(params (int Feature, float Activation)[] members) =>
        new(members.Select(m => m.Feature).ToArray(), members.Select(m => m.Activation).ToArray(), members.Sum(m => m.Activation), 0);

    private static GroupingStep Step(params GroupCluster[] clusters) => new(clusters.Length, clusters, 0, true, 0);

    [Fact]
    public void TheCentroidIsTheNormalisedWeightedSumOfUnitDirections()
    {
        // 3 * axis0 (feature 5 has length 3: its unit direction counts, not its length) + 4 * axis1 -> (0.6, 0.8).
        var centroid = GroupMatching.Centroid(Cluster((5, 3), (1, 4)), Rows);
        Assert.Equal([0.6f, 0.8f, 0, 0], centroid.Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void GroupsPointingTheSameWayAreSharedBestFirstAndTheRestAreEachImagesOwn()
    {
        var a = Step(Cluster((0, 2)), Cluster((2, 1)), Cluster((3, 1)));
        var b = Step(Cluster((4, 1)), Cluster((5, 1), (2, 0.01f)), Cluster((1, 1)));

        var comparison = GroupMatching.Compare(a, b, Rows);

        // A0 = axis 0: cos 1 with B1 (feature 5), 0.6 with B0; it takes B1. A1 (axis 2) and A2 (axis 3) match nothing.
        var pair = Assert.Single(comparison.Shared);
        Assert.Equal((0, 1), (pair.A, pair.B));
        Assert.Equal(1.0, pair.Cosine, 3);
        Assert.Equal([1, 2], comparison.OnlyA);
        Assert.Equal([0, 2], comparison.OnlyB);
    }

    [Fact]
    public void TheThresholdIsInclusiveAndEachGroupPairsOnce()
    {
        var a = Step(Cluster((0, 1)));
        var b = Step(Cluster((4, 1)), Cluster((5, 1)));
        Assert.Equal(1, GroupMatching.Compare(a, b, Rows, threshold: 0.6).Shared.Single().B); // cos 1 beats cos 0.6
        Assert.Single(GroupMatching.Compare(a, Step(Cluster((4, 1))), Rows, threshold: 0.59).Shared); // cos 0.6
        Assert.Empty(GroupMatching.Compare(a, Step(Cluster((4, 1))), Rows, threshold: 0.61).Shared);
        Assert.Single(GroupMatching.Compare(a, Step(Cluster((5, 2))), Rows, threshold: 1.0).Shared); // cos exactly 1 reaches 1
    }
}
