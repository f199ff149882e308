using SaeExplorer.Core.Grouping;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Tests.Sae;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>Odd inputs (nothing active, zero decoder rows, bad values) and the group direction helper.</summary>
public class SweepInputTests
{
    private static readonly float[][] ThreeAxes = Enumerable.Range(0, 3).Select(i => GroupingInput.Axis(i, 3)).ToArray();

    [Fact]
    public void NoActiveFeaturesGivesNoStepsAndANote()
    {
        var sweep = GroupingInput.Sweep(ThreeAxes, [0, 0, 0]);

        Assert.Empty(sweep.Steps);
        Assert.Equal(0, sweep.ChosenK);
        Assert.Null(sweep.Chosen);
        Assert.Equal("no active features: nothing to group", sweep.Note);
        Assert.Equal(0, sweep.TotalMass);
    }

    [Fact]
    public void AFeatureWithAZeroDecoderRowIsLeftOutAndListed()
    {
        float[][] rows = [GroupingInput.Axis(0, 3), new float[3], GroupingInput.Axis(2, 3)];

        var sweep = GroupingInput.Sweep(rows, [1, 5, 2]);

        Assert.Equal([1], sweep.Undirected);
        Assert.Equal(3, sweep.TotalMass);
        Assert.Equal([[2], [0]], sweep.Steps[1].Clusters.Select(c => c.Features));
        var onlyZero = GroupingInput.Sweep(rows, [0, 5, 0]);
        Assert.Empty(onlyZero.Steps);
        Assert.Contains("decoder rows are zero", onlyZero.Note);
    }

    [Fact]
    public void NegativeActivationsAreNotActive()
    {
        var sweep = GroupingInput.Sweep(ThreeAxes, [-1, 2, 0]);

        Assert.Equal([1], Assert.Single(Assert.Single(sweep.Steps).Clusters).Features);
    }

    [Fact]
    public void BadInputsAreClearErrors()
    {
        var rows = new ArrayDecoderRows(ThreeAxes);
        Assert.Contains("outside the decoder's 3 rows", Assert.Throws<ArgumentException>(() => IteratedGrouping.Sweep(new SparseCode([7], [1f]), rows)).Message);
        Assert.Contains("feature 1 appears twice", Assert.Throws<ArgumentException>(() => IteratedGrouping.Sweep(new SparseCode([1, 1], [1f, 2f]), rows)).Message);
        Assert.Contains("non-finite activation", Assert.Throws<ArgumentException>(() => IteratedGrouping.Sweep(new SparseCode([0], [float.NaN]), rows)).Message);
        Assert.Contains("feature 0 holds NaN", Assert.Throws<ArgumentException>(() => GroupingInput.Sweep([[float.NaN, 0]], [1])).Message);
        Assert.Contains("KMax must be at least 1, got 0", Assert.Throws<ArgumentException>(() => IteratedGrouping.Sweep(new SparseCode([0], [1f]), rows, new GroupingOptions { KMax = 0 })).Message);
        Assert.Contains("Restarts", Assert.Throws<ArgumentException>(() => new GroupingOptions { Restarts = -2 }.Validate()).Message);
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentException>(() => new GroupingOptions { MaxIterations = 0 }.Validate()).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentException>(() => new GroupingOptions { Tolerance = double.NaN }.Validate()).Message);
        Assert.Contains("MaxDegreeOfParallelism", Assert.Throws<ArgumentException>(() => new GroupingOptions { MaxDegreeOfParallelism = 0 }.Validate()).Message);
        Assert.Contains("row 1 has length 2", Assert.Throws<ArgumentException>(() => new ArrayDecoderRows([[1f, 2, 3], [1f, 2]])).Message);
    }

    [Fact]
    public void AGroupsDirectionIsItsActivationWeightedSumOfDecoderRows()
    {
        var group = new GroupCluster([0, 2], [2f, 0.5f], 2.5, 1);
        float[][] rows = [[1, 2], [100, 100], [4, -2]];

        Assert.Equal([4f, 3f], group.Direction(new ArrayDecoderRows(rows)));
    }

    [Fact]
    public void TheSaesDecoderRowsFeedTheSweepAndTheDirection()
    {
        // TinySae: W_dec rows (1, 0), (0, 1), (0.5, 0.5); fp16 keeps them exact.
        using var sae = TinySae.Create(TinySae.Config() with { DType = SaeWeightDType.Float16 });
        var rows = new SaeDecoderRows(sae);

        var sweep = IteratedGrouping.Sweep(new SparseCode([0, 1, 2], [1f, 3f, 2f]), rows, tau: Tau.Absolute(0));

        Assert.Equal((2, 3), (rows.Dimension, rows.FeatureCount));
        Assert.Equal(3, sweep.ChosenK);
        Assert.Equal([[1], [2], [0]], sweep.Steps[2].Clusters.Select(c => c.Features));
        Assert.Equal([0f, 3f], sweep.Steps[2].Clusters[0].Direction(sae));
        Assert.Equal([1f, 1f], sweep.Steps[2].Clusters[1].Direction(sae));
    }
}
