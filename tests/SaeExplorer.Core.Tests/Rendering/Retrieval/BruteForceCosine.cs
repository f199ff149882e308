using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

/// <summary>The reference: float64 cosine of the query with every row, sorted by score then row, excluded rows
/// dropped; a zero row or query scores 0.</summary>
internal static class BruteForceCosine
{
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < a.Length; j++)
        {
            dot += (double)a[j] * b[j];
            na += (double)a[j] * a[j];
            nb += (double)b[j] * b[j];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    public static double[] Scores(IEmbeddingMatrix corpus, float[] query)
    {
        var row = new float[corpus.Columns];
        var scores = new double[corpus.Rows];
        for (int r = 0; r < corpus.Rows; r++)
        {
            corpus.ReadRows(r, 1, row);
            scores[r] = Cosine(row, query);
        }
        return scores;
    }

    public static (int Row, double Score)[] Nearest(IEmbeddingMatrix corpus, float[] query, int top, IReadOnlyCollection<int> exclude) =>
        [.. Scores(corpus, query).Select((s, r) => (Row: r, Score: s)).Where(h => !exclude.Contains(h.Row))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Row).Take(top)];

    /// <summary>Same length, distinct rows, none excluded, and each position's score the reference's (so near-ties in
    /// float may swap rows, but never pick a worse one); the scores never increase.</summary>
    public static void AssertMatches(IEmbeddingMatrix corpus, float[] query, RetrievalOptions options, RetrievalHit[] actual, double tolerance = 2e-6)
    {
        (int Row, double Score)[] expected = Nearest(corpus, query, options.Top, options.Exclude);
        double[] all = Scores(corpus, query);
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(actual.Length, actual.Select(h => h.Row).Distinct().Count());
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.DoesNotContain(actual[i].Row, options.Exclude);
            Assert.Equal(expected[i].Score, actual[i].Score, tolerance);
            Assert.Equal(all[actual[i].Row], actual[i].Score, tolerance);
            if (i > 0)
                Assert.True(actual[i - 1].Score > actual[i].Score || (actual[i - 1].Score == actual[i].Score && actual[i - 1].Row < actual[i].Row),
                    $"hits {i - 1} and {i} are out of order: {actual[i - 1]} then {actual[i]}");
        }
    }
}
