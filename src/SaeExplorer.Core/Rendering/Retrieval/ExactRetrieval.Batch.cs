using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SaeExplorer.Core.Rendering.Retrieval;

public static partial class ExactRetrieval
{
    /// <summary>Queries scored against one corpus block at a time: the tile is this many queries by a block of rows
    /// (16 MB at 1,024 rows), large enough for the matrix product to run near its peak.</summary>
    private const int QueryBlock = 4096;

    /// <summary>
    /// <see cref="Nearest"/> for many queries at once (e.g. one per feature): the corpus is read once per block of
    /// <see cref="QueryBlock"/> queries, each block of rows scored against all of them by one matrix product
    /// (libtorch, as <see cref="NearestFeatures"/> tiles W_dec), each query's best list kept by the same
    /// <see cref="BestK"/>: the same hits as <see cref="Nearest"/> per query, up to float rounding of the dot products.
    /// </summary>
    /// <param name="queries">Row-major, <paramref name="count"/> x the corpus's columns.</param>
    /// <param name="options">Top, block rows and threads; exclusions are not supported here.</param>
    /// <returns>Per query, its hits best first.</returns>
    public static RetrievalHit[][] NearestMany(IEmbeddingMatrix corpus, RowNorms norms, ReadOnlySpan<float> queries, int count,
        RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        int rows = CorpusBlocks.RowCount(corpus);
        ArgumentNullException.ThrowIfNull(norms);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= new RetrievalOptions();
        options.Validate();
        if (options.Exclude.Count > 0)
            throw new ArgumentException("retrieval of many queries takes no excluded rows; use Nearest per query", nameof(options));
        int columns = corpus.Columns;
        if (norms.Rows != rows || norms.Columns != columns)
            throw new ArgumentException($"row norms are for {norms.Rows} x {norms.Columns}, the corpus is {rows} x {columns}", nameof(norms));
        if (queries.Length != (long)count * columns)
            throw new ArgumentException($"{count} queries of {columns} values need {(long)count * columns} floats, got {queries.Length}", nameof(queries));

        int k = Math.Min(options.Top, rows);
        var ids = new int[count * k];
        var scores = new float[count * k];
        var filled = new int[count];
        for (int first = 0; first < count; first += QueryBlock)
        {
            int n = Math.Min(QueryBlock, count - first);
            ScoreBlock(corpus, norms, queries.Slice(first * columns, n * columns), n, first, k, ids, scores, filled, options, cancellationToken);
        }

        var hits = new RetrievalHit[count][];
        for (int q = 0; q < count; q++)
        {
            hits[q] = new RetrievalHit[filled[q]];
            for (int i = 0; i < filled[q]; i++)
                hits[q][i] = new RetrievalHit(ids[q * k + i], scores[q * k + i]);
        }
        return hits;
    }

    /// <summary>
    /// One pass over the corpus for queries [first, first + n): a (queries x rows) tile per block of rows, holding the
    /// scores themselves. Each row enters the product as [x / ||x||, 1 / ||x||] and each unit query as [q, -c . q], so
    /// the tile is (x . q - c . q) / ||x|| (c the centre of centred norms, else 0), what <see cref="Nearest"/> scores;
    /// a row of norm 0 (zero or not finite) enters as zeros and scores 0.
    /// </summary>
    private static void ScoreBlock(IEmbeddingMatrix corpus, RowNorms norms, ReadOnlySpan<float> queries, int n, int first, int k,
        int[] ids, float[] scores, int[] filled, RetrievalOptions options, CancellationToken cancellationToken)
    {
        int rows = (int)corpus.Rows, columns = corpus.Columns, width = columns + 1;
        using var scope = NewDisposeScope();
        Tensor units = empty(n, width, ScalarType.Float32);
        Span<float> unitValues = MemoryMarshal.Cast<byte, float>(units.bytes);
        for (int q = 0; q < n; q++)
        {
            ReadOnlySpan<float> query = queries.Slice(q * columns, columns);
            if (!TensorPrimitives.IsFiniteAll(query))
                throw new ArgumentException($"query {first + q} holds a value that is not finite; a query must be finite", nameof(queries));
            Span<float> unit = unitValues.Slice(q * width, columns);
            Normalise(query, unit);
            unitValues[q * width + columns] = norms.Center is { } center ? -TensorPrimitives.Dot(center, unit) : 0f;
        }

        int blockRows = Math.Min(options.BlockRows, Math.Max(rows, 1));
        float[]? scratch = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken };
        for (int start = 0; start < rows; start += blockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(blockRows, rows - start);
            using Tensor block = empty(count, width, ScalarType.Float32);
            Span<float> scaled = MemoryMarshal.Cast<byte, float>(block.bytes);
            ReadOnlySpan<float> raw = CorpusBlocks.Floats(corpus, start, count, ref scratch);
            for (int r = 0; r < count; r++)
            {
                float norm = norms[start + r];
                Span<float> row = scaled.Slice(r * width, width);
                if (norm > 0f)
                {
                    TensorPrimitives.Divide(raw.Slice(r * columns, columns), norm, row[..columns]);
                    row[columns] = 1f / norm;
                }
                else
                {
                    row.Clear();
                }
            }
            using Tensor tile = mm(units, block.t()).contiguous();
            int rowStart = start;
            Parallel.For(0, n, parallel, q =>
            {
                int at = (first + q) * k;
                var best = new BestK(ids.AsSpan(at, k), scores.AsSpan(at, k), filled[first + q]);
                // Read in place: the tile is libtorch's memory, valid until it is disposed after this loop.
                ReadOnlySpan<float> line = MemoryMarshal.Cast<byte, float>(tile.bytes).Slice(q * count, count);
                for (int r = 0; r < line.Length; r++)
                    best.Offer(rowStart + r, line[r]);
                filled[first + q] = best.Count;
            });
        }
    }
}
