using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SaeExplorer.Core.Progress;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// Each feature's nearest other features by cosine similarity of decoder rows, most similar first,
/// ties by lower feature id. Computed blockwise (row block x column block tiles of normalised W_dec
/// times W_dec^T with libtorch), so no FeatureCount x FeatureCount matrix is ever held: each tile lives in its
/// own dispose scope and is gone before the next is made, so memory stays at the normalised decoder plus one tile.
/// A row block's lists are final once its tiles are done, so with a checkpoint path the finished blocks are saved
/// (<see cref="NearestFeaturesCheckpoint"/>) and a later run with the same decoder resumes after them.
/// A decoder row of norm 0 has cosine 0 with everything.
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
    /// <param name="checkpointPath">Where finished row blocks are kept (every <paramref name="checkpointEveryBlocks"/>
    /// blocks and on cancellation) and resumed from; deleted once all are done. Null: no checkpoint.</param>
    /// <param name="progress">Features done, with rate and time left, after each row block.</param>
    /// <exception cref="IndexCheckpointMismatchException">The checkpoint is of another decoder or other settings.</exception>
    public static NearestFeatures Compute(IFeatureSource source, int count = 10, int blockRows = 1024, int blockColumns = 8192,
        CancellationToken cancellationToken = default, string? checkpointPath = null, int checkpointEveryBlocks = 8,
        IProgress<IndexBuildProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockColumns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(checkpointEveryBlocks);
        int f = source.FeatureCount, d = source.InputDimension;
        int k = Math.Min(count, f - 1);
        var ids = new int[f * k];
        var cos = new float[f * k];
        if (k == 0)
            return new NearestFeatures(f, k, ids, cos);

        using var scope = NewDisposeScope();
        Tensor decoder = NormalisedDecoder(source);
        var key = new NearestFeaturesCheckpoint.Key(f, k, d, blockRows, NearestFeaturesCheckpoint.Fingerprint(decoder.bytes));
        int start = 0;
        if (checkpointPath is not null && File.Exists(checkpointPath))
            start = NearestFeaturesCheckpoint.Load(checkpointPath, key, ids, cos);

        var clock = new RateClock();
        progress?.Report(new IndexBuildProgress(IndexStep.NearestFeatures, clock.Next(start, f)));
        float[] tileValues = new float[Math.Min(blockRows, f) * Math.Min(blockColumns, f)];
        int blocksSinceCheckpoint = 0, done = start;
        try
        {
            for (int rs = start; rs < f; rs += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rn = Math.Min(blockRows, f - rs);
                RowBlock(decoder, rs, rn, blockColumns, k, ids, cos, tileValues);
                done = rs + rn;
                if (checkpointPath is not null && ++blocksSinceCheckpoint >= checkpointEveryBlocks && done < f)
                {
                    NearestFeaturesCheckpoint.Save(checkpointPath, key, done, ids, cos);
                    blocksSinceCheckpoint = 0;
                }
                progress?.Report(new IndexBuildProgress(IndexStep.NearestFeatures, clock.Next(done, f)));
            }
        }
        catch (OperationCanceledException) when (checkpointPath is not null && blocksSinceCheckpoint > 0)
        {
            NearestFeaturesCheckpoint.Save(checkpointPath, key, done, ids, cos); // between blocks: every list up to done is final
            throw;
        }
        if (checkpointPath is not null && File.Exists(checkpointPath))
            File.Delete(checkpointPath);
        return new NearestFeatures(f, k, ids, cos);
    }

    /// <summary>W_dec as float32 [f, d], each row scaled to unit length (or zeroed), copied a block at a time.</summary>
    private static Tensor NormalisedDecoder(IFeatureSource source)
    {
        int f = source.FeatureCount, d = source.InputDimension;
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
        return decoder;
    }

    /// <summary>Rows [rs, rs + rn) against every column block: their best-first lists, final when this returns.</summary>
    private static void RowBlock(Tensor decoder, int rs, int rn, int blockColumns, int k, int[] ids, float[] cos, float[] tileValues)
    {
        int f = (int)decoder.shape[0];
        var filled = new int[rn];
        for (int cs = 0; cs < f; cs += blockColumns)
        {
            int cn = Math.Min(blockColumns, f - cs);
            // Every temporary of this tile (views, the product, its contiguous copy) dies with this scope.
            using (NewDisposeScope())
            {
                Tensor tile = mm(decoder.narrow(0, rs, rn), decoder.narrow(0, cs, cn).t()).contiguous();
                MemoryMarshal.Cast<byte, float>(tile.bytes).CopyTo(tileValues);
            }
            Parallel.For(0, rn, r =>
            {
                int feature = rs + r;
                var best = new BestK(ids.AsSpan(feature * k, k), cos.AsSpan(feature * k, k), filled[r]);
                ReadOnlySpan<float> line = tileValues.AsSpan(r * cn, cn);
                for (int c = 0; c < line.Length; c++)
                {
                    int other = cs + c;
                    if (other != feature)
                        best.Offer(other, line[c]);
                }
                filled[r] = best.Count;
            });
        }
    }
}
