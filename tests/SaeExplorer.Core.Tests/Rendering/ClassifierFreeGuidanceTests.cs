using SaeExplorer.Core.Rendering.Kandinsky;

namespace SaeExplorer.Core.Tests.Rendering;

public sealed class ClassifierFreeGuidanceTests
{
    // One latent pixel (plane 1): batch b, channel c holds 10*b + c; channels 4..7 are the variance.
    private static float[] Output(int batch) =>
        Enumerable.Range(0, batch * 8).Select(i => (float)(10 * (i / 8) + i % 8)).ToArray();

    [Fact]
    public void GuidedEpsExtrapolatesFromNegativeToPositiveAndDropsTheVariance()
    {
        var eps = new float[4];
        ClassifierFreeGuidance.Combine(Output(2), 1, 4f, eps);
        // u = c, c' = 10 + c: u + 4 (c' - u) = c + 40
        Assert.Equal([40f, 41f, 42f, 43f], eps);
    }

    [Fact]
    public void UnguidedEpsIsThePositivesNoiseChannels()
    {
        var eps = new float[4];
        ClassifierFreeGuidance.Combine(Output(1), 1, 1f, eps);
        Assert.Equal([0f, 1f, 2f, 3f], eps);
        Assert.False(ClassifierFreeGuidance.IsGuided(1f));
        Assert.True(ClassifierFreeGuidance.IsGuided(1.01f));
    }

    [Fact]
    public void PlanesAreKeptApart()
    {
        // plane of 2 pixels: batch 0 all 1, batch 1 noise channels 3 (variance 100)
        float[] output = [.. Enumerable.Repeat(1f, 16), .. Enumerable.Repeat(3f, 8), .. Enumerable.Repeat(100f, 8)];
        var eps = new float[8];
        ClassifierFreeGuidance.Combine(output, 2, 2.5f, eps);
        Assert.All(eps, v => Assert.Equal(1f + 2.5f * 2f, v));
    }

    [Fact]
    public void WrongBatchIsReported()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassifierFreeGuidance.Combine(Output(1), 1, 4f, new float[4]));
        Assert.Contains("expected 16 (2 x 8 x 1)", e.Message);
        Assert.Throws<ArgumentException>(() => ClassifierFreeGuidance.Combine(Output(1), 1, 1f, new float[3]));
    }
}
