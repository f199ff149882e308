using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>The k-means itself: planted groups are recovered, the objective never drops, empty clusters are refilled.</summary>
public class SphericalKMeansTests
{
    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.3)]
    [InlineData(3, 0.5)]
    public void FourEqualPlantedGroupsIn64DimensionsAreRecoveredExactly(int seed, double noise)
    {
        var data = PlantedClusters.Create([10, 10, 10, 10], [1, 1, 1, 1], 64, noise, seed);

        var sweep = GroupingInput.Sweep(data, new GroupingOptions { KMax = 6 });

        Assert.Equal(data.TruthPartition(), GroupingInput.Partition(sweep.Steps[3]));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void GroupsOfVeryUnequalMassAreRecoveredExactly(int seed)
    {
        // Group masses about 360 : 40 : 12 : 4 (sizes 12, 8, 6, 4 times activation scales 30, 5, 2, 1).
        var data = PlantedClusters.Create([12, 8, 6, 4], [30, 5, 2, 1], 64, 0.1, seed);

        var step = GroupingInput.Sweep(data, new GroupingOptions { KMax = 4 }).Steps[3];

        Assert.Equal(data.TruthPartition(), GroupingInput.Partition(step));
        Assert.True(step.Clusters[0].Mass > 50 * step.Clusters[3].Mass, $"masses {string.Join(", ", step.Clusters.Select(c => c.Mass))}");
    }

    [Theory]
    [InlineData(2, 0.8)]
    [InlineData(5, 1.5)]
    [InlineData(9, 3.0)]
    public void TheWeightedObjectiveNeverDropsFromOneIterationToTheNext(int k, double noise)
    {
        // Heavily overlapping groups, so runs take many iterations and many points move.
        var data = PlantedClusters.Create([15, 15, 15, 15], [4, 1, 2, 0.5], 32, noise, k);
        var (gram, weights) = Gram(data);
        var kmeans = new SphericalKMeans(gram, weights, k);
        var longest = 0;
        for (var restart = 0; restart < 20; restart++)
        {
            var run = kmeans.Run(k, GroupingRandom.For(7, k, restart), maxIterations: 100, tolerance: 0);
            longest = Math.Max(longest, run.Trace.Length);
            for (var i = 1; i < run.Trace.Length; i++)
                Assert.True(run.Trace[i] >= run.Trace[i - 1] - 1e-12 * run.Trace[i - 1],
                    $"restart {restart}: objective fell from {run.Trace[i - 1]:R} to {run.Trace[i]:R} at iteration {i}");
            Assert.Equal(run.Trace[^1], run.Objective);
        }
        Assert.True(longest >= 3, $"runs converged at once (longest trace {longest}): the test would check nothing");
    }

    [Fact]
    public void TheObjectiveIsTheWeightedCosineToEachClustersCentroid()
    {
        var data = PlantedClusters.Create([5, 5, 5], [1, 2, 3], 16, 0.7, 3);
        var (gram, weights) = Gram(data);

        var run = new SphericalKMeans(gram, weights, 3).Run(3, GroupingRandom.For(1, 3, 0), 100, 1e-7);

        var units = data.Rows.Select(r => { var u = r.Select(v => (double)v).ToArray(); var n = Math.Sqrt(u.Sum(x => x * x)); return u.Select(x => x / n).ToArray(); }).ToArray();
        var expected = 0.0;
        for (var c = 0; c < 3; c++)
        {
            var members = Enumerable.Range(0, units.Length).Where(i => run.Assignment[i] == c).ToArray();
            var centre = new double[16];
            foreach (var i in members) for (var j = 0; j < 16; j++) centre[j] += weights[i] * units[i][j];
            var norm = Math.Sqrt(centre.Sum(x => x * x));
            foreach (var i in members) expected += weights[i] * units[i].Zip(centre, (x, y) => x * y / norm).Sum();
        }
        Assert.Equal(expected, run.Objective, 1e-5);
    }

    [Fact]
    public void MoreClustersThanDistinctDirectionsStillGivesEveryClusterAMember()
    {
        // Six features on two directions: k = 5 must split the duplicates, and no cluster may be empty.
        float[][] rows = [GroupingInput.Axis(0, 3), GroupingInput.Axis(0, 3, 2), GroupingInput.Axis(0, 3, 3),
                          GroupingInput.Axis(1, 3), GroupingInput.Axis(1, 3, 5), GroupingInput.Axis(1, 3, 0.5f)];

        var sweep = GroupingInput.Sweep(rows, [1, 2, 3, 4, 5, 6], new GroupingOptions { KMax = 6 });

        foreach (var step in sweep.Steps)
        {
            Assert.Equal(step.K, step.Clusters.Count);
            Assert.All(step.Clusters, c => Assert.NotEmpty(c.Features));
        }
        Assert.Equal([[0, 1, 2], [3, 4, 5]], GroupingInput.Partition(sweep.Steps[1]));
        // Splitting identical directions changes nothing: every k >= 2 reaches the same objective, the total mass.
        Assert.All(sweep.Steps.Skip(1), s => Assert.Equal(21, s.Objective, 1e-9));
        Assert.Equal(Math.Sqrt(6 * 6 + 15 * 15), sweep.Steps[0].Objective, 1e-9);
    }

    internal static (float[] Gram, double[] Weights) Gram(PlantedClusters data)
    {
        var d = data.Rows[0].Length;
        var units = data.Rows.SelectMany(r => r).ToArray();
        for (var i = 0; i < data.Rows.Length; i++) Assert.True(UnitDirections.Normalise(units.AsSpan(i * d, d), i));
        return (UnitGram.Compute(units, data.Rows.Length, d, -1), data.Activations.Select(a => (double)a).ToArray());
    }
}
