using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// Each feature's nearest other features by cosine similarity of decoder rows, most similar first,
/// ties by lower feature id. Computed blockwise (row block x column block tiles of normalised W_dec
/// times W_dec^T with libtorch), so no FeatureCount x FeatureCount matrix is ever held. A decoder row
/// of norm 0 has cosine 0 with everything.
/// </summary>
public sealed class NearestFeatures
{
    private readonly int[] _ids;
    private readonly float[] _cosines;

    internal NearestFeatures(int featureCount, int count, int[] ids, float[] cosines)
    {
        FeatureCount = featureCount;
        Count = count;
        _ids = ids;
        _cosines = cosines;
    }

    public int FeatureCount { get; }

    /// <summary>Neighbours per feature: min(requested, FeatureCount - 1).</summary>
    public int Count { get; }

    internal int[] Ids => _ids;

    internal float[] Cosines => _cosines;

    public ReadOnlySpan<int> IdsOf(int feature) => _ids.AsSpan(feature * Count, Count);

    public ReadOnlySpan<float> CosinesOf(int feature) => _cosines.AsSpan(feature * Count, Count);

    /// <param name="count">Neighbours per feature (default 10), self excluded.</param>
    /// <param name="blockRows">Rows per tile side; a tile is blockRows x blockColumns floats.</param>
    public static NearestFeatures Compute(IFeatureSource source, int count = 10, int blockRows = 1024, int blockColumns = 8192,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockColumns);
        int f = source.FeatureCount, d = source.InputDimension;
        int k = Math.Min(count, f - 1);
        var ids = new int[f * k];
        var cos = new float[f * k];
        if (k == 0)
            return new NearestFeatures(f, k, ids, cos);

        using var scope = NewDisposeScope();
        Tensor decoder = empty(f, d, ScalarType.Float32);
        Span<float> all = MemoryMarshal.Cast<byte, float>(decoder.bytes);
        const int CopyBlock = 1024;
        for (int s = 0; s < f; s += CopyBlock)
        {
            int n = Math.Min(CopyBlock, f - s);
            Span<float> block = all.Slice(s * d, n * d);
            source.CopyDecoderRows(s, n, block);
            for (int r = 0; r < n; r++)
            {
                Span<float> row = block.Slice(r * d, d);
                float norm = TensorPrimitives.Norm(row);
                if (norm > 0f && float.IsFinite(norm))
                    TensorPrimitives.Divide(row, norm, row);
                else
                    row.Clear();
            }
        }

        float[] tileValues = new float[Math.Min(blockRows, f) * Math.Min(blockColumns, f)];
        // Best-so-far lists per row of the current row block, kept sorted best first.
        for (int rs = 0; rs < f; rs += blockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rn = Math.Min(blockRows, f - rs);
            var filled = new int[rn];
            using Tensor rowsBlock = decoder.narrow(0, rs, rn);
            for (int cs = 0; cs < f; cs += blockColumns)
            {
                int cn = Math.Min(blockColumns, f - cs);
                using Tensor colsBlock = decoder.narrow(0, cs, cn);
                using Tensor colsT = colsBlock.t();
                using Tensor tile = mm(rowsBlock, colsT).contiguous();
                MemoryMarshal.Cast<byte, float>(tile.bytes).CopyTo(tileValues);
                int rsLocal = rs, csLocal = cs, cnLocal = cn;
                Parallel.For(0, rn, r =>
                {
                    int feature = rsLocal + r;
                    var best = new BestK(ids.AsSpan(feature * k, k), cos.AsSpan(feature * k, k), filled[r]);
                    ReadOnlySpan<float> line = tileValues.AsSpan(r * cnLocal, cnLocal);
                    for (int c = 0; c < line.Length; c++)
                    {
                        int other = csLocal + c;
                        if (other != feature)
                            best.Offer(other, line[c]);
                    }
                    filled[r] = best.Count;
                });
            }
        }
        return new NearestFeatures(f, k, ids, cos);
    }
}
