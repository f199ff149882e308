using SaeExplorer.Core.Labeling;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>The cosine candidates: by hand, against a loop reference across block edges, and in fp16.</summary>
public class DirectionCandidatesTests
{
    private static LabelVocabulary Vocabulary(float[] vectors, int dimension) => new(
        Enumerable.Range(0, vectors.Length / dimension).Select(t => new LabelTerm($"t{t}", TermKind.Word)).ToArray(), vectors, dimension);

    [Fact]
    public void CosinesByHand()
    {
        using var decoder = tensor(new float[] { 1, 0, 0, 2, 3, 3, 0, 0 }, [4, 2]);
        var vocabulary = Vocabulary([2, 0, 0, -1, 1, 1], 2);

        var c = DirectionCandidates.Top(decoder, [0, 1, 2, 3], vocabulary, perFeature: 2);

        Assert.Equal([0, 1, 2, 3], c.Features);
        // (1,0): cos 1 with t0, 1/sqrt2 with t2; (0,2): 1/sqrt2 with t2, 0 with t0; (3,3): 1 with t2, 1/sqrt2 with t0
        Assert.Equal([0, 2], c.TermsOf(0).ToArray());
        Assert.Equal([2, 0], c.TermsOf(1).ToArray());
        Assert.Equal([2, 0], c.TermsOf(2).ToArray());
        float s = 1 / MathF.Sqrt(2);
        Assert.Equal([1, s, s, 0, 1, s], c.Cosines.Take(6).Select(x => MathF.Round(x, 6)).ToArray(), new RoundedComparer());
        Assert.Equal([0, 0], c.CosinesOf(3).ToArray()); // a zero decoder row matches nothing
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    public void AgreesWithALoopReferenceAcrossBlocks(ScalarType dtype)
    {
        var random = new Random(5);
        const int features = 23, terms = 31, d = 9, keep = 4;
        var w = Enumerable.Range(0, features * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var vocabulary = Vocabulary(Enumerable.Range(0, terms * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), d);
        using var decoder = tensor(w, [features, d]).to(dtype);
        w = decoder.to(ScalarType.Float32).data<float>().ToArray(); // the reference sees the stored (rounded) weights
        int[] selected = [22, 0, 5, 6, 7, 13, 1, 19, 2, 11];

        var c = DirectionCandidates.Top(decoder, selected, vocabulary, keep, blockRows: 3);

        for (var i = 0; i < selected.Length; i++)
        {
            var row = w.AsSpan(selected[i] * d, d).ToArray();
            var reference = Enumerable.Range(0, terms).Select(t => (Term: t, Cos: Cosine(row, vocabulary.Vector(t).ToArray())))
                .OrderByDescending(x => x.Cos).Take(keep).ToArray();
            Assert.Equal(reference.Select(x => x.Term), c.TermsOf(i).ToArray());
            for (var k = 0; k < keep; k++) Assert.Equal(reference[k].Cos, c.CosinesOf(i)[k], 1e-5);
        }
    }

    [Fact]
    public void KeepsNoMoreTermsThanTheVocabularyHas()
    {
        using var decoder = tensor(new float[] { 1, 0 }, [1, 2]);
        var c = DirectionCandidates.Top(decoder, [0], Vocabulary([1, 0, 0, 1], 2), perFeature: 5);
        Assert.Equal(2, c.PerFeature);
        Assert.Equal([0, 1], c.Terms);
    }

    [Fact]
    public void ADimensionMismatchIsAClearError()
    {
        using var decoder = tensor(new float[6], [2, 3]);
        var e = Assert.Throws<ArgumentException>(() => DirectionCandidates.Top(decoder, [0], Vocabulary([1, 0], 2), 1));
        Assert.Equal("the vocabulary's vectors have 2 dimensions but the SAE's decoder has 3: they are not in the same embedding space", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DirectionCandidates.Top(decoder, [2], Vocabulary([1, 0, 0], 3), 1));
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var j = 0; j < a.Length; j++) { dot += a[j] * b[j]; na += a[j] * a[j]; nb += b[j] * b[j]; }
        return dot / Math.Sqrt(na * nb);
    }

    private sealed class RoundedComparer : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) < 1e-6;
        public int GetHashCode(float obj) => 0;
    }
}
