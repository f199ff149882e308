using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;
using SaeExplorer.Core.Tests.Sae;

namespace SaeExplorer.Core.Tests.Steering;

public class SteererTests
{
    public static TheoryData<SaeNormalization> Normalizations => new()
    {
        SaeNormalization.None, SaeNormalization.ExpectedAverageOnlyIn, SaeNormalization.ConstantNormRescale,
    };

    private static void AssertClose(double[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
            Assert.Equal(expected[j], actual[j], tolerance);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    [Theory, MemberData(nameof(Normalizations))]
    public void NoChangeGivesBackTheEmbeddingBitForBit(SaeNormalization normalization)
    {
        using var reference = ReferenceSae.Create(normalization);
        float[] x = reference.Input(1);
        x[2] = -0f; // adding a zero delta would turn it into +0
        SparseCode code = reference.Sae.EncodeSparse(x);
        int active = code.Indices[0];
        foreach (EditList edits in new[]
                 {
                     EditList.Empty,
                     new EditList([new ScaleFeatures([.. code.Indices], 1f), new SetFeatures(active, code.Values[0])]),
                     new EditList([new SetFeatures(active, 7.5f), new SetFeatures(active, code.Values[0])]), // set, then set back
                 })
        {
            SteeringResult result = Steerer.Apply(reference.Sae, x, code, edits);
            Assert.Equal(Bits(x), Bits(result.Embedding));
            Assert.Equal(code.Indices, result.Edited.Indices);
            Assert.Equal(code.Values, result.Edited.Values);
        }
    }

    // TinySae: f = [1.5, 2, 0.5]; setting feature 1 to 0 adds W_dec^T (f' - f) = -2 * [0, 1] to x = [2, 1].
    [Fact]
    public void SettingAFeatureToZeroSubtractsItsDecoderRow()
    {
        using SparseAutoencoder sae = TinySae.Create(TinySae.Config());
        float[] x = [2, 1];
        SparseCode code = sae.EncodeSparse(x);
        SteeringResult result = Steerer.Apply(sae, x, new EditList([new SetFeatures(1, 0)]));
        Assert.Equal([0f, -2f], Steerer.Delta(sae, code, result.Edited, x)!);
        Assert.Equal([2f, -1f], result.Embedding);
        Assert.Equal([0, 2], result.Edited.Indices);
        Assert.Equal([1.5f, 0.5f], result.Edited.Values);
    }

    // With expected_average_only_in (s = 0.5) f = [0.5, 1, 1]: the SAE-space delta -1 * [0, 1] is divided by s.
    [Fact]
    public void TheDeltaIsMappedBackThroughTheInputScale()
    {
        using SparseAutoencoder sae = TinySae.Create(TinySae.Config() with
        {
            Normalization = SaeNormalization.ExpectedAverageOnlyIn,
            NormScalingFactor = 0.5f,
        });
        SteeringResult result = Steerer.Apply(sae, [2, 1], new EditList([new RemoveFeatures(1)]));
        Assert.Equal([2f, -1f], result.Embedding);
    }

    [Theory, MemberData(nameof(Normalizations))]
    public void RemovingEveryActiveFeatureLeavesTheDecoderBiasPlusTheError(SaeNormalization normalization)
    {
        using var reference = ReferenceSae.Create(normalization);
        float[] x = reference.Input(2);
        SparseCode code = reference.Sae.EncodeSparse(x);
        Assert.True(code.Count >= 4, $"the test SAE should have several active features, has {code.Count}");

        SteeringResult result = Steerer.Apply(reference.Sae, x, code, new EditList([new RemoveFeatures([.. code.Indices])]));

        double[] decoded = reference.Decode(ReferenceSae.ToDictionary(code), x);
        double[] decodedZero = reference.Decode(new Dictionary<int, double>(), x);
        AssertClose([.. x.Select((v, j) => v - decoded[j] + decodedZero[j])], result.Embedding);
        Assert.Equal(0, result.Edited.Count);
    }

    [Theory, MemberData(nameof(Normalizations))]
    public void ScalingAGroupByZeroEqualsRemovingIt(SaeNormalization normalization)
    {
        using var reference = ReferenceSae.Create(normalization);
        float[] x = reference.Input(3);
        SparseCode code = reference.Sae.EncodeSparse(x);
        int[] group = [code.Indices[0], code.Indices[2], (code.Indices.Max() + 1) % reference.Sae.DSae];
        foreach (bool keepError in new[] { true, false })
        {
            SteeringResult scaled = Steerer.Apply(reference.Sae, x, code, new EditList([new ScaleFeatures(group, 0f)]), keepError);
            SteeringResult removed = Steerer.Apply(reference.Sae, x, code, new EditList([new RemoveFeatures(group)]), keepError);
            Assert.Equal(Bits(removed.Embedding), Bits(scaled.Embedding));
            Assert.Equal(removed.Edited.Indices, scaled.Edited.Indices);
            Assert.Equal(removed.Edited.Values, scaled.Edited.Values);
        }
    }

    /// <summary>Every op at once, against the same algebra written out in float64.</summary>
    [Theory, MemberData(nameof(Normalizations))]
    public void EditsMatchAFloat64Reference(SaeNormalization normalization)
    {
        using var reference = ReferenceSae.Create(normalization);
        float[] x = reference.Input(4);
        SparseCode code = reference.Sae.EncodeSparse(x);
        int[] on = code.Indices;
        int off = Enumerable.Range(0, reference.Sae.DSae).First(i => !on.Contains(i));
        var edits = new EditList(
        [
            new SetFeatures(on[0], 3.5f),
            new ScaleFeatures([on[1], on[2]], 0.5f),
            new RemoveFeatures(on[3]),
            new AddFeatures([new FeatureValue(off, 1.25f), new FeatureValue(on[1], 0.75f)], "another image's group"),
        ]);
        Dictionary<int, double> f = ReferenceSae.ToDictionary(code);
        var edited = new Dictionary<int, double>(f) { [on[0]] = 3.5, [off] = 1.25 };
        edited[on[1]] = f[on[1]] * 0.5 + 0.75;
        edited[on[2]] = f[on[2]] * 0.5;
        edited.Remove(on[3]);

        double[] decodedF = reference.Decode(f, x), decodedEdited = reference.Decode(edited, x);
        SteeringResult kept = Steerer.Apply(reference.Sae, x, code, edits);
        AssertClose([.. x.Select((v, j) => v + decodedEdited[j] - decodedF[j])], kept.Embedding);
        Assert.Equal(edited.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => p.Key), kept.Edited.Indices);
        foreach ((int feature, float value) in kept.Edited.Indices.Zip(kept.Edited.Values))
            Assert.Equal(edited[feature], value, 6);

        SteeringResult pure = Steerer.Apply(reference.Sae, x, code, edits, keepError: false);
        AssertClose(decodedEdited, pure.Embedding);
        Assert.Equal(Bits(reference.Sae.Decode(pure.Edited, x)), Bits(pure.Embedding));

        SparseCode reencoded = reference.Sae.EncodeSparse(kept.Embedding);
        Assert.Equal(reencoded.Indices, kept.Reencoded.Indices);
        Assert.Equal(reencoded.Values, kept.Reencoded.Values);
    }

    [Fact]
    public void TheCodeIsEncodedWhenNotGiven()
    {
        using var reference = ReferenceSae.Create(SaeNormalization.None);
        float[] x = reference.Input(5);
        var edits = new EditList([new ScaleFeatures([1, 2, 3], 2f)]);
        Assert.Equal(Steerer.Apply(reference.Sae, x, reference.Sae.EncodeSparse(x), edits).Embedding, Steerer.Apply(reference.Sae, x, edits).Embedding);
        Assert.Contains("the embedding has 3 values, the SAE takes 6",
            Assert.Throws<ArgumentException>(() => Steerer.Apply(reference.Sae, [1, 2, 3], edits)).Message);
    }
}
