using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Tests.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static SaeExplorer.Core.Tests.Corpus.Import.ImportFixtures;

namespace SaeExplorer.Core.Tests.Corpus.Import;

public sealed class CorpusPackBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ImageLoader _loader = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Encodes an image as (width, height, mean red): enough to check which image went to which row.</summary>
    private sealed class SizeEncoder : IImageEncoder
    {
        public EncoderPreset Preset => EncoderPresets.ResNet18;
        public int Dimension => 3;
        public string ExecutionProvider => "test";
        public EmbeddingSpace Space => new("size-test", "size encoder", 3, "sha256:test");
        public int Calls { get; private set; }

        public float[] Encode(Image<Rgb24> image)
        {
            Calls++;
            long red = 0;
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                    foreach (var p in rows.GetRowSpan(y)) red += p.R;
            });
            return [image.Width, image.Height, (float)red / (image.Width * image.Height)];
        }

        public IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<Image<Rgb24>> images) => images.Select(Encode).ToList();
    }

    [Fact]
    public async Task ShippedEmbeddingsAndUrlOnlyItemsSurviveAPackAndItsReimport()
    {
        float[][] rows = [[1, 2], [3, 4], [5, 6]];
        WriteNpy(_dir.File("clip/img_emb/img_emb_0.npy"), rows);
        WriteFile(_dir.File("clip"), "local/b.jpg", Jpeg(10, 8, 200));
        await WriteParquetAsync(_dir.File("clip/metadata/metadata_0.parquet"), new Dictionary<string, string?[]>
        {
            ["url"] = ["https://example.org/a.jpg", "https://example.org/b.jpg", "not a url"],
            ["caption"] = ["a dog on grass", "b, with \"quotes\"", null],
            ["image_path"] = [null, "local/b.jpg", null],
        });
        var corpus = await CorpusImporter.ImportAsync(_dir.File("clip"));

        var pack = CorpusPackBuilder.Build(corpus, _dir.File("pack"), encoder: null, _loader);

        Assert.True(pack.ShippedEmbeddings);
        Assert.Equal(["0-0", "0-1", "0-2"], pack.Rows.Select(r => r.Entry.Id));
        Assert.Equal(["", "images/0-1.jpg", ""], pack.Rows.Select(r => r.Entry.File));
        Assert.Equal(1, pack.LocalImages);
        Assert.Equal(64, pack.Rows[1].Hash!.Length);
        Assert.Null(pack.Rows[0].Hash);

        // The pack imports as a manifest with its own embeddings: nothing to encode, URL-only items kept, rows equal.
        var again = await CorpusImporter.ImportAsync(pack.Folder);
        Assert.Equal(CorpusFormat.Manifest, again.Format);
        Assert.False(CorpusPackBuilder.NeedsEncoder(again));
        Assert.Equal(["https://example.org/a.jpg", "https://example.org/b.jpg", null], again.Items.Select(i => i.Url));
        Assert.Equal(["a dog on grass", "b, with \"quotes\"", null], again.Items.Select(i => i.Caption));
        Assert.All(again.Items, i => Assert.NotNull(i.Embedding));
        var copy = CorpusPackBuilder.Build(again, _dir.File("pack2"), encoder: null, _loader);
        using var npy = NpyFile.Open(copy.EmbeddingsPath!);
        var row = new float[2];
        for (var i = 0; i < rows.Length; i++)
        {
            npy.ReadRow(i, row);
            Assert.Equal(rows[i], row);
        }
    }

    [Fact]
    public void LocalImagesAreEncodedInItemOrderAndBrokenOnesAreSkippedWithTheirReason()
    {
        WriteFile(_dir.File("folder"), "a.jpg", Jpeg(12, 7, 250));
        WriteFile(_dir.File("folder"), "b.jpg", [0xFF, 0xD8, 0xFF, 0x00]);
        WriteFile(_dir.File("folder"), "c.png", Png(5, 9, 10));
        var corpus = CorpusImporter.FromEntries(_dir.File("folder"), CorpusFormat.ImageFolder, CorpusManifest.FromFolder(_dir.File("folder")));
        var encoder = new SizeEncoder();
        var reports = new List<(int, int)>();

        var pack = CorpusPackBuilder.Build(corpus, _dir.File("pack"), encoder, _loader, (d, t) => reports.Add((d, t)));

        Assert.Equal(["a", "c"], pack.Rows.Select(r => r.Entry.Id));
        Assert.Equal([0, 1], pack.Rows.Select(r => r.Row!.Value));
        Assert.Equal([(12, 7), (5, 9)], pack.Rows.Select(r => (r.Width, r.Height)));
        var skipped = Assert.Single(pack.Skipped);
        Assert.Equal("b", skipped.Id);
        Assert.Equal((3, 3), reports[^1]);
        using var npy = NpyFile.Open(pack.EmbeddingsPath!);
        Assert.Equal(["a", "c"], RowIdMap.Read(npy));
        Assert.Equal([12f, 7f], npy.RowSpan(0)[..2].ToArray());
        Assert.Equal([5f, 9f], npy.RowSpan(1)[..2].ToArray());
        Assert.Equal(2, encoder.Calls);
    }

    [Fact]
    public void ThePackFolderMayNotBeTheCorpusItself()
    {
        WriteFile(_dir.File("folder"), "a.jpg", Jpeg(4, 4, 1));
        var corpus = CorpusImporter.FromEntries(_dir.File("folder"), CorpusFormat.ImageFolder, CorpusManifest.FromFolder(_dir.File("folder")));

        var e = Assert.Throws<ArgumentException>(() => CorpusPackBuilder.Build(corpus, _dir.File("folder") + "/", new SizeEncoder(), _loader));

        Assert.Contains("must not be the corpus folder", e.Message);
    }

    [Fact]
    public void LocalImagesWithoutAnEncoderAreRefusedBeforeAnythingIsWritten()
    {
        WriteFile(_dir.File("folder"), "a.jpg", Jpeg(4, 4, 1));
        var corpus = CorpusImporter.FromEntries(_dir.File("folder"), CorpusFormat.ImageFolder, CorpusManifest.FromFolder(_dir.File("folder")));

        Assert.Throws<ArgumentNullException>(() => CorpusPackBuilder.Build(corpus, _dir.File("pack"), encoder: null, _loader));
        Assert.False(Directory.Exists(_dir.File("pack")));
    }
}
