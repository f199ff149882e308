using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Core.Tests.Grouping;

/// <summary>Invariants of every sweep, on random directions (some repeated, some opposite), activations, k_max and tau.</summary>
public class SweepPropertyTests
{
    public static Arbitrary<(int Seed, int Features, int Dimension, int KMax, int TauPercent)> Cases() =>
        (from seed in Gen.Choose(0, 1_000_000)
         from features in Gen.Choose(1, 30)
         from dimension in Gen.Choose(1, 12)
         from kMax in Gen.Choose(1, 25)
         from tau in Gen.Choose(0, 60)
         select (seed, features, dimension, kMax, tau)).ToArbitrary();

    [Property(MaxTest = 120, Arbitrary = [typeof(SweepPropertyTests)])]
    public void MassesPartitionAndTheRuleHoldOnEveryStep((int Seed, int Features, int Dimension, int KMax, int TauPercent) c)
    {
        var random = new Random(c.Seed);
        var rows = new float[c.Features][];
        for (var i = 0; i < c.Features; i++)
            rows[i] = i > 0 && random.Next(4) == 0
                ? rows[random.Next(i)].Select(v => -v * (float)random.NextDouble() - v).ToArray() // a scaled copy or its opposite
                : Enumerable.Range(0, c.Dimension).Select(_ => (float)(random.NextDouble() * 2 - 1) + 1e-3f).ToArray();
        var activations = rows.Select(_ => random.Next(5) == 0 ? 0f : (float)Math.Exp(random.NextDouble() * 4 - 2)).ToArray();
        var active = Enumerable.Range(0, c.Features).Where(i => activations[i] > 0).ToArray();
        var tau = Tau.Share(c.TauPercent / 100.0);

        var sweep = GroupingInput.Sweep(rows, activations, new GroupingOptions { KMax = c.KMax, Restarts = 3 }, tau);

        if (active.Length == 0)
        {
            Assert.Equal((0, 0), (sweep.Steps.Count, sweep.ChosenK));
            Assert.NotNull(sweep.Note);
            return;
        }
        var total = active.Sum(i => (double)activations[i]);
        Assert.Equal(total, sweep.TotalMass, 1e-9 * total);
        Assert.Equal(Math.Min(c.KMax, active.Length), sweep.Steps.Count);
        foreach (var step in sweep.Steps)
        {
            Assert.Equal(step.K, step.Clusters.Count);
            Assert.Equal(active, step.Clusters.SelectMany(g => g.Features).Order());
            Assert.Equal(total, step.Clusters.Sum(g => g.Mass), 1e-9 * total);
            foreach (var g in step.Clusters)
            {
                Assert.Equal(g.Features.Order(), g.Features);
                Assert.Equal(g.Features.Select(f => activations[f]), g.Activations);
                Assert.Equal(g.Mass / total, g.Share, 1e-12);
            }
            Assert.Equal(step.Clusters.Min(g => g.Mass), step.MinMass);
            Assert.Equal(step.Clusters.Select(g => g.Mass).OrderDescending(), step.Clusters.Select(g => g.Mass));
            Assert.InRange(step.Objective, 0, total * (1 + 1e-9));
            Assert.Equal(step.MinMass >= sweep.Threshold, step.Passes);
        }
        var chosen = sweep.Steps[sweep.ChosenK - 1];
        Assert.True(chosen.Passes || (sweep.ChosenK == 1 && sweep.Note is not null));
        Assert.All(sweep.Steps.Skip(sweep.ChosenK), s => Assert.False(s.Passes));
        Assert.Equal(sweep.Steps.Any(s => s.Passes), sweep.Note is null);
    }
}
