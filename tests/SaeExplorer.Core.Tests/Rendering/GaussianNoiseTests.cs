using SaeExplorer.Core.Rendering.Kandinsky;

namespace SaeExplorer.Core.Tests.Rendering;

public sealed class GaussianNoiseTests
{
    [Fact]
    public void SplitMix64GivesThePublishedSequenceForSeedZero()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, GaussianNoise.SplitMix64(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, GaussianNoise.SplitMix64(ref state));
        Assert.Equal(0x06C45D188009454FUL, GaussianNoise.SplitMix64(ref state));
    }

    [Fact]
    public void SamplesMatchAnIndependentPythonImplementation()
    {
        // Reference: the same SplitMix64 -> xoshiro256** -> polar method written separately in Python (integer steps exact).
        var noise = new GaussianNoise(42);
        Assert.Equal(0x15780B2E0C2EC716UL, new GaussianNoise(42).NextUInt64());
        double[] expected = [-0.7262191382447857, -0.21119691823195985, 0.2216227015035933, 0.5227716877560146, 0.46417731016247366];
        foreach (double value in expected)
            Assert.Equal(value, noise.Next(), 12);
        var negativeSeed = new GaussianNoise(-7);
        Assert.Equal(-1.2656593922018708, negativeSeed.Next(), 12);
        Assert.Equal(-2.210085756354639, negativeSeed.Next(), 12);
    }

    [Fact]
    public void SameSeedSameSamplesOtherSeedOtherSamples()
    {
        float[] a = new float[1000], b = new float[1000], c = new float[1000];
        new GaussianNoise(7).Fill(a);
        new GaussianNoise(7).Fill(b);
        new GaussianNoise(8).Fill(c);
        Assert.Equal(a, b);
        Assert.True(a.Zip(c).Count(p => p.First != p.Second) > 990);
    }

    [Fact]
    public void FillsContinueOneSequence()
    {
        float[] whole = new float[7], parts = new float[7];
        new GaussianNoise(3).Fill(whole);
        var noise = new GaussianNoise(3);
        noise.Fill(parts.AsSpan(0, 3)); // odd split: the pair's spare carries over
        noise.Fill(parts.AsSpan(3));
        Assert.Equal(whole, parts);
    }

    [Fact]
    public void SamplesAreStandardNormal()
    {
        var values = new float[200_000];
        new GaussianNoise(123).Fill(values);
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        double withinOneSigma = values.Count(v => Math.Abs(v) < 1) / (double)values.Length;
        double beyondThree = values.Count(v => Math.Abs(v) > 3) / (double)values.Length;

        // standard errors at n = 200,000: mean 0.0022, variance 0.0032, 1-sigma share 0.001
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.985, 1.015);
        Assert.InRange(withinOneSigma, 0.6827 - 0.005, 0.6827 + 0.005);
        Assert.InRange(beyondThree, 0.0027 - 0.0006, 0.0027 + 0.0006);
    }
}
