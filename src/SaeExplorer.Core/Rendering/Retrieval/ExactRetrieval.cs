using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// Exact cosine nearest rows of a corpus to a query embedding ("nearest corpus images"): one pass over every
/// row, blockwise and in parallel, each block's dot products by the batch-1 matvec kernels (float32 rows read in
/// place from a mapped .npy, float16 rows widened in registers), each thread keeping its own best list, merged at
/// the end. Results are sorted by score, highest first, equal scores by lower row. A zero query or a zero row
/// scores 0 (no direction, no similarity).
/// </summary>
public static unsafe partial class ExactRetrieval
{
    /// <param name="norms">The corpus's row norms (<see cref="RowNorms.Compute"/>, cached by <see cref="RowNormCache"/>).</param>
    public static RetrievalHit[] Nearest(IEmbeddingMatrix corpus, RowNorms norms, ReadOnlySpan<float> query,
        RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        int rows = CorpusBlocks.RowCount(corpus);
        ArgumentNullException.ThrowIfNull(norms);
        options ??= new RetrievalOptions();
        options.Validate();
        int columns = corpus.Columns;
        if (norms.Rows != rows || norms.Columns != columns)
            throw new ArgumentException($"row norms are for {norms.Rows} x {norms.Columns}, the corpus is {rows} x {columns}", nameof(norms));
        float[] unit = UnitQuery(query, columns);
        // Centred norms score (x - c) . q = x . q - c . q: the kernels' bias carries the constant.
        float offset = norms.Center is { } center ? -System.Numerics.Tensors.TensorPrimitives.Dot(center, unit) : 0f;

        // Excluded rows are dropped at the end, so the scan keeps that many extra and never looks anything up per row.
        var exclude = options.Exclude as IReadOnlySet<int> ?? options.Exclude.ToHashSet();
        int kept = (int)Math.Min((long)options.Top + exclude.Count, rows);
        var ids = new int[kept];
        var scores = new float[kept];
        int filled = 0;
        var gate = new object();
        CorpusBlocks.Run(rows, options.BlockRows, options.Threads, cancellationToken,
            () => new Worker(kept, Math.Min(options.BlockRows, rows), offset),
            (start, count, worker) => worker.Score(corpus, norms.Values, unit, start, count),
            worker =>
            {
                lock (gate)
                {
                    var best = new BestK(ids, scores, filled);
                    for (int i = 0; i < worker.Filled; i++)
                        best.Offer(worker.Ids[i], worker.Scores[i]);
                    filled = best.Count;
                }
            });

        var hits = new List<RetrievalHit>(Math.Min(options.Top, filled));
        for (int i = 0; i < filled && hits.Count < options.Top; i++)
            if (!exclude.Contains(ids[i]))
                hits.Add(new RetrievalHit(ids[i], scores[i]));
        return [.. hits];
    }

    /// <summary>q / ||q|| (the norm in double), so scores are dot / ||row|| and no product can overflow.</summary>
    private static float[] UnitQuery(ReadOnlySpan<float> query, int columns)
    {
        if (query.Length != columns)
            throw new ArgumentException($"the query has {query.Length} values, the corpus rows have {columns}", nameof(query));
        var unit = new float[columns];
        Normalise(query, unit);
        return unit;
    }

    /// <summary>Writes q / ||q|| into <paramref name="unit"/> (zeros for a zero query).</summary>
    private static void Normalise(ReadOnlySpan<float> query, Span<float> unit)
    {
        double squares = 0;
        for (int j = 0; j < query.Length; j++)
        {
            if (!float.IsFinite(query[j]))
                throw new ArgumentException($"the query's value {j} is {query[j]}; a query must be finite", nameof(query));
            squares += (double)query[j] * query[j];
        }
        unit.Clear();
        if (squares > 0)
            for (int j = 0; j < query.Length; j++)
                unit[j] = (float)(query[j] / Math.Sqrt(squares));
    }

    /// <summary>One thread's buffers and best list.</summary>
    private sealed class Worker(int kept, int blockRows, float offset)
    {
        private readonly float[] _dots = new float[blockRows];
        private readonly float[] _bias = Enumerable.Repeat(offset, blockRows).ToArray(); // the kernels' bias
        private float[]? _scratch;

        public int[] Ids { get; } = new int[kept];
        public float[] Scores { get; } = new float[kept];
        public int Filled { get; private set; }

        public void Score(IEmbeddingMatrix corpus, ReadOnlySpan<float> norms, float[] unit, int start, int count)
        {
            Span<float> blockDots = _dots.AsSpan(0, count);
            ReadOnlySpan<float> rowBias = _bias.AsSpan(0, count);
            int columns = corpus.Columns;
            if (corpus is NpyFile { DType: NpyDType.Float16 } half)
            {
                fixed (byte* rows = half.RawRows(start, count))
                    HalfMatVec.Compute((short*)rows, count, columns, unit, rowBias, blockDots, bf16: false, threads: 1);
            }
            else
            {
                fixed (float* rows = CorpusBlocks.Floats(corpus, start, count, ref _scratch))
                    FloatMatVec.Compute(rows, count, columns, unit, rowBias, blockDots, threads: 1);
            }
            var best = new BestK(Ids, Scores, Filled);
            for (int r = 0; r < count; r++)
            {
                float norm = norms[start + r];
                best.Offer(start + r, norm > 0f ? blockDots[r] / norm : 0f);
            }
            Filled = best.Count;
        }
    }
}
