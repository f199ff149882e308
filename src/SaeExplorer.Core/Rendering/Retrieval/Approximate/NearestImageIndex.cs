using System.Numerics.Tensors;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Core.Rendering.Retrieval.Approximate;

/// <summary>
/// Nearest corpus images from the approximate index (<see cref="NearestImageIndexBuilder"/>), memory-mapped: the graph
/// proposes <see cref="NearestImagesOptions.Candidates"/> rows for the query's direction from the corpus mean, and each
/// is rescored exactly from the corpus, by the same cosine <see cref="ExactRetrieval"/> uses (plain, or centred on the
/// mean), ties by lower row. So the scores are exact and only a true neighbour the graph did not propose can be missed:
/// what recall@k measures. Thread-safe.
/// </summary>
public sealed class NearestImageIndex : IDisposable
{
    private readonly HnswIndex _graph;
    private readonly IEmbeddingMatrix _corpus;
    private readonly float[] _mean;
    private readonly NearestImagesOptions _options;

    private NearestImageIndex(HnswIndex graph, IEmbeddingMatrix corpus, float[] mean, NearestImagesOptions options)
    {
        _graph = graph;
        _corpus = corpus;
        _mean = mean;
        _options = options;
    }

    /// <summary>The corpus mean kept beside the index file.</summary>
    public static string MeanPath(string path) => path + ".mean.npy";

    public long Rows => _corpus.Rows;

    /// <summary>The corpus mean the graph's vectors are measured from.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Maps the index at <paramref name="path"/> over <paramref name="corpus"/> (not owned).</summary>
    /// <exception cref="InvalidDataException">The index does not cover the corpus (another corpus, or an unfinished build).</exception>
    public static NearestImageIndex Open(string path, IEmbeddingMatrix corpus, NearestImagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        float[] mean = ReadMean(MeanPath(path), corpus.Columns);
        HnswIndex graph = HnswIndex.Open(path, view: true);
        try
        {
            if (graph.Count != corpus.Rows || graph.Dimensions != corpus.Columns)
                throw new InvalidDataException(
                    $"{path} indexes {graph.Count} rows of {graph.Dimensions} values; the corpus has {corpus.Rows} x {corpus.Columns}: build it again");
            graph.SetExpansionSearch(options.ExpansionSearch);
            return new NearestImageIndex(graph, corpus, mean, options);
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    internal static float[] ReadMean(string meanPath, int columns)
    {
        using var npy = NpyFile.Open(meanPath);
        if (npy.Rows != 1 || npy.Columns != columns)
            throw new InvalidDataException($"{meanPath} holds {npy.Rows} x {npy.Columns}; the mean of a {columns}-d corpus is 1 x {columns}");
        var mean = new float[columns];
        npy.ReadRow(0, mean);
        return mean;
    }

    /// <summary>The <paramref name="top"/> nearest rows to <paramref name="query"/>, best first, without <paramref name="exclude"/>.</summary>
    /// <param name="centred">Rank by cos(x - mean, query), the query being a direction from the mean (what icons and group
    /// neighbours ask, as <see cref="RowNorms.Centred"/> norms score it), rather than by cos(x, query). The graph holds
    /// x - mean, so a centred query is its own metric; a plain one is looked up as query - mean and its candidates rescored.</param>
    public RetrievalHit[] Nearest(ReadOnlySpan<float> query, int top, bool centred, IReadOnlyCollection<int>? exclude = null)
    {
        int d = _corpus.Columns;
        if (query.Length != d)
            throw new ArgumentException($"the query has {query.Length} values, the corpus rows have {d}", nameof(query));
        if (!TensorPrimitives.IsFiniteAll(query))
            throw new ArgumentException("a query must be finite", nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        exclude ??= [];
        float[] search = query.ToArray();
        if (!centred)
            TensorPrimitives.Subtract(search, _mean, search);
        int wanted = (int)Math.Min(Math.Max(_options.Candidates, top + exclude.Count), _corpus.Rows);
        var keys = new ulong[wanted];
        int found = _graph.Search(search, keys, new float[wanted]);

        ReadOnlySpan<float> reference = query;
        float referenceNorm = TensorPrimitives.Norm(reference);
        int kept = Math.Min(top, found);
        var ids = new int[kept];
        var scores = new float[kept];
        var best = new BestK(ids, scores);
        var row = new float[d];
        for (int i = 0; i < found; i++)
        {
            int r = (int)keys[i];
            if (exclude.Contains(r))
                continue;
            _corpus.ReadRows(r, 1, row);
            if (centred)
                TensorPrimitives.Subtract(row, _mean, row);
            float norm = TensorPrimitives.Norm(row);
            float score = norm > 0f && referenceNorm > 0f && float.IsFinite(norm) ? TensorPrimitives.Dot(row, reference) / (norm * referenceNorm) : 0f;
            best.Offer(r, score);
        }
        var hits = new RetrievalHit[best.Count];
        for (int i = 0; i < hits.Length; i++)
            hits[i] = new RetrievalHit(ids[i], scores[i]);
        return hits;
    }

    /// <summary><see cref="Nearest"/> for <paramref name="count"/> row-major queries, several at once.</summary>
    public RetrievalHit[][] NearestMany(ReadOnlySpan<float> queries, int count, int top, bool centred, IReadOnlyCollection<int>? exclude = null,
        CancellationToken ct = default)
    {
        int d = _corpus.Columns;
        if (queries.Length != (long)count * d)
            throw new ArgumentException($"{count} queries of {d} values need {(long)count * d} floats, got {queries.Length}", nameof(queries));
        float[] all = queries.ToArray();
        var hits = new RetrievalHit[count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads, CancellationToken = ct };
        Parallel.For(0, count, parallel, q => hits[q] = Nearest(all.AsSpan(q * d, d), top, centred, exclude));
        return hits;
    }

    public void Dispose() => _graph.Dispose();
}
