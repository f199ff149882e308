using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using static SaeExplorer.Core.Tests.Rendering.Retrieval.RetrievalCorpora;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval;

public sealed class ExactRetrievalTests : RetrievalCorpusTests
{
    private static RetrievalHit[] Search(IEmbeddingMatrix corpus, float[] query, RetrievalOptions options) =>
        ExactRetrieval.Nearest(corpus, RowNorms.Compute(corpus, options), query, options);

    public static TheoryData<int, int, Storage> Sizes()
    {
        var data = new TheoryData<int, int, Storage>();
        foreach (int rows in new[] { 1, 7, 1023, 5000 })
            foreach (int dims in new[] { 3, 17, 1280 })
                data.Add(rows, dims, rows % 2 == 1 ? Storage.Float32File : Storage.Memory);
        data.Add(1023, 17, Storage.Float16File);
        data.Add(5000, 1280, Storage.Float16File);
        data.Add(7, 3, Storage.Float16File);
        return data;
    }

    [Theory, MemberData(nameof(Sizes))]
    public void MatchesFloat64BruteForce(int rows, int dims, Storage storage)
    {
        float[] data = Gaussian(rows * dims, rows + dims);
        Array.Clear(data, (rows / 2) * dims, dims); // a zero row: cosine 0
        IEmbeddingMatrix corpus = Corpus(data, dims, storage);
        float[] query = Gaussian(dims, 99);
        foreach (var options in new[]
                 {
                     new RetrievalOptions(),
                     new RetrievalOptions { Top = 10, BlockRows = 100, Threads = 3, Exclude = [0, rows - 1] },
                     new RetrievalOptions { Top = rows + 5, BlockRows = 64 }, // k larger than rows: every row, sorted
                 })
            BruteForceCosine.AssertMatches(corpus, query, options, Search(corpus, query, options));
    }

    [Fact]
    public void TiesGoToTheLowerRowAndZeroRowsScoreZero()
    {
        // Rows 1, 3 and 6 are the query's direction (6 twice as long: every product scales exactly, so the scores tie
        // exactly); 0 and 4 are zero; 2 and 5 are orthogonal to it, exactly so even after the query is normalised.
        float[] data = [0, 0, 0, 1, 2, 2, 2, -1, 0, 1, 2, 2, 0, 0, 0, 0, 1, -1, 2, 4, 4];
        foreach (Storage storage in Enum.GetValues<Storage>())
        {
            IEmbeddingMatrix corpus = Corpus(data, 3, storage);
            RetrievalHit[] hits = Search(corpus, [1, 2, 2], new RetrievalOptions { Top = 7, BlockRows = 2 });
            Assert.Equal([1, 3, 6, 0, 2, 4, 5], hits.Select(h => h.Row));
            Assert.Equal(hits[0].Score, hits[1].Score);
            Assert.Equal(1.0, hits[0].Score, 6);
            Assert.Equal(1.0, hits[2].Score, 6);
            Assert.All(hits.Skip(3), h => Assert.Equal(0f, h.Score));
        }
    }

    [Fact]
    public void AZeroQueryScoresEveryRowZeroInRowOrder()
    {
        IEmbeddingMatrix corpus = Corpus(Gaussian(40, 5), 4, Storage.Memory);
        RetrievalHit[] hits = Search(corpus, new float[4], new RetrievalOptions { Top = 3, Exclude = [1] });
        Assert.Equal([new RetrievalHit(0, 0), new RetrievalHit(2, 0), new RetrievalHit(3, 0)], hits);
    }

    [Fact]
    public void ExcludedRowsNeverComeBackAndTheRestFillIn()
    {
        float[] data = Gaussian(50 * 8, 21);
        IEmbeddingMatrix corpus = Corpus(data, 8, Storage.Memory);
        float[] query = data.AsSpan(10 * 8, 8).ToArray(); // row 10 itself, score 1
        RetrievalHit[] all = Search(corpus, query, new RetrievalOptions { Top = 5 });
        Assert.Equal(10, all[0].Row);
        var options = new RetrievalOptions { Top = 5, Exclude = [10, all[1].Row, 999] };
        RetrievalHit[] hits = Search(corpus, query, options);
        Assert.Equal(all.Skip(2).Select(h => h.Row), hits.Take(3).Select(h => h.Row));
        BruteForceCosine.AssertMatches(corpus, query, options, hits);
        Assert.Empty(Search(corpus, query, new RetrievalOptions { Top = 0 }));
    }

