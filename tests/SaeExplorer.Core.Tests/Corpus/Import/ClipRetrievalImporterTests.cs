using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Corpus.Import.ImportFixtures;

namespace SaeExplorer.Core.Tests.Corpus.Import;

public sealed class ClipRetrievalImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[][] Rows(int count, int columns, float start) =>
        Enumerable.Range(0, count).Select(r => Enumerable.Range(0, columns).Select(c => start + r + c * 0.25f).ToArray()).ToArray();

    private async Task WriteShardAsync(int n, float[][] rows, string?[] captions, string?[]? imagePaths = null)
    {
        WriteNpy(_dir.File($"img_emb/img_emb_{n}.npy"), rows);
        var columns = new Dictionary<string, string?[]>
        {
            ["url"] = captions.Select((_, i) => (string?)$"https://example.com/{n}/{i}.jpg").ToArray(),
            ["caption"] = captions,
        };
        if (imagePaths is not null)
            columns["image_path"] = imagePaths;
        await WriteParquetAsync(_dir.File($"metadata/metadata_{n}.parquet"), columns,
            ("similarity", captions.Select((_, i) => 0.5 + i).ToArray()));
    }

    [Fact]
    public async Task ReadsRowsInOrderWithTheirEmbeddings()
    {
        var first = Rows(3, 4, 1f);
        var second = Rows(2, 4, 10f);
        await WriteShardAsync(0, first, ["a cat", "a dog", null]);
        await WriteShardAsync(1, second, ["a tree", "a boat"]);

        var corpus = await ClipRetrievalImporter.ImportAsync(_dir.Path);

        Assert.Equal(CorpusFormat.ClipRetrieval, corpus.Format);
        Assert.Equal(["a cat", "a dog", null, "a tree", "a boat"], corpus.Items.Select(i => i.Caption));
        Assert.Equal("https://example.com/1/1.jpg", corpus.Items[4].Url);
        Assert.Equal(["0-0", "0-1", "0-2", "1-0", "1-1"], corpus.Items.Select(i => i.Id));
        Assert.All(corpus.Items, i => Assert.False(i.HasLocalImage));
        Assert.Equal("1.5", corpus.Items[1].Metadata["similarity"]);
        Assert.Empty(corpus.Skipped);

        Assert.Equal(2, corpus.EmbeddingShards.Count);
        Assert.Equal((3L, 4, NpyDType.Float16, 0L), (corpus.EmbeddingShards[0].Rows, corpus.EmbeddingShards[0].Columns, corpus.EmbeddingShards[0].DType, corpus.EmbeddingShards[0].FirstRow));
        Assert.Equal(3L, corpus.EmbeddingShards[1].FirstRow);
        Assert.Equal(5L, corpus.EmbeddingRows);
        Assert.Equal(new EmbeddingRef(1, 1), corpus.Items[4].Embedding);
        Assert.Equal(4L, corpus.GlobalEmbeddingRow(corpus.Items[4]));

        var row = new float[4];
        foreach (var (item, expected) in corpus.Items.Zip(first.Concat(second)))
        {
            var e = item.Embedding!.Value;
            using var npy = NpyFile.Open(corpus.EmbeddingShards[e.Shard].NpyPath);
            npy.ReadRow(e.Row, row);
            Assert.Equal(expected, row); // quarters and small integers are exact in float16
        }
    }

    [Fact]
    public async Task AMismatchedRowCountNamesBothFilesAndBothCounts()
    {
        WriteNpy(_dir.File("img_emb/img_emb_0.npy"), Rows(3, 4, 0f));
        await WriteParquetAsync(_dir.File("metadata/metadata_0.parquet"),
            new Dictionary<string, string?[]> { ["url"] = ["u1", "u2"], ["caption"] = ["c1", "c2"] });

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => ClipRetrievalImporter.ImportAsync(_dir.Path));

        Assert.Equal("Row counts differ: metadata/metadata_0.parquet has 2 rows but img_emb/img_emb_0.npy has 3; they must match row for row.", e.Message);
    }

    [Theory]
    [InlineData("caption")]
    [InlineData("url")]
    public async Task AMissingRequiredColumnIsNamed(string missing)
    {
        WriteNpy(_dir.File("img_emb/img_emb_0.npy"), Rows(1, 2, 0f));
        var columns = new Dictionary<string, string?[]> { ["url"] = ["u"], ["caption"] = ["c"], ["other"] = ["x"] };
        columns.Remove(missing);
        await WriteParquetAsync(_dir.File("metadata/metadata_0.parquet"), columns);

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => ClipRetrievalImporter.ImportAsync(_dir.Path));

        Assert.StartsWith($"metadata/metadata_0.parquet has no '{missing}' column (columns: ", e.Message);
    }

    [Fact]
    public async Task LaionStyleUrlAndTextColumnsAreAccepted()
    {
        WriteNpy(_dir.File("img_emb/img_emb_0.npy"), Rows(1, 2, 0f));
        await WriteParquetAsync(_dir.File("metadata/metadata_0.parquet"),
            new Dictionary<string, string?[]> { ["URL"] = ["https://x/1.jpg"], ["TEXT"] = ["a caption"] });

        var corpus = await ClipRetrievalImporter.ImportAsync(_dir.Path);

        Assert.Equal(("a caption", "https://x/1.jpg"), (corpus.Items[0].Caption, corpus.Items[0].Url));
    }

    [Fact]
    public async Task AShardWithoutItsPartnerIsNamed()
    {
        await WriteShardAsync(0, Rows(1, 2, 0f), ["c"]);
        WriteNpy(_dir.File("img_emb/img_emb_1.npy"), Rows(1, 2, 0f));

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => ClipRetrievalImporter.ImportAsync(_dir.Path));

        Assert.Equal("img_emb/img_emb_1.npy has no matching metadata/metadata_1.parquet.", e.Message);
    }

    [Fact]
    public async Task ShardsOfDifferentWidthsAreRefused()
    {
        await WriteShardAsync(0, Rows(1, 2, 0f), ["c"]);
        await WriteShardAsync(1, Rows(1, 3, 0f), ["d"]);

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => ClipRetrievalImporter.ImportAsync(_dir.Path));

        Assert.Contains("img_emb/img_emb_1.npy has 3 columns but img_emb/img_emb_0.npy has 2", e.Message);
    }

    [Fact]
    public async Task ACorruptParquetOrNpyIsAClearError()
    {
        await WriteShardAsync(0, Rows(1, 2, 0f), ["c"]);
        File.WriteAllBytes(_dir.File("metadata/metadata_0.parquet"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var e = await Assert.ThrowsAsync<CorpusImportException>(() => ClipRetrievalImporter.ImportAsync(_dir.Path));
        Assert.StartsWith("metadata/metadata_0.parquet: not a readable parquet file", e.Message);

        File.WriteAllBytes(_dir.File("img_emb/img_emb_0.npy"), [0x93, (byte)'N', (byte)'U']);
        e = await Assert.ThrowsAsync<CorpusImportException>(() => ClipRetrievalImporter.ImportAsync(_dir.Path));
        Assert.StartsWith("img_emb/img_emb_0.npy: not a readable embeddings file", e.Message);
    }

    [Fact]
    public async Task ImagePathsInsideTheFolderAreLocalAndOthersAreIgnoredWithAWarning()
    {
        WriteFile(_dir.Path, "images/a.jpg", Jpeg(4, 4, 1));
        await WriteShardAsync(0, Rows(4, 2, 0f), ["a", "b", "c", "d"],
            ["images/a.jpg", "../outside.jpg", "/etc/passwd", _dir.File("images/a.jpg")]);

        var corpus = await ClipRetrievalImporter.ImportAsync(_dir.Path);

        Assert.Equal(4, corpus.Items.Count);
        Assert.Equal(new FileImageLocator("images/a.jpg"), corpus.Items[0].Image);
        Assert.Null(corpus.Items[1].Image);
        Assert.Null(corpus.Items[2].Image);
        Assert.Equal(new FileImageLocator("images/a.jpg"), corpus.Items[3].Image);
        Assert.Equal(File.ReadAllBytes(_dir.File("images/a.jpg")), corpus.ReadImageBytes(corpus.Items[0]));
        Assert.Equal(2, corpus.Warnings.Count);
        Assert.Contains("climbs out of its folder", corpus.Warnings[0].Reason);
        Assert.Contains("outside the corpus folder", corpus.Warnings[1].Reason);
        Assert.Equal("metadata/metadata_0.parquet row 2", corpus.Warnings[1].Location);
    }
}
