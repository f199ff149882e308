using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Indexing;

public class NearestFeaturesCheckpointTests
{
    private static DenseFeatureSource Source(int features, int dIn, int seed) =>
        new(dIn, features, new float[dIn * features], new float[features], IndexTestData.Gaussian(features * dIn, seed));

    private static void AssertSame(NearestFeatures expected, NearestFeatures actual)
    {
        for (int j = 0; j < expected.FeatureCount; j++)
        {
            Assert.Equal(expected.IdsOf(j).ToArray(), actual.IdsOf(j).ToArray());
            Assert.Equal(expected.CosinesOf(j).ToArray(), actual.CosinesOf(j).ToArray());
        }
    }

    [Fact]
    public void ACancelledRunResumesAfterItsLastBlockAndEndsAsAnUninterruptedOne()
    {
        using var dir = new TempDirectory();
        string checkpoint = dir.File("nf.checkpoint");
        var source = Source(70, 6, 11);
        NearestFeatures whole = NearestFeatures.Compute(source, 5, blockRows: 8, blockColumns: 16);

        using var cts = new CancellationTokenSource();
        var seen = new List<long>();
        Assert.ThrowsAny<OperationCanceledException>(() => NearestFeatures.Compute(source, 5, 8, 16, cts.Token, checkpoint, checkpointEveryBlocks: 3,
            progress: new SyncProgress<IndexBuildProgress>(p => { seen.Add(p.RowsDone); if (p.RowsDone == 40) cts.Cancel(); })));
        Assert.Equal(new long[] { 0, 8, 16, 24, 32, 40 }, seen);
        Assert.True(File.Exists(checkpoint)); // saved at 24 (every 3 blocks), and again at 40 on cancellation

        var resumed = new List<long>();
        NearestFeatures finished = NearestFeatures.Compute(source, 5, 8, 16, default, checkpoint, 3,
            new SyncProgress<IndexBuildProgress>(p => resumed.Add(p.RowsDone)));
        Assert.Equal(new long[] { 40, 48, 56, 64, 70 }, resumed);
        AssertSame(whole, finished);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void AKillLosesAtMostOneInterval()
    {
        using var dir = new TempDirectory();
        string checkpoint = dir.File("nf.checkpoint");
        var source = Source(50, 4, 3);
        // An exception that is not a cancellation stands for a kill: nothing is saved on the way out.
        Assert.Throws<IOException>(() => NearestFeatures.Compute(source, 4, 5, 7, default, checkpoint, 2,
            new SyncProgress<IndexBuildProgress>(p => { if (p.RowsDone == 35) throw new IOException("killed"); })));
        var resumed = new List<long>();
        NearestFeatures finished = NearestFeatures.Compute(source, 4, 5, 7, default, checkpoint, 2,
            new SyncProgress<IndexBuildProgress>(p => resumed.Add(p.RowsDone)));
        Assert.Equal(30, resumed[0]); // the checkpoint of 30 (every 2 blocks of 5); the block to 35 is done again
        AssertSame(NearestFeatures.Compute(source, 4, 5, 7), finished);
    }

    [Fact]
    public void ACheckpointOfAnotherDecoderIsRefused()
    {
        using var dir = new TempDirectory();
        string checkpoint = dir.File("nf.checkpoint");
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => NearestFeatures.Compute(Source(30, 4, 1), 3, 5, 5, cts.Token, checkpoint, 1,
            new SyncProgress<IndexBuildProgress>(p => { if (p.RowsDone == 10) cts.Cancel(); })));
        var e = Assert.Throws<IndexCheckpointMismatchException>(() => NearestFeatures.Compute(Source(30, 4, 2), 3, 5, 5, default, checkpoint));
        Assert.Contains("Delete it to start over", e.Message);
    }

    [Fact]
    public void AKillDuringNeighboursResumesThereWithoutEncodingAgain()
    {
        using var dir = new TempDirectory();
        var source = Source(40, 3, 9);
        var embeddings = new InMemoryEmbeddingMatrix(IndexTestData.Gaussian(90 * 3, 4), 3);
        var options = new FeatureIndexOptions { BatchSize = 16, NeighbourCount = 4, CheckpointPath = dir.File("i.checkpoint") };
        byte[] whole = IndexTestData.Bytes(new FeatureIndexBuilder(options with { CheckpointPath = null }).Build(source, embeddings));

        // Killed in the nearest-features step: the encoded statistics are in their checkpoint, whole.
        Assert.Throws<IOException>(() => new FeatureIndexBuilder(options).Build(source, embeddings,
            new SyncProgress<IndexBuildProgress>(p => { if (p.Step == IndexStep.NearestFeatures) throw new IOException("killed"); })));
        Assert.True(File.Exists(options.CheckpointPath));

        var steps = new List<(IndexStep, long)>();
        FeatureIndex resumed = new FeatureIndexBuilder(options).Build(source, embeddings,
            new SyncProgress<IndexBuildProgress>(p => steps.Add((p.Step, p.RowsDone))));
        Assert.Equal((IndexStep.Encode, 90L), steps[0]); // nothing left to encode
        Assert.Equal(IndexStep.NearestFeatures, steps[1].Item1);
        Assert.Equal(whole, IndexTestData.Bytes(resumed));
        Assert.False(File.Exists(options.CheckpointPath));
        Assert.False(File.Exists(FeatureIndexBuilder.NeighboursCheckpointPath(options.CheckpointPath!)));
    }
}
