using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// Exact cosine nearest rows of a corpus to a query embedding ("nearest corpus images"): one pass over every
/// row, blockwise and in parallel, each block's dot products by the batch-1 matvec kernels (float32 rows read in
/// place from a mapped .npy, float16 rows widened in registers), each thread keeping its own best list, merged at
/// the end. Results are sorted by score, highest first, equal scores by lower row. A zero query or a zero row
/// scores 0 (no direction, no similarity). A few queries share one pass (<see cref="NearestEach"/>).
/// </summary>
public static unsafe partial class ExactRetrieval
{
    /// <summary>Rows scored for every query before the next ones are read: 1.3 MB of 1280-d float32 rows, so a
    /// query after the first reads them from the core's L2 cache rather than from memory.</summary>
    private const int CacheRows = 256;

    /// <param name="norms">The corpus's row norms (<see cref="RowNorms.Compute"/>, cached by <see cref="RowNormCache"/>).</param>
    public static RetrievalHit[] Nearest(IEmbeddingMatrix corpus, RowNorms norms, ReadOnlySpan<float> query,
        RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (query.Length != corpus.Columns)
            throw new ArgumentException($"the query has {query.Length} values, the corpus rows have {corpus.Columns}", nameof(query));
        return NearestEach(corpus, norms, query, 1, options, cancellationToken)[0];
    }

    /// <summary>
    /// <see cref="Nearest"/> for a few queries (an image's groups) in one pass: each block of rows is read from
    /// memory once and scored for every query in turn, <see cref="CacheRows"/> rows at a time, so the corpus is not
    /// scanned once per query. Each query gets exactly what <see cref="Nearest"/> gives it. For thousands of queries,
    /// <see cref="NearestMany"/>'s matrix product is faster.
    /// </summary>
    /// <param name="queries">Row-major, <paramref name="count"/> x the corpus's columns.</param>
    /// <returns>Per query, its hits best first.</returns>
    public static RetrievalHit[][] NearestEach(IEmbeddingMatrix corpus, RowNorms norms, ReadOnlySpan<float> queries, int count,
        RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        int rows = CorpusBlocks.RowCount(corpus);
        ArgumentNullException.ThrowIfNull(norms);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= new RetrievalOptions();
        options.Validate();
        int columns = corpus.Columns;
        if (norms.Rows != rows || norms.Columns != columns)
            throw new ArgumentException($"row norms are for {norms.Rows} x {norms.Columns}, the corpus is {rows} x {columns}", nameof(norms));
        if (queries.Length != (long)count * columns)
            throw new ArgumentException($"{count} queries of {columns} values need {(long)count * columns} floats, got {queries.Length}", nameof(queries));
        var units = new float[count * columns];
        var offsets = new float[count];
        for (int q = 0; q < count; q++)
        {
            Span<float> unit = units.AsSpan(q * columns, columns);
            Normalise(queries.Slice(q * columns, columns), unit);
            // Centred norms score (x - c) . q = x . q - c . q: the kernels' bias carries the constant.
            offsets[q] = norms.Center is { } center ? -System.Numerics.Tensors.TensorPrimitives.Dot(center, unit) : 0f;
        }

        // Excluded rows are dropped at the end, so the scan keeps that many extra and never looks anything up per row.
        var exclude = options.Exclude as IReadOnlySet<int> ?? options.Exclude.ToHashSet();
        int kept = (int)Math.Min((long)options.Top + exclude.Count, rows);
        var ids = new int[count * kept];
        var scores = new float[count * kept];
        var filled = new int[count];
        var gate = new object();
        CorpusBlocks.Run(rows, options.BlockRows, options.Threads, cancellationToken,
            () => new Worker(kept, offsets),
            (start, n, worker) => worker.Score(corpus, norms.Values, units, start, n),
            worker =>
            {
                lock (gate)
                {
                    for (int q = 0; q < count; q++)
                    {
                        var best = new BestK(ids.AsSpan(q * kept, kept), scores.AsSpan(q * kept, kept), filled[q]);
                        for (int i = 0; i < worker.Filled[q]; i++)
                            best.Offer(worker.Ids[q * kept + i], worker.Scores[q * kept + i]);
                        filled[q] = best.Count;
                    }
                }
            });

        var hits = new RetrievalHit[count][];
        for (int q = 0; q < count; q++)
        {
            var found = new List<RetrievalHit>(Math.Min(options.Top, filled[q]));
            for (int i = 0; i < filled[q] && found.Count < options.Top; i++)
                if (!exclude.Contains(ids[q * kept + i]))
                    found.Add(new RetrievalHit(ids[q * kept + i], scores[q * kept + i]));
            hits[q] = [.. found];
        }
        return hits;
    }

    /// <summary>Writes q / ||q|| into <paramref name="unit"/> (zeros for a zero query); the norm in double, so scores
    /// are dot / ||row|| and no product can overflow.</summary>
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

    /// <summary>One thread's buffers and, per query, its best list.</summary>
    private sealed class Worker(int kept, float[] offsets)
    {
        private readonly float[] _dots = new float[CacheRows];
        // The kernels' bias per query: its centring constant on every row.
        private readonly float[][] _bias = [.. offsets.Select(o => Enumerable.Repeat(o, CacheRows).ToArray())];
        private readonly int _queries = offsets.Length;
        private float[]? _scratch;

        public int[] Ids { get; } = new int[offsets.Length * kept];
        public float[] Scores { get; } = new float[offsets.Length * kept];
        public int[] Filled { get; } = new int[offsets.Length];

        public void Score(IEmbeddingMatrix corpus, ReadOnlySpan<float> norms, float[] units, int start, int count)
        {
            int columns = corpus.Columns;
            for (int first = start; first < start + count; first += CacheRows)
            {
                int n = Math.Min(CacheRows, start + count - first);
                if (corpus is NpyFile { DType: NpyDType.Float16 } half)
                {
                    fixed (byte* rows = half.RawRows(first, n))
                        for (int q = 0; q < _queries; q++)
                        {
                            HalfMatVec.Compute((short*)rows, n, columns, units.AsSpan(q * columns, columns), _bias[q].AsSpan(0, n),
                                _dots.AsSpan(0, n), bf16: false, threads: 1);
                            Offer(q, norms, first, n);
                        }
                }
                else
                {
                    fixed (float* rows = CorpusBlocks.Floats(corpus, first, n, ref _scratch))
                        for (int q = 0; q < _queries; q++)
                        {
                            FloatMatVec.Compute(rows, n, columns, units.AsSpan(q * columns, columns), _bias[q].AsSpan(0, n),
                                _dots.AsSpan(0, n), threads: 1);
                            Offer(q, norms, first, n);
                        }
                }
            }
        }

        private void Offer(int q, ReadOnlySpan<float> norms, int first, int n)
        {
            var best = new BestK(Ids.AsSpan(q * kept, kept), Scores.AsSpan(q * kept, kept), Filled[q]);
            for (int r = 0; r < n; r++)
            {
                float norm = norms[first + r];
                best.Offer(first + r, norm > 0f ? _dots[r] / norm : 0f);
            }
            Filled[q] = best.Count;
        }
    }
}
