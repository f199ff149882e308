using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Decoder-direction naming's first step (as Discover-then-Name): the cosine of each feature's decoder row W_dec[i]
/// with every term vector, as one matrix product of unit rows per block of features (libtorch's BLAS), keeping the
/// best few terms per feature with topk. A block of 2,048 features x 10,000 terms is an 80 MB score matrix, so 81,920
/// features never need the whole 3 GB product at once. A zero decoder row or term vector has cosine 0 with everything.
/// </summary>
public static class DirectionCandidates
{
    /// <param name="decoder">W_dec, [d_sae, d_in] in any float dtype (the SAE's <c>DecoderWeights</c>); not disposed here.</param>
    /// <param name="features">The features to name (e.g. the alive ones).</param>
    /// <param name="perFeature">Terms kept per feature (capped by the vocabulary size).</param>
    public static TermCandidates Top(Tensor decoder, IReadOnlyList<int> features, LabelVocabulary vocabulary, int perFeature, int blockRows = 2048)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(perFeature, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        if (decoder.dim() != 2) throw new ArgumentException($"the decoder must be [d_sae, d_in], got [{string.Join(", ", decoder.shape)}]", nameof(decoder));
        vocabulary.CheckDimension((int)decoder.shape[1], "the SAE's decoder");
        var k = Math.Min(perFeature, vocabulary.Terms.Count);
        var featureArray = features.ToArray();
        foreach (var f in featureArray)
            if (f < 0 || f >= decoder.shape[0]) throw new ArgumentOutOfRangeException(nameof(features), $"feature {f} is outside the decoder's {decoder.shape[0]} rows");
        var terms = new int[featureArray.Length * k];
        var cosines = new float[featureArray.Length * k];

        using var _ = no_grad();
        using var outer = NewDisposeScope();
        var unitTermsT = UnitRows(tensor(vocabulary.Vectors, [vocabulary.Terms.Count, vocabulary.Dimension])).t().contiguous();
        for (var start = 0; start < featureArray.Length; start += blockRows)
        {
            var n = Math.Min(blockRows, featureArray.Length - start);
            using var scope = NewDisposeScope();
            var index = tensor(featureArray.AsSpan(start, n).ToArray().Select(f => (long)f).ToArray());
            var scores = UnitRows(decoder.index_select(0, index).to(ScalarType.Float32)).mm(unitTermsT);
            var (values, indices) = scores.topk(k, dim: 1, largest: true, sorted: true);
            MemoryMarshal.Cast<byte, float>(values.contiguous().bytes).CopyTo(cosines.AsSpan(start * k, n * k));
            var longs = MemoryMarshal.Cast<byte, long>(indices.contiguous().bytes);
            for (var i = 0; i < n * k; i++) terms[start * k + i] = (int)longs[i];
        }
        return new TermCandidates(featureArray, k, terms, cosines);
    }

    private static Tensor UnitRows(Tensor rows) => rows / rows.norm(1, keepdim: true).clamp_min(1e-12);
}
