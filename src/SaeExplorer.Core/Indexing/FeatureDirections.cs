using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Indexing;

/// <summary>A feature whose decoder direction is near a query direction, and their cosine.</summary>
public readonly record struct FeatureMatch(int Feature, float Cosine);

/// <summary>
/// The features whose decoder direction W_dec[i] is nearest a direction of the embedding space (a CLIP text embedding:
/// search features by text), by cosine. The decoder rows' inverse norms are worked out once per SAE (d_sae floats), so
/// a query is one pass of matrix-vector products over blocks of decoder rows, each block converted to float32 on its
/// own device, times those norms; no unit copy of W_dec is kept (420 MB at 81,920 x 1,280) and nothing is features x
/// features. A zero decoder row has cosine 0 with everything. Ties go to the lower feature.
/// </summary>
public sealed class FeatureDirections
{
    private readonly Tensor _decoder;
    private readonly float[] _inverseNorms;
    private readonly int _blockRows;

    private FeatureDirections(Tensor decoder, float[] inverseNorms, int blockRows)
    {
        _decoder = decoder;
        _inverseNorms = inverseNorms;
        _blockRows = blockRows;
    }

    public int Features => _inverseNorms.Length;

    public int Dimension => (int)_decoder.shape[1];

    /// <param name="decoder">W_dec, [d_sae, d_in], any float dtype and device (the SAE's <c>DecoderWeights</c>); kept, not disposed.</param>
    public static FeatureDirections Of(Tensor decoder, int blockRows = 8192)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        if (decoder.dim() != 2) throw new ArgumentException($"the decoder must be [d_sae, d_in], got [{string.Join(", ", decoder.shape)}]", nameof(decoder));
        var features = (int)decoder.shape[0];
        var inverse = new float[features];
        using var _ = no_grad();
        for (var start = 0; start < features; start += blockRows)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(blockRows, features - start);
            var norms = decoder.narrow(0, start, n).to(ScalarType.Float32).norm(1).cpu();
            var values = MemoryMarshal.Cast<byte, float>(norms.contiguous().bytes);
            for (var i = 0; i < n; i++) inverse[start + i] = values[i] > 0 && float.IsFinite(values[i]) ? 1f / values[i] : 0f;
        }
        return new FeatureDirections(decoder, inverse, blockRows);
    }

    /// <summary>The <paramref name="count"/> features nearest <paramref name="direction"/>, nearest first; none for a zero direction.</summary>
    /// <exception cref="ArgumentException">The direction's dimension is not the decoder's.</exception>
    public IReadOnlyList<FeatureMatch> Nearest(ReadOnlySpan<float> direction, int count)
    {
        if (direction.Length != Dimension)
            throw new ArgumentException($"the direction has {direction.Length} dimensions but the SAE's decoder has {Dimension}: they are not in the same embedding space", nameof(direction));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(direction);
        if (norm == 0 || !float.IsFinite(norm) || count == 0) return [];
        var k = Math.Min(count, Features);
        var ids = new int[k];
        var cosines = new float[k];
        var best = new BestK(ids, cosines);
        using var _ = no_grad();
        using var outer = NewDisposeScope();
        var query = tensor(direction.ToArray(), [Dimension, 1]).div(norm).to(_decoder.device);
        for (var start = 0; start < Features; start += _blockRows)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(_blockRows, Features - start);
            var dots = _decoder.narrow(0, start, n).to(ScalarType.Float32).mm(query).cpu();
            var values = MemoryMarshal.Cast<byte, float>(dots.contiguous().bytes);
            for (var i = 0; i < n; i++)
            {
                var cosine = values[i] * _inverseNorms[start + i];
                if (!float.IsNaN(cosine)) best.Offer(start + i, cosine);
            }
        }
        return [.. Enumerable.Range(0, best.Count).Select(i => new FeatureMatch(ids[i], cosines[i]))];
    }
}