    [Property(MaxTest = 60)]
    public Property AnyCorpusMatchesBruteForce() => Prop.ForAll(
        Gen.Choose(1, 300).Zip(Gen.Choose(1, 40)).Zip(Gen.Choose(0, 20).Zip(Gen.Choose(1, 64)))
            .Zip(Gen.Elements(Enum.GetValues<Storage>()).Zip(Gen.Choose(0, int.MaxValue))).ToArbitrary(),
        t =>
        {
            (((int rows, int dims), (int top, int blockRows)), (Storage storage, int seed)) = t;
            var random = new Random(seed);
            float[] data = Gaussian(rows * dims, seed);
            for (int r = 0; r < rows; r++)
                if (random.Next(8) == 0) Array.Clear(data, r * dims, dims);
                else if (r > 0 && random.Next(8) == 0) Array.Copy(data, (r - 1) * dims, data, r * dims, dims); // a tie
            IEmbeddingMatrix corpus = Corpus(data, dims, storage);
            var options = new RetrievalOptions
            {
                Top = top, BlockRows = blockRows, Threads = 1 + random.Next(3),
                Exclude = [.. Enumerable.Range(0, rows).Where(_ => random.Next(10) == 0)],
            };
            float[] query = Gaussian(dims, seed ^ 0x5eed);
            BruteForceCosine.AssertMatches(corpus, query, options, Search(corpus, query, options));
        });

    [Fact]
    public void DuplicateRowsTieExactlyWhereverTheyLieInTheFile()
    {
        // 17 columns: each row starts at a different alignment, and the kernels must still give equal rows equal scores.
        float[] row = Gaussian(17, 3);
        float[] data = [.. Enumerable.Range(0, 40).SelectMany(_ => row)];
        foreach (Storage storage in Enum.GetValues<Storage>())
        {
            RetrievalHit[] hits = Search(Corpus(data, 17, storage), Gaussian(17, 4), new RetrievalOptions { Top = 40, BlockRows = 7 });
            Assert.Equal(Enumerable.Range(0, 40), hits.Select(h => h.Row));
            Assert.Single(hits.Select(h => h.Score).Distinct());
        }
    }

    [Fact]
    public void CancellationStopsTheScan()
    {
        IEmbeddingMatrix corpus = Corpus(Gaussian(4000, 1), 4, Storage.Memory);
        RowNorms norms = RowNorms.Compute(corpus);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => ExactRetrieval.Nearest(corpus, norms, new float[4], new RetrievalOptions { BlockRows = 10 }, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => RowNorms.Compute(corpus, null, cancelled.Token));
    }

    [Fact]
    public void BadInputIsRefusedByName()
    {
        IEmbeddingMatrix corpus = Corpus(Gaussian(12, 1), 3, Storage.Memory);
        RowNorms norms = RowNorms.Compute(corpus);
        Assert.Contains("the query has 2 values, the corpus rows have 3",
            Assert.Throws<ArgumentException>(() => ExactRetrieval.Nearest(corpus, norms, [1, 2])).Message);
        Assert.Contains("the query's value 1 is NaN",
            Assert.Throws<ArgumentException>(() => ExactRetrieval.Nearest(corpus, norms, [1, float.NaN, 0])).Message);
        Assert.Contains("row norms are for 4 x 3, the corpus is 2 x 3",
            Assert.Throws<ArgumentException>(() => ExactRetrieval.Nearest(Corpus(Gaussian(6, 2), 3, Storage.Memory), norms, [1, 2, 3])).Message);
        Assert.Contains("top must be >= 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => ExactRetrieval.Nearest(corpus, norms, [1, 2, 3], new RetrievalOptions { Top = -1 })).Message);
    }

    [Fact]
    public void RowsWithNonFiniteValuesScoreZero()
    {
        float[] data = [1, 0, float.PositiveInfinity, 0, 1, 0, float.NaN, 1];
        RetrievalHit[] hits = Search(Corpus(data, 2, Storage.Memory), [1, 1], new RetrievalOptions { Top = 4 });
        Assert.Equal([0, 2, 1, 3], hits.Select(h => h.Row));
        Assert.Equal([0f, 0f], hits.Skip(2).Select(h => h.Score));
    }
}
