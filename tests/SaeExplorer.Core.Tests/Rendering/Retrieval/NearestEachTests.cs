using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using static SaeExplorer.Core.Tests.Rendering.Retrieval.RetrievalCorpora;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

/// <summary>
/// A few queries in one pass (an image's groups): each gets the float64 brute-force hits, left-out rows included, over
/// blocks and cache-sized runs of rows that do not divide the corpus evenly, in every storage.
/// </summary>
public sealed class NearestEachTests : RetrievalCorpusTests
{
    [Theory]
    [InlineData(700, 17, 3, 97, Storage.Memory)]
    [InlineData(1000, 9, 6, 300, Storage.Float32File)] // blocks of 300 rows scored in runs of 256 and 44
    [InlineData(530, 33, 5, 1024, Storage.Float16File)]
    public void EachQueryGetsTheFloat64BruteForceHitsWithoutTheLeftOutRows(int rows, int dims, int top, int blockRows, Storage storage)
    {
        float[] data = Gaussian(rows * dims, rows);
        Array.Clear(data, (rows / 3) * dims, dims); // a zero row scores 0
        IEmbeddingMatrix corpus = Corpus(data, dims, storage);
        const int count = 12;
        float[] queries = Gaussian(count * dims, 5);
        Array.Clear(queries, 0, dims); // a zero query: every row scores 0, lowest rows first
        var options = new RetrievalOptions { Top = top, BlockRows = blockRows, Threads = 2, Exclude = [0, 2, rows - 1] };
        RetrievalHit[][] hits = ExactRetrieval.NearestEach(corpus, RowNorms.Compute(corpus, options), queries, count, options);
        Assert.Equal(count, hits.Length);
        for (int q = 0; q < count; q++)
            BruteForceCosine.AssertMatches(corpus, queries[(q * dims)..((q + 1) * dims)], options, hits[q], 2e-5);
        Assert.Equal([1, .. Enumerable.Range(3, top - 1)], hits[0].Select(h => h.Row).ToArray());
    }

    [Fact]
    public void CentredNormsGiveWhatNearestGivesPerQuery()
    {
        const int rows = 600, dims = 12, count = 9;
        IEmbeddingMatrix corpus = Corpus(Gaussian(rows * dims, 8).Select(v => v + 3f).ToArray(), dims, Storage.Memory);
        RowNorms centred = RowNorms.Centred(corpus);
        float[] queries = Gaussian(count * dims, 9);
        var options = new RetrievalOptions { Top = 4, Exclude = [5] };
        RetrievalHit[][] each = ExactRetrieval.NearestEach(corpus, centred, queries, count, options);
        for (int q = 0; q < count; q++)
        {
            RetrievalHit[] one = ExactRetrieval.Nearest(corpus, centred, queries.AsSpan(q * dims, dims), options);
            Assert.Equal(one, each[q]);
        }
    }

    [Fact]
    public void RefusesAQueryArrayOfTheWrongSizeAndNoQueriesGetNoHits()
    {
        IEmbeddingMatrix corpus = Corpus(Gaussian(20, 1), 4, Storage.Memory);
        RowNorms norms = RowNorms.Compute(corpus);
        var size = Assert.Throws<ArgumentException>(() => ExactRetrieval.NearestEach(corpus, norms, new float[7], 2));
        Assert.Contains("2 queries of 4 values need 8 floats, got 7", size.Message);
        var one = Assert.Throws<ArgumentException>(() => ExactRetrieval.Nearest(corpus, norms, new float[3]));
        Assert.Contains("the query has 3 values, the corpus rows have 4", one.Message);
        Assert.Empty(ExactRetrieval.NearestEach(corpus, norms, [], 0));
    }
}
