using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using static SaeExplorer.Core.Tests.Rendering.Retrieval.RetrievalCorpora;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

public sealed class NearestManyTests : RetrievalCorpusTests
{
    [Theory]
    [InlineData(700, 17, 3, Storage.Memory)]
    [InlineData(300, 9, 1, Storage.Float32File)] // more queries than one query block (4,096)
    [InlineData(64, 33, 5, Storage.Float16File)]
    public void EachQueryGetsTheFloat64BruteForceHits(int rows, int dims, int top, Storage storage)
    {
        float[] data = Gaussian(rows * dims, rows);
        Array.Clear(data, (rows / 3) * dims, dims); // a zero row scores 0
        IEmbeddingMatrix corpus = Corpus(data, dims, storage);
        int count = rows == 300 ? 4200 : 40;
        float[] queries = Gaussian(count * dims, 5);
        Array.Clear(queries, 0, dims); // a zero query: every row scores 0, lowest rows first
        var options = new RetrievalOptions { Top = top, BlockRows = 97, Threads = 2 };
        RetrievalHit[][] hits = ExactRetrieval.NearestMany(corpus, RowNorms.Compute(corpus, options), queries, count, options);
        Assert.Equal(count, hits.Length);
        for (int q = 0; q < count; q++)
            BruteForceCosine.AssertMatches(corpus, queries[(q * dims)..((q + 1) * dims)], options, hits[q], 2e-5);
        Assert.Equal(Enumerable.Range(0, top).ToArray(), hits[0].Select(h => h.Row).ToArray());
    }

    [Fact]
    public void CentredNormsGiveWhatNearestGivesPerQuery()
    {
        const int rows = 300, dims = 12, count = 25;
        IEmbeddingMatrix corpus = Corpus(Gaussian(rows * dims, 8).Select(v => v + 3f).ToArray(), dims, Storage.Memory);
        RowNorms centred = RowNorms.Centred(corpus);
        float[] queries = Gaussian(count * dims, 9);
        var options = new RetrievalOptions { Top = 4 };
        RetrievalHit[][] many = ExactRetrieval.NearestMany(corpus, centred, queries, count, options);
        for (int q = 0; q < count; q++)
        {
            RetrievalHit[] one = ExactRetrieval.Nearest(corpus, centred, queries.AsSpan(q * dims, dims), options);
            Assert.Equal(one.Select(h => h.Row), many[q].Select(h => h.Row));
            for (int i = 0; i < one.Length; i++) Assert.Equal(one[i].Score, many[q][i].Score, 1e-5f);
        }
    }

    [Fact]
    public void RefusesExclusionsAndAQueryArrayOfTheWrongSize()
    {
        IEmbeddingMatrix corpus = Corpus(Gaussian(20, 1), 4, Storage.Memory);
        RowNorms norms = RowNorms.Compute(corpus);
        var exclude = Assert.Throws<ArgumentException>(() =>
            ExactRetrieval.NearestMany(corpus, norms, new float[8], 2, new RetrievalOptions { Exclude = [1] }));
        Assert.Contains("no excluded rows", exclude.Message);
        var size = Assert.Throws<ArgumentException>(() => ExactRetrieval.NearestMany(corpus, norms, new float[7], 2));
        Assert.Contains("2 queries of 4 values need 8 floats, got 7", size.Message);
        var infinite = Assert.Throws<ArgumentException>(() => ExactRetrieval.NearestMany(corpus, norms, [0, 0, 0, 0, 1, float.NaN, 0, 0], 2));
        Assert.Contains("query 1", infinite.Message);
    }
}
