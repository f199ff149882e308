using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// Deterministic batches: epoch e visits the training rows in a permutation seeded by (seed, e), and
/// batch b takes positions [b*B, (b+1)*B) of the concatenated epochs, so a resumed run sees the same data.
/// </summary>
internal sealed class BatchSampler : IDisposable
{
    private readonly IEmbeddingMatrix _data;
    private readonly long[] _train;
    private readonly int _batch;
    private readonly int _seed;
    private long[]? _perm;
    private long _permEpoch = -1;

    public BatchSampler(IEmbeddingMatrix data, long[] train, int batch, int seed)
    {
        _data = data; _train = train; _batch = batch; _seed = seed;
    }

    public void Fill(int step, Span<float> dest)
    {
        var cols = _data.Columns;
        var n = _train.LongLength;
        for (var r = 0; r < _batch; r++)
        {
            var pos = (long)step * _batch + r;
            var epoch = pos / n;
            if (epoch != _permEpoch)
            {
                _perm = (long[])_train.Clone();
                new Random(unchecked(_seed * 7919 + (int)epoch)).Shuffle(_perm);
                _permEpoch = epoch;
            }
            _data.ReadRows(_perm![pos % n], 1, dest.Slice(r * cols, cols));
        }
    }

    public void Dispose() => _perm = null;
}
