using SaeExplorer.Cli.Commands;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae.Loading;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

public sealed class IndexCommandTests : IDisposable
{
    private const int Rows = 301;
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-index-").FullName;
    private readonly string _npy;
    private readonly string _sae;

    public IndexCommandTests()
    {
        _npy = IndexFixtures.WriteEmbeddings(Path.Combine(_dir, "emb.npy"), Rows);
        _sae = IndexFixtures.WriteSae(Path.Combine(_dir, "sae"));
    }

    private string Out(string name) => Path.Combine(_dir, name);

    /// <summary>What the command records as the SAE's identity: its weights file's fingerprint.</summary>
    private string Fingerprint => ModelFingerprint.Of(SaeLoader.WeightsFile(_sae, SaeFormat.Auto));

    /// <summary>The library's own build on the same inputs, as saved bytes.</summary>
    private byte[] Reference(FeatureIndexOptions? options = null)
    {
        using var data = NpyFile.Open(_npy);
        using var sae = SaeLoader.Load(_sae, SaeFormat.Auto, data.Columns);
        var index = new FeatureIndexBuilder((options ?? new FeatureIndexOptions()) with { SaeFingerprint = Fingerprint })
            .Build(new SaeFeatureSource(sae), data);
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task IndexWritesWhatTheBuilderBuildsAndSummarises()
    {
        var idx = Out("full.idx");

        var (code, output) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", idx, "--batch-size", "32");

        Assert.True(code == 0, output);
        Assert.Equal(Reference(), await File.ReadAllBytesAsync(idx));
        var index = FeatureIndex.Load(idx);
        Assert.True(index.IsComplete);
        Assert.Equal(IndexFixtures.DSae, index.FeatureCount);
        Assert.NotNull(index.Neighbours);
        Assert.Equal(10, index.Neighbours!.Count);
        var alive = Enumerable.Range(0, index.FeatureCount).Count(f => index[f].FiringCount > 0);
        Assert.True(alive <= IndexFixtures.DSae - 8);
        Assert.Contains($"{alive} of {IndexFixtures.DSae}", output);
        Assert.Contains("median firing frequency", output);
        Assert.Contains($"{Rows}", output);
        Assert.Contains("elapsed", output);
        Assert.False(File.Exists(idx + ".checkpoint"));
    }

    [Fact]
    public async Task OptionsReachTheBuilder()
    {
        var idx = Out("small.idx");

        var (code, output) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", idx,
            "--top-k", "5", "--bands", "3", "--samples", "2", "--neighbours", "4");

        Assert.True(code == 0, output);
        Assert.Equal(Reference(new FeatureIndexOptions { TopK = 5, QuantileBands = 3, SamplesPerBand = 2, NeighbourCount = 4 }),
            await File.ReadAllBytesAsync(idx));
    }

    [Fact]
    public async Task TwoShardsMergedEqualTheUnshardedIndexByteForByte()
    {
        string p0 = Out("p0.idx"), p1 = Out("p1.idx"), merged = Out("merged.idx");

        var (c0, o0) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", p0, "--shard", "0/2");
        var (c1, o1) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", p1, "--shard", "1/2");
        var (cm, om) = await RunAsync("index", "merge", "--sae", _sae, "--out", merged, p1, p0);

        Assert.True(c0 == 0, o0);
        Assert.True(c1 == 0, o1);
        Assert.True(cm == 0, om);
        var part0 = FeatureIndex.Load(p0);
        Assert.Equal((0L, 150L, (long)Rows), (part0.RowStart, part0.RowEnd, part0.CorpusRows));
        Assert.Null(part0.Neighbours);
        var part1 = FeatureIndex.Load(p1);
        Assert.Equal((150L, (long)Rows), (part1.RowStart, part1.RowEnd));
        Assert.Contains("150 (0..150 of 301)", o0);
        Assert.Equal(Reference(), await File.ReadAllBytesAsync(merged));
        Assert.Contains("merged 2 parts", om);
    }

    [Theory]
    [InlineData(5, 2, 256)]
    [InlineData(301, 3, 32)]
    [InlineData(301, 4, 50)]
    public async Task ShardsThatSplitEncodingBatchesStillMergeToTheUnshardedBytes(int rows, int shards, int batch)
    {
        var npy = IndexFixtures.WriteEmbeddings(Out($"e{rows}.npy"), rows, seed: rows);
        var b = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var full = Out("grid-full.idx");
        Assert.Equal(0, (await RunAsync("index", "--sae", _sae, "--embeddings", npy, "--out", full, "--batch-size", b)).Code);
        var parts = new List<string>();
        for (var i = 0; i < shards; i++)
        {
            parts.Add(Out($"grid{i}.idx"));
            var (code, output) = await RunAsync("index", "--sae", _sae, "--embeddings", npy, "--out", parts[^1], "--shard", $"{i}/{shards}", "--batch-size", b);
            Assert.True(code == 0, output);
        }
        var merged = Out("grid-merged.idx");
        var m = await RunAsync(["index", "merge", "--sae", _sae, "--out", merged, .. parts]);
        Assert.True(m.Code == 0, m.Output);
        Assert.Equal(await File.ReadAllBytesAsync(full), await File.ReadAllBytesAsync(merged));
    }

