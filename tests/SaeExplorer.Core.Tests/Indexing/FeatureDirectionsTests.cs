using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Encoders.Text;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Tests.Encoders.Text;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Indexing;

/// <summary>Features nearest a direction by decoder cosine: hand-worked cases, blocks, dtypes, and a brute-force reference.</summary>
public sealed class FeatureDirectionsTests
{
    private static readonly float[] E0 = TextTowerFixture.E(0), E1 = TextTowerFixture.E(1), E2 = TextTowerFixture.E(2);

    /// <summary>f0 fish (norm 2), f1 dog (and a little cat), f2 cat, f3 the opposite of dog, f4 red fish, f5 zero.</summary>
    private static Tensor Decoder(ScalarType dtype = ScalarType.Float32)
    {
        float[][] rows = [[0, 0, 2, 0], [1, 0.1f, 0, 0], E1, [-1, 0, 0, 0], [0, 0, 1, 1], new float[4]];
        return tensor(rows.SelectMany(r => r).ToArray(), [6, 4]).to(dtype);
    }

    [Fact]
    public void TheNearestFeaturesByCosineNearestFirst()
    {
        using var decoder = Decoder();
        var directions = FeatureDirections.Of(decoder);

        var dog = directions.Nearest(E0, 3);
        Assert.Equal([1, 0, 2], dog.Select(m => m.Feature)); // then the zero cosines, lower feature first
        Assert.Equal(1 / MathF.Sqrt(1.01f), dog[0].Cosine, 5);
        Assert.Equal([0f, 0f], dog.Skip(1).Select(m => m.Cosine));
        var redFish = directions.Nearest([0, 0, 3, 3], 2); // the query's length does not matter
        Assert.Equal([4, 0], redFish.Select(m => m.Feature));
        Assert.Equal([1f, 1 / MathF.Sqrt(2)], redFish.Select(m => m.Cosine), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(-1f, directions.Nearest(E0, 6)[^1].Cosine, 5); // f3, last
        Assert.Empty(directions.Nearest(new float[4], 3));
        Assert.Contains("has 3 dimensions but the SAE's decoder has 4", Assert.Throws<ArgumentException>(() => directions.Nearest([1, 2, 3], 3)).Message);
    }

    [Fact]
    public void BlocksAndHalfPrecisionGiveTheSameFeatures()
    {
        using var decoder = Decoder();
        using var half = Decoder(ScalarType.Float16);
        var whole = FeatureDirections.Of(decoder).Nearest(E2, 6);
        Assert.Equal(whole, FeatureDirections.Of(decoder, blockRows: 4).Nearest(E2, 6));
        Assert.Equal(whole.Select(m => m.Feature), FeatureDirections.Of(half, blockRows: 5).Nearest(E2, 6).Select(m => m.Feature));
    }

    [Fact]
    public void ATextQueryFindsTheFeatureBuiltToMatchIt()
    {
        using var decoder = Decoder();
        using var text = ClipTextEncoder.Open(TextTowerFixture.Options());
        var directions = FeatureDirections.Of(decoder);

        Assert.Equal(1, directions.Nearest(text.Encode("dog"), 1)[0].Feature);
        Assert.Equal(2, directions.Nearest(text.Encode("a photo of a cat"), 1)[0].Feature);
        Assert.Equal(4, directions.Nearest(text.Encode("Red fish"), 1)[0].Feature);
    }

    [Property(MaxTest = 50)]
    public Property AgreesWithBruteForceCosines() => Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), seed =>
    {
        var random = new Random(seed);
        int features = random.Next(1, 40), dimension = random.Next(1, 12), k = random.Next(1, 10);
        var rows = Enumerable.Range(0, features * dimension).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
        var query = Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
        using var decoder = tensor(rows, [features, dimension]);
        var found = FeatureDirections.Of(decoder, blockRows: random.Next(1, 16)).Nearest(query, k);
        var expected = Enumerable.Range(0, features)
            .Select(f => (Feature: f, Cosine: Cosine(rows.AsSpan(f * dimension, dimension), query)))
            .OrderByDescending(x => x.Cosine).ThenBy(x => x.Feature).Take(k).ToArray();
        return found.Count == expected.Length
               && found.Zip(expected).All(p => Math.Abs(p.First.Cosine - p.Second.Cosine) < 1e-4)
               && found.Select(m => m.Cosine).Zip(found.Select(m => m.Cosine).Skip(1)).All(p => p.First >= p.Second);
    });

    private static double Cosine(ReadOnlySpan<float> a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < b.Length; i++) (dot, na, nb) = (dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]);
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
