using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

public sealed class GroupMembershipTests
{
    private static GroupCluster Cluster(params (int Feature, float Activation)[] members) =>
        new(members.Select(m => m.Feature).ToArray(), members.Select(m => m.Activation).ToArray(), members.Sum(m => m.Activation), 0);

    private static GroupingStep Step(int k, params GroupCluster[] clusters) => new(k, clusters, clusters.Min(c => c.Mass), true, 0);

    [Fact]
    public void AGroupKeepsItsColourFromKToKAndASplitOffPartGetsANewOne()
    {
        var steps = new[]
        {
            Step(1, Cluster((0, 3), (1, 2), (2, 1), (3, 1))),
            // k = 2: {0, 1} keeps most of the old mass; {2, 3} is new.
            Step(2, Cluster((0, 3), (1, 2)), Cluster((2, 1), (3, 1))),
            // k = 3, clusters in mass order: {2, 3} now comes first but keeps label 1; {1} splits off {0}.
            Step(3, Cluster((0, 3)), Cluster((2, 1), (3, 1)), Cluster((1, 2))),
        };

        var colours = GroupMembership.StableColours(steps);

        Assert.Equal([0], colours[0]);
        Assert.Equal([0, 1], colours[1]);
        Assert.Equal([0, 1, 2], colours[2]);
    }

    [Fact]
    public void WhenTwoGroupsMergeTheHeavierSideKeepsItsColour()
    {
        var steps = new[]
        {
            Step(1, Cluster((0, 1), (1, 1), (2, 5))),
            Step(2, Cluster((2, 5)), Cluster((0, 1), (1, 1))),
            Step(3, Cluster((2, 5)), Cluster((0, 1)), Cluster((1, 1))),
        };
        var colours = GroupMembership.StableColours(steps);
        Assert.Equal(0, colours[1][0]); // {2} carries the mass of the old single group
        Assert.Equal([0, 1, 2], colours[2]); // {0} and {1} both overlap label 1 by 1: the lower cluster index takes it
    }

    [Fact]
    public void OnPlantedDataEveryStepHasDistinctColoursAndTheFirstStepsAreStable()
    {
        var data = PlantedClusters.Create([12, 9, 7], [3.0, 1.5, 1.0], 48, 0.2, seed: 5);
        var sweep = GroupingInput.Sweep(data, new GroupingOptions { KMax = 6 });

        var colours = GroupMembership.StableColours(sweep.Steps);

        Assert.All(colours, l => Assert.Equal(l.Length, l.Distinct().Count()));
        // Going from the planted k = 3 to k = 4 splits one group: the other two keep their labels.
        Assert.True(colours[3].Intersect(colours[2]).Count() >= 2);
    }
}