    [Theory]
    [InlineData("2/2", "0 <= i < n")]
    [InlineData("a/b", "expected i/n")]
    [InlineData("1", "expected i/n")]
    [InlineData("0/0", "0 <= i < n")]
    [InlineData("1/2/3", "expected i/n")]
    public async Task BadShardValuesAreAClearErrorWithExitCode2(string shard, string message)
    {
        var idx = Out("bad.idx");

        var (code, output) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", idx, "--shard", shard);

        Assert.Equal(2, code);
        Assert.Contains($"error: --shard '{shard}'", output);
        Assert.Contains(message, output);
        Assert.False(File.Exists(idx));
    }

    [Fact]
    public async Task AnInterruptedBuildResumesFromItsCheckpoint()
    {
        var idx = Out("resumed.idx");
        var checkpoint = idx + IndexCommand.CheckpointSuffix;
        // A run stopped after 96 rows, the way Ctrl+C leaves it (the builder saves on cancellation).
        using (var data = NpyFile.Open(_npy))
        using (var sae = SaeLoader.Load(_sae))
        using (var cts = new CancellationTokenSource())
        {
            var builder = new FeatureIndexBuilder(new FeatureIndexOptions { BatchSize = 32, CheckpointPath = checkpoint, SaeFingerprint = Fingerprint });
            var stopAfter96 = new CancelAt(96, cts);
            Assert.ThrowsAny<OperationCanceledException>(() => builder.Build(new SaeFeatureSource(sae), data, stopAfter96, cts.Token));
        }
        Assert.True(File.Exists(checkpoint));

        var (code, output) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", idx, "--batch-size", "32");

        Assert.True(code == 0, output);
        Assert.Contains("resuming from checkpoint", output);
        Assert.Contains("encode resumed: 96 of 301 were already done", output);
        Assert.Equal(Reference(), await File.ReadAllBytesAsync(idx));
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public async Task ACheckpointOfAnotherShardIsRefusedNotMixedIn()
    {
        var idx = Out("other.idx");
        var checkpoint = idx + IndexCommand.CheckpointSuffix;
        using (var data = NpyFile.Open(_npy))
        using (var sae = SaeLoader.Load(_sae))
        using (var cts = new CancellationTokenSource())
        {
            var builder = new FeatureIndexBuilder(new FeatureIndexOptions { BatchSize = 32, CheckpointPath = checkpoint, SaeFingerprint = Fingerprint });
            Assert.ThrowsAny<OperationCanceledException>(() => builder.BuildShard(new SaeFeatureSource(sae), data, 1, 2, new CancelAt(32, cts), cts.Token));
        }

        var (code, output) = await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", idx, "--shard", "0/2");

        Assert.Equal(2, code);
        Assert.Contains("Delete it to start over", output);
        Assert.False(File.Exists(idx));
    }

    [Fact]
    public async Task MergeReportsMissingOverlappingAndGappedParts()
    {
        string p0 = Out("m0.idx"), p1 = Out("m1.idx"), p2 = Out("m2.idx");
        Assert.Equal(0, (await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", p0, "--shard", "0/3")).Code);
        Assert.Equal(0, (await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", p1, "--shard", "1/3")).Code);
        Assert.Equal(0, (await RunAsync("index", "--sae", _sae, "--embeddings", _npy, "--out", p2, "--shard", "2/3")).Code);
        var merged = Out("m.idx");

        var missing = await RunAsync("index", "merge", "--sae", _sae, "--out", merged, p0, Out("nope.idx"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("index part not found", missing.Output);

        var overlap = await RunAsync("index", "merge", "--sae", _sae, "--out", merged, p0, p0, p1, p2);
        Assert.Equal(2, overlap.Code);
        Assert.Contains("adjacent, non-overlapping", overlap.Output);

        var gap = await RunAsync("index", "merge", "--sae", _sae, "--out", merged, p0, p2);
        Assert.Equal(2, gap.Code);
        Assert.Contains("adjacent, non-overlapping", gap.Output);

        var end = await RunAsync("index", "merge", "--sae", _sae, "--out", merged, p0, p1);
        Assert.Equal(2, end.Code);
        Assert.Contains("a shard is missing", end.Output);
        Assert.False(File.Exists(merged));

        var ok = await RunAsync("index", "merge", "--sae", _sae, "--out", merged, p2, p0, p1);
        Assert.True(ok.Code == 0, ok.Output);
        Assert.Equal(Reference(), await File.ReadAllBytesAsync(merged));
    }

    private sealed class CancelAt(long rows, CancellationTokenSource cts) : IProgress<IndexBuildProgress>
    {
        public void Report(IndexBuildProgress value)
        {
            if (value.RowsDone >= rows) cts.Cancel();
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
