using System.Diagnostics;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Rendering.Retrieval.Approximate;

/// <summary>
/// How much of the exact answer the approximate index finds, and how fast each answers: for evenly spaced corpus rows
/// as queries (the row itself excluded), recall@k = |approximate top k ∩ exact top k| / k averaged over the queries, and
/// each method's per-query times (p50, p95). What the scale run prints and docs/scale.md quotes.
/// </summary>
public static class RecallCheck
{
    public sealed record Result(int Queries, int Top, bool Centred, double Recall, double ApproximateP50Ms, double ApproximateP95Ms,
        double ExactP50Ms, double ExactP95Ms)
    {
        public override string ToString() => FormattableString.Invariant(
            $"{(Centred ? "centred" : "plain")} cosine, {Queries} queries: recall@{Top} {Recall:F3}; approximate p50 {ApproximateP50Ms:F2} ms, p95 {ApproximateP95Ms:F2} ms; exact p50 {ExactP50Ms:F1} ms, p95 {ExactP95Ms:F1} ms");
    }

    public static Result Run(IEmbeddingMatrix corpus, NearestImageIndex index, int queries, int top, bool centred, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        RowNorms norms = centred ? RowNorms.Centred(corpus, null, ct) : RowNorms.Compute(corpus, null, ct);
        int d = corpus.Columns;
        var rows = new int[queries];
        var all = new float[queries * d];
        for (int q = 0; q < queries; q++)
        {
            rows[q] = (int)(corpus.Rows * q / queries);
            corpus.ReadRows(rows[q], 1, all.AsSpan(q * d, d));
            // Centred: the query is the row's direction from the mean, as icons and group neighbours ask.
            if (norms.Center is { } center)
                System.Numerics.Tensors.TensorPrimitives.Subtract(all.AsSpan(q * d, d), center, all.AsSpan(q * d, d));
        }
        var approximate = new RetrievalHit[queries][];
        var approximateMs = new double[queries];
        var exactMs = new double[queries];
        // The approximate queries one after another, as a server answers them, and only then the exact ones: each exact
        // query streams the whole corpus (2.5 GB at 10^6 rows) through the caches, and timed between two of them every
        // graph search started cold (docs/scale.md compares the two at 10^6 rows).
        for (int q = 0; q < queries; q++)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            approximate[q] = index.Nearest(all.AsSpan(q * d, d), top, centred, [rows[q]]);
            approximateMs[q] = clock.Elapsed.TotalMilliseconds;
        }
        double found = 0;
        for (int q = 0; q < queries; q++)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            RetrievalHit[] exact = ExactRetrieval.Nearest(corpus, norms, all.AsSpan(q * d, d), new RetrievalOptions { Top = top, Exclude = [rows[q]] }, ct);
            exactMs[q] = clock.Elapsed.TotalMilliseconds;
            var truth = exact.Select(h => h.Row).ToHashSet();
            found += exact.Length == 0 ? 1 : (double)approximate[q].Count(h => truth.Contains(h.Row)) / exact.Length;
        }
        return new Result(queries, top, centred, found / queries, Percentile(approximateMs, 0.5), Percentile(approximateMs, 0.95),
            Percentile(exactMs, 0.5), Percentile(exactMs, 0.95));
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(double[] values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
