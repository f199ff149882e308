using SaeExplorer.Core;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Indexing;

public class FeatureIndexFileTests
{
    private static FeatureIndex Sample(string? checkpoint = null, int batch = 8, int every = 2) =>
        new FeatureIndexBuilder(Options(checkpoint, batch, every)).BuildShard(
            DenseFeatureSource.Identity(6), new InMemoryEmbeddingMatrix(IndexTestData.Awkward(120, 6, 4), 6), 0, 1);

    private static FeatureIndexOptions Options(string? checkpoint, int batch = 8, int every = 2) =>
        new() { TopK = 5, QuantileBands = 4, SamplesPerBand = 3, BatchSize = batch, CheckpointPath = checkpoint, CheckpointEveryBatches = every };

    [Fact]
    public void SaveLoadRoundTripsByteForByte()
    {
        using var dir = new TempDirectory();
        FeatureIndex index = Sample();
        index.Save(dir.File("a.fidx"));
        FeatureIndex loaded = FeatureIndex.Load(dir.File("a.fidx"));
        Assert.Equal(IndexTestData.Bytes(index), IndexTestData.Bytes(loaded));
        Assert.Equal(index[2].TopRows.ToArray(), loaded[2].TopRows.ToArray());
        Assert.Equal(index[2].MeanActivation, loaded[2].MeanActivation);
        Assert.False(File.Exists(dir.File("a.fidx.partial")));
    }

    [Fact]
    public void ResumesAfterCancellationIdentically()
    {
        using var dir = new TempDirectory();
        string cp = dir.File("shard.ckpt");
        byte[] expected = IndexTestData.Bytes(Sample());
        using var cts = new CancellationTokenSource();
        int reports = 0;
        var builder = new FeatureIndexBuilder(Options(cp, batch: 8, every: 4));
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Awkward(120, 6, 4), 6);
        Assert.ThrowsAny<OperationCanceledException>(() => builder.BuildShard(DenseFeatureSource.Identity(6), embeddings, 0, 1,
            new SyncProgress<IndexBuildProgress>(_ => { if (++reports == 7) cts.Cancel(); }), cts.Token));
        Assert.True(File.Exists(cp));
        // Cancellation saves the state after the last whole batch (6 batches = 48 rows).
        Assert.Equal(48, FeatureIndex.Load(cp).RowEnd);

