using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Rendering.Kandinsky;
using Ref = SaeExplorer.Core.Tests.Rendering.KandinskyReference;

namespace SaeExplorer.Core.Tests.Rendering;

public sealed class SchedulerTests
{
    [Fact]
    public void AlphaBarMatchesTheLinearBetaProduct()
    {
        // numpy: cumprod(1 - linspace(0.00085, 0.012, 1000)) in float64
        Assert.Equal(0.99915, NoiseSchedule.AlphaBar(0), 15);
        Assert.Equal(0.9982895708258258, NoiseSchedule.AlphaBar(1), 14);
        Assert.Equal(0.0024783322921043934, NoiseSchedule.AlphaBar(961), 15);
        Assert.Equal(0.0015789629305514416, NoiseSchedule.AlphaBar(999), 15);
        Assert.Equal(Ref.AlphaBar(981), NoiseSchedule.AlphaBar(981), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseSchedule.AlphaBar(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseSchedule.AlphaBar(-1));
    }

    [Theory]
    [InlineData(25, 40, 961)]
    [InlineData(50, 20, 981)]
    [InlineData(100, 10, 991)]
    public void LeadingSpacingWithStepsOffsetOne(int steps, int ratio, int first)
    {
        foreach (SchedulerKind kind in Enum.GetValues<SchedulerKind>())
        {
            DiffusionScheduler scheduler = DiffusionScheduler.Create(kind);
            scheduler.SetTimesteps(steps);

            Assert.Equal(ratio, scheduler.StepRatio);
            Assert.Equal(steps, scheduler.Timesteps.Count);
            Assert.Equal(first, scheduler.Timesteps[0]);
            Assert.Equal(first - ratio, scheduler.Timesteps[1]);
            Assert.Equal(1, scheduler.Timesteps[^1]);
            Assert.Equal(Ref.Timesteps(steps), scheduler.Timesteps);
        }
    }

    [Fact]
    public void StepsThatDoNotDivideAThousandUseTheFlooredRatio()
    {
        var scheduler = new DdpmScheduler();
        scheduler.SetTimesteps(30);
        Assert.Equal(33, scheduler.StepRatio);
        Assert.Equal(29 * 33 + 1, scheduler.Timesteps[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(1001));
    }

    [Fact]
    public void DdpmStepWithoutNoiseIsThePosteriorMeanAtTheFirstTimestep()
    {
        var scheduler = new DdpmScheduler();
        scheduler.SetTimesteps(25);
        const int t = 961; // prev = 921
        double abar = Ref.AlphaBar(t), abarPrev = Ref.AlphaBar(921);
        float[] x = [0.5f, -1.25f, 2f], eps = [0.2f, 0.9f, -0.4f];

        float[] stepped = (float[])x.Clone();
        scheduler.Step(eps, t, stepped, new float[3]);

        for (int i = 0; i < x.Length; i++)
        {
            double x0 = (x[i] - Math.Sqrt(1 - abar) * eps[i]) / Math.Sqrt(abar);
            double beta = 1 - abar / abarPrev;
            double mean = Math.Sqrt(abarPrev) * beta / (1 - abar) * x0 + Math.Sqrt(1 - beta) * (1 - abarPrev) / (1 - abar) * x[i];
            Assert.Equal(mean, stepped[i], 5);
        }
    }

    [Fact]
    public void DdpmNoiseIsScaledByTheSquareRootOfTheFixedSmallVariance()
    {
        var scheduler = new DdpmScheduler();
        scheduler.SetTimesteps(25);
        const int t = 41; // prev = 1
        double abar = Ref.AlphaBar(t), abarPrev = Ref.AlphaBar(1);
        double variance = (1 - abarPrev) / (1 - abar) * (1 - abar / abarPrev);

        Assert.Equal(variance, scheduler.Variance(t), 15);
        float[] quiet = [0.3f], loud = [0.3f];
        scheduler.Step([0.1f], t, quiet, [0f]);
        scheduler.Step([0.1f], t, loud, [2f]);
        Assert.Equal(2 * Math.Sqrt(variance), loud[0] - quiet[0], 5);
        Assert.Equal(Ref.DdpmStep(0.3, 0.1, t, 25, 2), loud[0], 5);
    }

    [Fact]
    public void DdpmLastStepReturnsThePredictedOriginal()
    {
        // At t = 1 the target is below zero: abar_prev = 1, so the mean is x0 and the variance floors at 1e-20.
        var scheduler = new DdpmScheduler();
        scheduler.SetTimesteps(25);
        double abar = 0.9982895708258258;
        float[] x = [0.5f];

        scheduler.Step([0.2f], 1, x, [1f]);

        Assert.Equal(1e-20, scheduler.Variance(1));
        Assert.Equal((0.5 - Math.Sqrt(1 - abar) * 0.2) / Math.Sqrt(abar) + 1e-10, x[0], 6);
        Assert.True(scheduler.NeedsNoise(1));
        Assert.False(scheduler.NeedsNoise(0));
    }

    [Fact]
    public void ClipSampleClampsThePredictedOriginal()
    {
        var clipped = new DdpmScheduler(clipSample: true);
        var free = new DdpmScheduler();
        clipped.SetTimesteps(50);
        free.SetTimesteps(50);
        const int t = 981; // x0 = (1 - sqrt(1 - abar) * -1) / sqrt(abar) ~ 45: far outside [-1, 1]
        float[] a = [1f], b = [1f];

        clipped.Step([-1f], t, a, [0f]);
        free.Step([-1f], t, b, [0f]);

        Assert.Equal(Ref.DdpmStep(1, -1, t, 50, 0, clip: true), a[0], 5);
        Assert.Equal(Ref.DdpmStep(1, -1, t, 50, 0), b[0], 5);
        Assert.NotEqual(a[0], b[0], 3);
    }

    [Fact]
    public void DdimStepMovesAlongThePredictedNoiseDirection()
    {
        var scheduler = new DdimScheduler();
        scheduler.SetTimesteps(50);
        const int t = 21; // prev = 1
        double abar = Ref.AlphaBar(21), abarPrev = 0.9982895708258258;
        float[] x = [0.75f, -0.1f], eps = [-0.3f, 0.05f];

        scheduler.Step(eps, t, x, default);

        for (int i = 0; i < 2; i++)
        {
            double x0 = (new[] { 0.75, -0.1 }[i] - Math.Sqrt(1 - abar) * eps[i]) / Math.Sqrt(abar);
            Assert.Equal(Math.Sqrt(abarPrev) * x0 + Math.Sqrt(1 - abarPrev) * eps[i], x[i], 6);
        }
        Assert.False(scheduler.NeedsNoise(t));
    }

    [Fact]
    public void DdimLastStepLandsOnThePredictedOriginal()
    {
        var scheduler = new DdimScheduler();
        scheduler.SetTimesteps(100);
        float[] x = [0.4f];
        scheduler.Step([0.25f], 1, x, default);
        Assert.Equal(Ref.PredictedX0(0.4, 0.25, Ref.AlphaBar(1)), x[0], 6);
    }

    [Fact]
    public void DdimWithEtaOneAddsTheDdpmSizedNoise()
    {
        var ddim = new DdimScheduler(eta: 1);
        ddim.SetTimesteps(25);
        const int t = 961;
        double abar = Ref.AlphaBar(t), abarPrev = Ref.AlphaBar(921);
        double variance = (1 - abarPrev) / (1 - abar) * (1 - abar / abarPrev);
        float[] quiet = [0.2f], loud = [0.2f];

        ddim.Step([0.1f], t, quiet, [0f]);
        ddim.Step([0.1f], t, loud, [1f]);

        Assert.True(ddim.NeedsNoise(t));
        Assert.Equal(Math.Sqrt(variance), loud[0] - quiet[0], 5);
        double direction = Math.Sqrt(1 - abarPrev - variance);
        Assert.Equal(Math.Sqrt(abarPrev) * Ref.PredictedX0(0.2, 0.1, abar) + direction * 0.1, quiet[0], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DdimScheduler(eta: -0.5));
    }

    [Property(MaxTest = 60)]
    public Property DdimInversionUndoesAStepGivenTheSameNoise() => Prop.ForAll(
        Gen.Elements(10, 25, 50, 100).Zip(Gen.Choose(0, 99)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        sample =>
        {
            ((int steps, int index), int seed) = sample;
            var scheduler = new DdimScheduler();
            scheduler.SetTimesteps(steps);
            int t = scheduler.Timesteps[index % steps];
            var random = new Random(seed);
            float[] x = Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            float[] eps = Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

            float[] roundTrip = (float[])x.Clone();
            scheduler.Step(eps, t, roundTrip, default);
            scheduler.Invert(eps, t, roundTrip);

            // Each direction divides by sqrt(abar) >= 0.04: float storage errors grow by up to ~25x.
            for (int i = 0; i < x.Length; i++)
                Assert.True(Math.Abs(roundTrip[i] - x[i]) <= 2e-5 * (1 + Math.Abs(x[i])), $"t={t}: {roundTrip[i]} vs {x[i]}");
        });

    [Fact]
    public void DdimInversionMatchesTheFormula()
    {
        var scheduler = new DdimScheduler();
        scheduler.SetTimesteps(25);
        float[] fromClean = [0.6f], upper = [0.6f];

        scheduler.Invert([0.3f], 1, fromClean);   // from the clean latents (abar 1) to t = 1
        scheduler.Invert([0.3f], 961, upper);     // from 921 to 961

        Assert.Equal(Math.Sqrt(Ref.AlphaBar(1)) * 0.6 + Math.Sqrt(1 - Ref.AlphaBar(1)) * 0.3, fromClean[0], 6);
        Assert.Equal(Ref.DdimInvert(0.6, 0.3, 961, 25), upper[0], 5);
    }

    [Fact]
    public void AddNoiseIsTheForwardProcess()
    {
        float[] x0 = [1f, -0.5f], noise = [0.25f, 2f], xt = new float[2];
        DiffusionScheduler.AddNoise(x0, noise, 41, xt);
        double abar = Ref.AlphaBar(41);
        Assert.Equal(Math.Sqrt(abar) * 1 + Math.Sqrt(1 - abar) * 0.25, xt[0], 6);
        Assert.Equal(Math.Sqrt(abar) * -0.5 + Math.Sqrt(1 - abar) * 2, xt[1], 6);
        Assert.Throws<ArgumentException>(() => DiffusionScheduler.AddNoise(x0, [1f], 41, xt));
    }

    [Fact]
    public void MisuseIsReported()
    {
        var scheduler = new DdpmScheduler();
        var e = Assert.Throws<InvalidOperationException>(() => scheduler.Step([0f], 1, new float[1], [0f]));
        Assert.Contains("SetTimesteps", e.Message);
        scheduler.SetTimesteps(10);
        var wrong = Assert.Throws<ArgumentException>(() => scheduler.Step([0f, 0f], 1, new float[1], [0f]));
        Assert.Contains("'eps' has 2 values; the latents have 1", wrong.Message);
        Assert.Throws<ArgumentException>(() => scheduler.Step([0f], 1, new float[1], default)); // DDPM needs noise at t > 0
    }
}
