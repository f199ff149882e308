using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Rendering.Retrieval.Approximate;
using SaeExplorer.Core.Tests.Imaging;
using SaeExplorer.Core.Tests.Indexing;

namespace SaeExplorer.Core.Tests.Rendering.Retrieval.Approximate;

public class NearestImageIndexTests
{
    private const int Rows = 3000, Columns = 24;

    /// <summary>A float16 corpus of clustered random rows around a common mean, as embeddings are.</summary>
    private static string Corpus(TempDirectory dir)
    {
        string path = dir.File("corpus.npy");
        float[] centres = IndexTestData.Gaussian(40 * Columns, 7);
        float[] noise = IndexTestData.Gaussian(Rows * Columns, 8);
        using var writer = NpyWriter.Create(path, Columns, NpyDType.Float16);
        var row = new float[Columns];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
                row[c] = 3f + centres[r % 40 * Columns + c] + 0.4f * noise[r * Columns + c];
            writer.WriteRow(row);
        }
        writer.Complete();
        return path;
    }

    [Theory]
    [InlineData(NearestImagesOptions.Float16)]
    [InlineData(NearestImagesOptions.Int8)]
    public void FindsWhatExactRetrievalFindsWithExactScores(string vectors)
    {
        using var dir = new TempDirectory();
        using var corpus = NpyFile.Open(Corpus(dir));
        string path = dir.File("corpus.usearch");
        var options = new NearestImagesOptions { Threads = 2, Vectors = vectors };
        NearestImageIndexBuilder.Build(corpus, path, options);
        Assert.False(File.Exists(NearestImageIndexBuilder.CheckpointPath(path)));
        using var index = NearestImageIndex.Open(path, corpus, options);

        foreach (bool centred in new[] { true, false })
        {
            RecallCheck.Result result = RecallCheck.Run(corpus, index, 60, 8, centred);
            Assert.True(result.Recall >= 0.95, result.ToString());
        }
        // The candidates are rescored exactly: a hit's score is exact retrieval's score for that row.
        var query = new float[Columns];
        corpus.ReadRow(17, query);
        RowNorms plain = RowNorms.Compute(corpus);
        RetrievalHit[] exact = ExactRetrieval.Nearest(corpus, plain, query, new RetrievalOptions { Top = 8, Exclude = [17] });
        RetrievalHit[] approximate = index.Nearest(query, 8, centred: false, exclude: [17]);
        Assert.DoesNotContain(approximate, h => h.Row == 17);
        foreach (RetrievalHit hit in approximate.Where(h => exact.Any(e => e.Row == h.Row)))
            Assert.Equal(exact.Single(e => e.Row == hit.Row).Score, hit.Score, 1e-4f);
    }

    [Fact]
    public void ManyQueriesAtOnceAnswerAsEachAloneLeavingTheExcludedRowsOut()
    {
        using var dir = new TempDirectory();
        using var corpus = NpyFile.Open(Corpus(dir));
        string path = dir.File("corpus.usearch");
        var options = new NearestImagesOptions { Threads = 2 };
        NearestImageIndexBuilder.Build(corpus, path, options);
        using var index = NearestImageIndex.Open(path, corpus, options);
        int[] rows = [3, 41, 977, 2048, 2999];
        var queries = new float[rows.Length * Columns];
        for (int i = 0; i < rows.Length; i++)
            corpus.ReadRow(rows[i], queries.AsSpan(i * Columns, Columns));
        int[] exclude = [41, 81]; // row 41 and another of its cluster (clusters are rows r mod 40)

        RetrievalHit[][] many = index.NearestMany(queries, rows.Length, 6, centred: true, exclude);
        for (int i = 0; i < rows.Length; i++)
        {
            RetrievalHit[] alone = index.Nearest(queries.AsSpan(i * Columns, Columns), 6, centred: true, exclude);
            Assert.Equal(alone, many[i]);
            Assert.Equal(6, many[i].Length);
            Assert.DoesNotContain(many[i], h => exclude.Contains(h.Row));
        }
    }

    [Fact]
    public void Int8VectorsTakeOneByteADimensionWhereFloat16TakeTwo()
    {
        using var dir = new TempDirectory();
        using var corpus = NpyFile.Open(Corpus(dir));
        long Size(string vectors)
        {
            string path = dir.File($"{vectors}.usearch");
            NearestImageIndexBuilder.Build(corpus, path, new NearestImagesOptions { Threads = 2, Vectors = vectors });
            return new FileInfo(path).Length;
        }

        // Same graph settings, same rows: the files differ by the vectors alone, one byte per value.
        Assert.Equal((long)Rows * Columns, Size(NearestImagesOptions.Float16) - Size(NearestImagesOptions.Int8), (double)Rows * Columns * 0.05);
    }

    [Fact]
    public void AnInterruptedBuildResumesFromItsCheckpoint()
    {
        using var dir = new TempDirectory();
        using var corpus = NpyFile.Open(Corpus(dir));
        string path = dir.File("corpus.usearch");
        var options = new NearestImagesOptions { Threads = 2, CheckpointEveryRows = 1000 };
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => NearestImageIndexBuilder.Build(corpus, path, options,
            new SyncProgress<Core.Progress.WorkProgress>(p => { if (p.Done >= 2048) cts.Cancel(); }), cts.Token));
        Assert.True(File.Exists(NearestImageIndexBuilder.CheckpointPath(path)));
        Assert.False(File.Exists(path));

        var resumedAt = new List<long>();
        NearestImageIndexBuilder.Build(corpus, path, options, new SyncProgress<Core.Progress.WorkProgress>(p => resumedAt.Add(p.Done)));
        Assert.Equal(2048, resumedAt[0]); // the last checkpoint (after each block of 1,024, as each passes 1,000 rows)
        using var index = NearestImageIndex.Open(path, corpus, options);
        Assert.Equal(Rows, index.Rows);
        Assert.True(RecallCheck.Run(corpus, index, 30, 8, centred: true).Recall >= 0.95);
    }

    [Fact]
    public void AnIndexOfAnotherCorpusIsRefused()
    {
        using var dir = new TempDirectory();
        using var corpus = NpyFile.Open(Corpus(dir));
        string path = dir.File("corpus.usearch");
        NearestImageIndexBuilder.Build(corpus, path, new NearestImagesOptions());
        string other = dir.File("other.npy");
        using (var writer = NpyWriter.Create(other, Columns))
        {
            writer.WriteRow(new float[Columns]);
            writer.Complete();
        }
        using var small = NpyFile.Open(other);
        var e = Assert.Throws<InvalidDataException>(() => NearestImageIndex.Open(path, small, new NearestImagesOptions()));
        Assert.Contains("build it again", e.Message);
    }
}
