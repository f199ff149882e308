using System.Buffers.Binary;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Indexing;

/// <summary>
/// An index and its checkpoints record the SAE weights they were built from, so one SAE's are never taken for another's
/// of the same size, and files written before the fingerprint was recorded still load.
/// </summary>
public sealed class SaeFingerprintIndexTests
{
    private const string A = "sha256:aaaaaaaaaaaaaaaa";
    private const string B = "sha256:bbbbbbbbbbbbbbbb";

    private static FeatureIndexOptions Options(string? fingerprint, string? checkpoint = null) => new()
    {
        TopK = 5, QuantileBands = 4, SamplesPerBand = 3, BatchSize = 8, CheckpointEveryBatches = 2, CheckpointPath = checkpoint,
        SaeFingerprint = fingerprint,
    };

    private static InMemoryEmbeddingMatrix Rows => new(IndexTestData.Awkward(120, 6, 4), 6);

    [Fact]
    public void TheFingerprintIsSavedAndLoadedWithTheIndex()
    {
        using var dir = new TempDirectory();
        var index = new FeatureIndexBuilder(Options(A)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 1);
        index.Save(dir.File("a.idx"));

        Assert.Equal(A, FeatureIndex.Load(dir.File("a.idx")).SaeFingerprint);
        Assert.Null(new FeatureIndexBuilder(Options(null)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 1).SaeFingerprint);
    }

    [Fact]
    public void AVersion1FileWithoutAFingerprintStillLoads()
    {
        using var dir = new TempDirectory();
        var index = new FeatureIndexBuilder(Options(null)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 1);
        using var written = new MemoryStream();
        index.Save(written);
        // The version 1 layout: the same 80 header bytes, its checksum, then the payload, with no fingerprint field.
        byte[] v2 = written.ToArray();
        byte[] v1 = [.. v2[..80], .. new byte[8], .. v2[128..]];
        BinaryPrimitives.WriteUInt32LittleEndian(v1.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(v1.AsSpan(80), FeatureIndexFile.Checksum.Of(v1.AsSpan(0, 80)));
        File.WriteAllBytes(dir.File("old.idx"), v1);

        var loaded = FeatureIndex.Load(dir.File("old.idx"));

        Assert.Null(loaded.SaeFingerprint);
        Assert.Equal(IndexTestData.Bytes(index), IndexTestData.Bytes(loaded));
    }

    [Fact]
    public void ACheckpointOfAnotherSaeOfTheSameSizeIsRefusedNotResumed()
    {
        using var dir = new TempDirectory();
        string cp = dir.File("shard.ckpt");
        using var cts = new CancellationTokenSource();
        var reports = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => new FeatureIndexBuilder(Options(A, cp)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 1,
            new SyncProgress<IndexBuildProgress>(_ => { if (++reports == 5) cts.Cancel(); }), cts.Token));
        Assert.Equal(A, FeatureIndex.Load(cp).SaeFingerprint);

        var e = Assert.Throws<IndexCheckpointMismatchException>(() =>
            new FeatureIndexBuilder(Options(B, cp)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 1));

        Assert.Contains($"written for the SAE with weights {A}", e.Message);
        Assert.Contains($"this build indexes the SAE with weights {B}", e.Message);
        Assert.True(File.Exists(cp), "the other SAE's checkpoint is left for its owner");
        Assert.Equal(A, new FeatureIndexBuilder(Options(A, cp)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 1).SaeFingerprint);
    }

    [Fact]
    public void PartsOfDifferentSaesDoNotMerge()
    {
        var a = new FeatureIndexBuilder(Options(A)).BuildShard(DenseFeatureSource.Identity(6), Rows, 0, 2);
        var b = new FeatureIndexBuilder(Options(B)).BuildShard(DenseFeatureSource.Identity(6), Rows, 1, 2);

        var e = Assert.Throws<ArgumentException>(() => FeatureIndex.Merge([a, b]));

        Assert.Contains($"different SAEs: weights {A} and {B}", e.Message);
        Assert.Equal(A, FeatureIndex.Merge([a, new FeatureIndexBuilder(Options(A)).BuildShard(DenseFeatureSource.Identity(6), Rows, 1, 2)]).SaeFingerprint);
    }
}
