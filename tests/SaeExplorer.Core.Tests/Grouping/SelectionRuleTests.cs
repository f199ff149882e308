using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>The choice of k on hand-made cases: the largest k whose every group reaches tau.</summary>
public class SelectionRuleTests
{
    private static GroupingStep Step(int k, params double[] masses) =>
        new(k, masses.Select((m, i) => new GroupCluster([k * 10 + i], [(float)m], m, m / 10)).ToArray(), masses.Min(), false, 0);

    private static readonly GroupingStep[] Hand = [Step(1, 10), Step(2, 6, 4), Step(3, 5, 3, 2), Step(4, 4, 3, 2, 1), Step(5, 3, 3, 2, 1, 1)];

    [Theory]
    [InlineData(4.0, 2)]          // equal to k = 2's smallest mass: passes
    [InlineData(3.9999999, 2)]
    [InlineData(4.0000001, 1)]
    [InlineData(1.0, 5)]          // ties: k = 4 and 5 both have min mass 1; the larger wins
    [InlineData(0.0, 5)]
    [InlineData(2.0, 3)]
    [InlineData(1.5, 3)]
    public void TheLargestKWhoseSmallestGroupReachesAnAbsoluteTau(double tau, int chosen)
    {
        var sweep = TauSelection.Apply(10, Hand, Tau.Absolute(tau), []);

        Assert.Equal(chosen, sweep.ChosenK);
        Assert.Null(sweep.Note);
        Assert.Equal(tau, sweep.Threshold);
        Assert.Equal(Hand.Select(s => s.MinMass >= tau), sweep.Steps.Select(s => s.Passes));
    }

    [Fact]
    public void AShareIsAFractionOfTheTotalMassAndEqualityPasses()
    {
        var sweep = TauSelection.Apply(10, Hand, Tau.Share(0.2), []);

        Assert.Equal(2.0, sweep.Threshold);
        Assert.Equal(3, sweep.ChosenK);
        Assert.Equal([true, true, true, false, false], sweep.Steps.Select(s => s.Passes));
    }

    [Fact]
    public void APassingKAboveAFailingOneIsChosen()
    {
        GroupingStep[] steps = [Step(1, 10), Step(2, 9, 1), Step(3, 4, 3, 3)];

        Assert.Equal(3, TauSelection.Apply(10, steps, Tau.Absolute(3), []).ChosenK);
    }

    [Fact]
    public void WhenNoKPassesKIsOneWithANote()
    {
        var sweep = TauSelection.Apply(10, Hand, Tau.Absolute(10.5), []);

        Assert.Equal(1, sweep.ChosenK);
        Assert.All(sweep.Steps, s => Assert.False(s.Passes));
        Assert.NotNull(sweep.Note);
        Assert.Contains("no k reaches tau 10.5", sweep.Note);
        Assert.Same(sweep.Steps[0], sweep.Chosen);
    }

    [Fact]
    public void EqualMassGroupsAreOrderedBySmallestFeatureIdAndAMassEqualToTauPasses()
    {
        // Features 1 and 5 along x, 0 and 3 along y, all with activation 1: two groups of mass exactly 2.
        var rows = new float[6][];
        rows[1] = GroupingInput.Axis(0, 2); rows[5] = GroupingInput.Axis(0, 2, 3);
        rows[0] = GroupingInput.Axis(1, 2, 2); rows[3] = GroupingInput.Axis(1, 2);
        rows[2] = rows[4] = GroupingInput.Axis(0, 2);
        var sweep = GroupingInput.Sweep(rows, [1, 1, 0, 1, 0, 1], new GroupingOptions { KMax = 2 }, Tau.Absolute(2));

        var two = sweep.Steps[1];
        Assert.Equal([[0, 3], [1, 5]], two.Clusters.Select(c => c.Features));
        Assert.Equal([2.0, 2.0], two.Clusters.Select(c => c.Mass));
        Assert.Equal([0.5, 0.5], two.Clusters.Select(c => c.Share));
        Assert.Equal(2, two.MinMass);
        Assert.Equal(2, sweep.ChosenK);
        Assert.Equal(2, sweep.WithTau(Tau.Share(0.5)).ChosenK);
        Assert.Equal(1, sweep.WithTau(Tau.Absolute(2.0000001)).ChosenK);
        Assert.Equal(1, two.ClusterOf(5));
        Assert.Equal(-1, two.ClusterOf(2));
    }

    [Fact]
    public void ASingleActiveFeatureIsOneGroupWhateverKMax()
    {
        var rows = Enumerable.Range(0, 4).Select(i => GroupingInput.Axis(i, 4)).ToArray();

        var sweep = GroupingInput.Sweep(rows, [0, 0, 2.5f, 0], new GroupingOptions { KMax = 20 }, Tau.Absolute(5));

        var step = Assert.Single(sweep.Steps);
        Assert.Equal(1, step.K);
        var group = Assert.Single(step.Clusters);
        Assert.Equal([2], group.Features);
        Assert.Equal([2.5f], group.Activations);
        Assert.Equal((2.5, 1.0), (group.Mass, group.Share));
        Assert.Equal(2.5, step.Objective, 1e-9); // ||2.5 u||
        Assert.Equal(1, sweep.ChosenK);
        Assert.NotNull(sweep.Note); // 2.5 < 5
    }

    [Fact]
    public void KMaxAboveTheNumberOfFeaturesStopsAtOneGroupPerFeature()
    {
        // Three orthogonal features: k = 3 is one feature per group, masses the activations.
        var rows = Enumerable.Range(0, 3).Select(i => GroupingInput.Axis(i, 3)).ToArray();

        var sweep = GroupingInput.Sweep(rows, [1, 4, 2], new GroupingOptions { KMax = 10 }, Tau.Absolute(1));

        Assert.Equal([1, 2, 3], sweep.Steps.Select(s => s.K));
        Assert.Equal([[1], [2], [0]], sweep.Steps[2].Clusters.Select(c => c.Features));
        Assert.Equal([4.0, 2.0, 1.0], sweep.Steps[2].Clusters.Select(c => c.Mass));
        Assert.Equal(3, sweep.ChosenK); // the smallest group's mass 1 equals tau
        Assert.Equal(7, sweep.Steps[2].Objective, 1e-9);
    }
}