        var resumedFrom = new List<long>();
        FeatureIndex resumed = builder.BuildShard(DenseFeatureSource.Identity(6), embeddings, 0, 1,
            new SyncProgress<IndexBuildProgress>(p => resumedFrom.Add(p.RowsDone)));
        Assert.Equal(48, resumedFrom[0]);
        Assert.Equal(expected, IndexTestData.Bytes(resumed));
        Assert.False(File.Exists(cp));
    }

    [Fact]
    public void ResumesAfterACrashFromTheLastCheckpoint()
    {
        using var dir = new TempDirectory();
        string cp = dir.File("shard.ckpt");
        byte[] expected = IndexTestData.Bytes(Sample());
        var builder = new FeatureIndexBuilder(Options(cp, batch: 8, every: 3));
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Awkward(120, 6, 4), 6);
        int reports = 0;
        // A crash: an exception that is not cancellation, after 8 batches; the last checkpoint is at 6 batches.
        Assert.Throws<IOException>(() => builder.BuildShard(DenseFeatureSource.Identity(6), embeddings, 0, 1,
            new SyncProgress<IndexBuildProgress>(_ => { if (++reports == 9) throw new IOException("disk gone"); })));
        Assert.Equal(48, FeatureIndex.Load(cp).RowEnd);
        Assert.Equal(expected, IndexTestData.Bytes(builder.BuildShard(DenseFeatureSource.Identity(6), embeddings, 0, 1)));
    }

    [Fact]
    public void ResumedShardsStillMergeToTheSingleRun()
    {
        using var dir = new TempDirectory();
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Awkward(120, 6, 4), 6);
        var parts = new List<FeatureIndex>();
        for (int i = 0; i < 3; i++)
        {
            var builder = new FeatureIndexBuilder(Options(dir.File($"s{i}.ckpt"), batch: 4, every: 1));
            using var cts = new CancellationTokenSource();
            int reports = 0;
            Assert.ThrowsAny<OperationCanceledException>(() => builder.BuildShard(DenseFeatureSource.Identity(6), embeddings, i, 3,
                new SyncProgress<IndexBuildProgress>(_ => { if (++reports == 3 + i) cts.Cancel(); }), cts.Token));
            parts.Add(builder.BuildShard(DenseFeatureSource.Identity(6), embeddings, i, 3));
        }
        Assert.Equal(IndexTestData.Bytes(Sample()), IndexTestData.Bytes(FeatureIndex.Merge(parts)));
    }

    [Fact]
    public void RefusesACheckpointOfAnotherBuild()
    {
        using var dir = new TempDirectory();
        string cp = dir.File("x.ckpt");
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Awkward(120, 6, 4), 6);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => new FeatureIndexBuilder(Options(cp)).BuildShard(DenseFeatureSource.Identity(6), embeddings, 0, 2,
            new SyncProgress<IndexBuildProgress>(p => { if (p.RowsDone >= 16) cts.Cancel(); }), cts.Token));
        Exception e = Assert.Throws<IndexCheckpointMismatchException>(() =>
            new FeatureIndexBuilder(Options(cp)).BuildShard(DenseFeatureSource.Identity(6), embeddings, 1, 2));
        Assert.Contains("is for rows 0..60", e.Message);
        e = Assert.Throws<IndexCheckpointMismatchException>(() =>
            new FeatureIndexBuilder(Options(cp) with { TopK = 9 }).BuildShard(DenseFeatureSource.Identity(6), embeddings, 0, 2));
        Assert.Contains("top-5", e.Message);
    }

    private static string LoadError(byte[] bytes, TempDirectory dir)
    {
        string path = dir.Write("bad.fidx", bytes);
        var e = Assert.Throws<FeatureIndexFormatException>(() => FeatureIndex.Load(path));
        Assert.Contains("bad.fidx", e.Message);
        return e.Message;
    }

    [Fact]
    public void CorruptOrTruncatedFilesFailWithTheReason()
    {
        using var dir = new TempDirectory();
        byte[] good = IndexTestData.Bytes(Sample());

        Assert.Contains("bad magic", LoadError("not an index at all, just some text"u8.ToArray(), dir));
        Assert.Contains("truncated", LoadError(good[..40], dir));
        Assert.Contains("truncated", LoadError(good[..0], dir));

        byte[] version = (byte[])good.Clone();
        version[8] = 9;
        Assert.Contains("unsupported version 9", LoadError(version, dir));

        byte[] header = (byte[])good.Clone();
        header[20] ^= 1; // top-K
        Assert.Contains("corrupt header", LoadError(header, dir));

        foreach (int cut in new[] { 88, 100, good.Length / 2, good.Length - 8, good.Length - 1 })
            Assert.Contains("truncated", LoadError(good[..cut], dir));

        Assert.Contains("trailing bytes", LoadError([.. good, 0], dir));

        foreach (int at in new[] { 88, 500, good.Length / 2, good.Length - 9, good.Length - 1 })
        {
            byte[] flipped = (byte[])good.Clone();
            flipped[at] ^= 0x10;
            Assert.Contains("checksum mismatch", LoadError(flipped, dir));
        }
    }

    [Fact]
    public void TruncatedNonSeekableStreamIsReported()
    {
        byte[] good = IndexTestData.Bytes(Sample());
        using var stream = new NonSeekable(good[..(good.Length - 20)]);
        var e = Assert.Throws<FeatureIndexFormatException>(() => FeatureIndex.Load(stream));
        Assert.Contains("truncated", e.Message);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
