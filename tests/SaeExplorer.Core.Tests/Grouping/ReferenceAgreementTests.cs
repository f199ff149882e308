using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>The Gram-matrix sweep against the plain d-space Lloyd's reference with the same seeding and streams.</summary>
public class ReferenceAgreementTests
{
    [Theory]
    [InlineData(1, 24, 16, 0.6, 10)]
    [InlineData(2, 40, 32, 1.0, 12)]
    [InlineData(3, 30, 8, 2.0, 15)]
    [InlineData(4, 12, 64, 0.3, 20)]
    public void SamePartitionAndObjectiveForEveryK(int seed, int n, int d, double noise, int kMax)
    {
        var sizes = Enumerable.Range(0, 5).Select(g => n / 5 + (g < n % 5 ? 1 : 0)).ToArray();
        var data = PlantedClusters.Create(sizes, [3, 1, 0.5, 2, 1], d, noise, seed);
        var options = new GroupingOptions { KMax = kMax, Seed = seed };

        var sweep = GroupingInput.Sweep(data, options);
        var reference = DSpaceLloydReference.Sweep(data.Rows, data.Activations, options);

        Assert.Equal(reference.Length, sweep.Steps.Count);
        for (var k = 1; k <= reference.Length; k++)
        {
            Assert.Equal(PlantedClusters.Partition(reference[k - 1].Assignment), GroupingInput.Partition(sweep.Steps[k - 1]));
            Assert.Equal(reference[k - 1].Objective, sweep.Steps[k - 1].Objective, 1e-5);
        }
    }
}
