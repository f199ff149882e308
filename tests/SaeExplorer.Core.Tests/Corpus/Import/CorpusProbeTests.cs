using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Corpus.Import.ImportFixtures;

namespace SaeExplorer.Core.Tests.Corpus.Import;

/// <summary>
/// A corpus's vectors are known from its headers before anything is imported, and a corpus whose files disagree is
/// refused then, naming them: what keeps a bad corpus from leaving a half-made workspace.
/// </summary>
public sealed class CorpusProbeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[][] Rows(int count, int columns) =>
        Enumerable.Range(0, count).Select(r => Enumerable.Range(0, columns).Select(c => r + c * 0.5f).ToArray()).ToArray();

    private async Task ShardAsync(int n, int rows, int columns, int metadataRows)
    {
        WriteNpy(_dir.File($"img_emb/img_emb_{n}.npy"), Rows(rows, columns));
        var urls = Enumerable.Range(0, metadataRows).Select(i => (string?)$"https://example.com/{n}/{i}.jpg").ToArray();
        await WriteParquetAsync(_dir.File($"metadata/metadata_{n}.parquet"),
            new Dictionary<string, string?[]> { ["url"] = urls, ["caption"] = urls.Select(_ => (string?)"a picture").ToArray() });
    }

    [Fact]
    public async Task AClipRetrievalCorpusGivesItsShardsWidthAndTheFirstShard()
    {
        await ShardAsync(0, 3, 8, 3);
        await ShardAsync(1, 2, 8, 2);

        var vectors = await CorpusProbe.ProbeAsync(_dir.Path, CorpusFormat.ClipRetrieval, new EncoderOptions());

        Assert.Equal(new CorpusVectors(8, "img_emb/img_emb_0.npy", null, null, 5), vectors);
    }

    [Fact]
    public async Task AShardOfAnotherDimensionIsRefusedNamingBothFiles()
    {
        await ShardAsync(0, 3, 8, 3);
        await ShardAsync(1, 2, 6, 2);

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => CorpusProbe.ProbeAsync(_dir.Path, CorpusFormat.ClipRetrieval, new EncoderOptions()));

        Assert.Equal("img_emb/img_emb_1.npy has 6 columns but img_emb/img_emb_0.npy has 8; all shards must have the same width.", e.Message);
    }

    [Fact]
    public async Task AMetadataFileWithFewerRowsThanItsShardIsRefusedNamingBoth()
    {
        await ShardAsync(0, 4, 8, 4);
        await ShardAsync(1, 5, 8, 3);

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => CorpusProbe.ProbeAsync(_dir.Path, CorpusFormat.ClipRetrieval, new EncoderOptions()));

        Assert.Equal("Row counts differ: metadata/metadata_1.parquet has 3 rows but img_emb/img_emb_1.npy has 5; they must match row for row.", e.Message);
    }

    [Fact]
    public async Task ImagesToEncodeTakeTheEncodersDimensionAndAPackItsEmbeddings()
    {
        var images = await CorpusProbe.ProbeAsync(_dir.Path, CorpusFormat.ImageFolder, new EncoderOptions());
        Assert.Equal(new CorpusVectors(512, "the configured encoder (resnet18)", "resnet18", null), images);

        File.WriteAllText(_dir.File(CorpusManifest.FileName), "id,file\na,a.jpg\n");
        using (var writer = NpyWriter.Create(_dir.File(CorpusImporter.PackEmbeddings), 12, NpyDType.Float32, withRowIds: true))
        {
            writer.WriteRow(new float[12], "a");
            writer.Complete();
        }
        new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", 12).Save(_dir.File(EmbeddingSpace.FileName));

        var pack = await CorpusProbe.ProbeAsync(_dir.Path, CorpusFormat.Manifest, new EncoderOptions());

        Assert.Equal(new CorpusVectors(12, "embeddings.npy", "clip-vit-bigg-14", "model.onnx", 1), pack);
    }
}
