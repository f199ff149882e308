using SaeExplorer.Core.Rendering.Icons;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using SaeExplorer.Core.Tests.Steering;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Rendering.Icons;

public sealed class IconBasesTests
{
    /// <summary>d_in 2, d_sae 2, ReLU: f = relu(x) (identity encoder, no biases), W_dec rows [2, 0] and [1, 1].</summary>
    private static SparseAutoencoder Tiny()
    {
        using var we = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var be = zeros(2);
        using var wd = tensor(new float[] { 2, 0, 1, 1 }, [2, 2]);
        using var bd = zeros(2);
        return new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, 2, 2), we, be, wd, bd);
    }

    [Fact]
    public void SteeredBaseIsTheBasePlusTheValueLessItsOwnCodeAlongTheDecoderRow()
    {
        using var sae = Tiny();
        float[] mean = [0.5f, 0.25f]; // its code: f = [0.5, 0.25]
        var steered = new float[3 * 2];
        IconBases.Steer(sae, mean, [new FeatureValue(0, 3f), new FeatureValue(1, 2f), new FeatureValue(0, 0.5f)], steered);
        // f0 = 3: mean + (3 - 0.5) [2, 0] = [5.5, 0.25]; f1 = 2: mean + (2 - 0.25) [1, 1] = [2.25, 2];
        // f0 = 0.5, its own value: the mean unchanged.
        Assert.Equal([5.5f, 0.25f, 2.25f, 2f, 0.5f, 0.25f], steered);
    }

    [Theory]
    [InlineData(SaeNormalization.None)]
    [InlineData(SaeNormalization.ExpectedAverageOnlyIn)]
    [InlineData(SaeNormalization.ConstantNormRescale)]
    public void MatchesSteeringWithASetEditAndTheReferenceFormula(SaeNormalization normalization)
    {
        using var reference = ReferenceSae.Create(normalization);
        float[] mean = reference.Input(3);
        float[] code = reference.Sae.Encode(mean);
        double s = reference.Scale(mean);
        var targets = Enumerable.Range(0, reference.Sae.DSae).Select(f => new FeatureValue(f, 0.7f + f * 0.3f)).ToList();
        var steered = new float[targets.Count * reference.DIn];
        IconBases.Steer(reference.Sae, mean, targets, steered);
        for (int t = 0; t < targets.Count; t++)
        {
            (int feature, float value) = targets[t];
            float[] row = steered[(t * reference.DIn)..((t + 1) * reference.DIn)];
            float[] viaSteerer = Steerer.Apply(reference.Sae, mean, new EditList([new SetFeatures(feature, value)])).Embedding;
            float[] direction = reference.DecoderRow(feature);
            for (int j = 0; j < reference.DIn; j++)
            {
                Assert.Equal(viaSteerer[j], row[j], 1e-5f);
                Assert.Equal(mean[j] + (value - code[feature]) * direction[j] / s, row[j], 1e-5);
            }
        }
    }

    [Fact]
    public void RefusesANegativeValueOrAFeatureOutsideTheSae()
    {
        using var sae = Tiny();
        var destination = new float[2];
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => IconBases.Steer(sae, [1, 1], [new FeatureValue(1, -2f)], destination));
        Assert.Contains("feature 1's icon value -2", negative.Message);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => IconBases.Steer(sae, [1, 1], [new FeatureValue(2, 1f)], destination));
        Assert.Contains("feature 2 is outside 0..1", outside.Message);
    }
}
