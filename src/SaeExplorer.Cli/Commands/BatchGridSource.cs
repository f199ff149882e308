using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// Makes an SAE's activations independent of how the rows are split into shards. libtorch's matrix product does
/// not round a row the same way in every batch shape, so a shard that starts mid-batch would see activations a
/// rounding step away from the unsharded run's, and the merged index would differ in its last bits. This pair
/// always encodes the corpus in the fixed grid of batches [kB, (k+1)B) (the unsharded run's batches) and hands the
/// builder the rows it asked for; each grid batch is encoded once (the last one is cached), so the cost is the same.
/// Use <see cref="Matrix"/> as the builder's embeddings and this as its source (the builder reads, then encodes).
/// </summary>
internal sealed class BatchGridSource : IFeatureSource
{
    private readonly IFeatureSource inner;
    private readonly IEmbeddingMatrix data;
    private readonly int batch;
    private readonly float[] input;
    private float[]? cached;
    private long cachedBatch = -1;

    public BatchGridSource(IFeatureSource inner, IEmbeddingMatrix data, int batch)
    {
        this.inner = inner;
        this.data = data;
        this.batch = batch;
        input = new float[(long)Math.Min(batch, Math.Max(1, data.Rows)) * data.Columns];
        Matrix = new RecordingMatrix(data);
    }

    /// <summary>The embeddings, remembering which rows were read last.</summary>
    public RecordingMatrix Matrix { get; }

    public int InputDimension => inner.InputDimension;

    public int FeatureCount => inner.FeatureCount;

    public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
    {
        long start = Matrix.LastStart, end = start + count;
        if (Matrix.LastCount != count)
            throw new InvalidOperationException("EncodeBatch must follow ReadRows of the same rows.");
        if (start % batch == 0 && end == Math.Min(start + batch, data.Rows))
        {
            inner.EncodeBatch(rows, count, activations); // already a grid batch
            return;
        }
        int features = inner.FeatureCount;
        for (long r = start; r < end;)
        {
            long g = r / batch, gridStart = g * batch;
            int gridCount = (int)Math.Min(batch, data.Rows - gridStart);
            if (cachedBatch != g)
            {
                cached ??= new float[(long)batch * features];
                data.ReadRows(gridStart, gridCount, input.AsSpan(0, gridCount * data.Columns));
                inner.EncodeBatch(input.AsSpan(0, gridCount * data.Columns), gridCount, cached.AsSpan(0, gridCount * features));
                cachedBatch = g;
            }
            int take = (int)(Math.Min(gridStart + gridCount, end) - r);
            cached.AsSpan((int)(r - gridStart) * features, take * features).CopyTo(activations.Slice((int)(r - start) * features));
            r += take;
        }
    }

    public void CopyDecoderRows(int firstFeature, int count, Span<float> destination) =>
        inner.CopyDecoderRows(firstFeature, count, destination);

    internal sealed class RecordingMatrix(IEmbeddingMatrix data) : IEmbeddingMatrix
    {
        public long Rows => data.Rows;

        public int Columns => data.Columns;

        public long LastStart { get; private set; } = -1;

        public int LastCount { get; private set; } = -1;

        public void ReadRows(long start, int count, Span<float> dest)
        {
            data.ReadRows(start, count, dest);
            (LastStart, LastCount) = (start, count);
        }
    }
}
