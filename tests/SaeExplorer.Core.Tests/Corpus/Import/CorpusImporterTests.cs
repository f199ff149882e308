using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Corpus.Import.ImportFixtures;

namespace SaeExplorer.Core.Tests.Corpus.Import;

public sealed class CorpusImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DetectsAndImportsImg2DatasetFolders()
    {
        WriteFile(_dir.Path, "00000/000000000.jpg", Jpeg(4, 4, 1));
        WriteFile(_dir.Path, "00000/000000000.json", Json("000000000", "https://x/0.jpg", "zero"));

        Assert.Equal(CorpusFormat.Img2DatasetFolder, CorpusImporter.Detect(_dir.Path));
        var corpus = await CorpusImporter.ImportAsync(_dir.Path);
        Assert.Equal("zero", Assert.Single(corpus.Items).Caption);
    }

    [Fact]
    public async Task DetectsAndImportsWebDatasetShards()
    {
        WriteTar(_dir.File("00000.tar"), ("k.jpg", Jpeg(4, 4, 1)), ("k.txt", "hi"u8.ToArray()));

        Assert.Equal(CorpusFormat.WebDataset, CorpusImporter.Detect(_dir.Path));
        var corpus = await CorpusImporter.ImportAsync(_dir.Path);
        Assert.Equal("hi", Assert.Single(corpus.Items).Caption);
    }

    [Fact]
    public async Task DetectsAndImportsClipRetrievalOutput()
    {
        WriteNpy(_dir.File("img_emb/img_emb_0.npy"), [[1f, 2f]]);
        await WriteParquetAsync(_dir.File("metadata/metadata_0.parquet"),
            new Dictionary<string, string?[]> { ["url"] = ["https://x/1.jpg"], ["caption"] = ["one"] });

        Assert.Equal(CorpusFormat.ClipRetrieval, CorpusImporter.Detect(_dir.Path));
        var corpus = await CorpusImporter.ImportAsync(_dir.Path);
        Assert.Equal("one", Assert.Single(corpus.Items).Caption);
        Assert.Single(corpus.EmbeddingShards);
    }

    [Fact]
    public async Task DetectsAndImportsAManifestWithDescriptionsAsCaptions()
    {
        WriteFile(_dir.Path, "images/a.jpg", Jpeg(4, 4, 1));
        WriteFile(_dir.Path, "manifest.csv",
            "id,file,category,description,source,licence\n" +
            "a,images/a.jpg,animals,a cat,https://example.com/a,CC0\n" +
            "b,../b.jpg,animals,escape,,\n");

        Assert.Equal(CorpusFormat.Manifest, CorpusImporter.Detect(_dir.Path));
        Assert.Equal(CorpusFormat.Manifest, CorpusImporter.Detect(_dir.File("manifest.csv")));
        var corpus = await CorpusImporter.ImportAsync(_dir.File("manifest.csv"));

        var item = Assert.Single(corpus.Items);
        Assert.Equal(("a", "a cat", "https://example.com/a"), (item.Id, item.Caption, item.Url));
        Assert.Equal(new ManifestEntry("a", "images/a.jpg", "animals", null, "a cat", "https://example.com/a", "CC0"), item.ToManifestEntry());
        Assert.Contains("climbs out of its folder", Assert.Single(corpus.Skipped).Reason);
    }

    [Fact]
    public async Task DetectsAPlainImageFolder()
    {
        WriteFile(_dir.Path, "cats/a.png", Png(4, 4, 1));
        WriteFile(_dir.Path, "cats/a.txt", "not img2dataset: no json");

        Assert.Equal(CorpusFormat.ImageFolder, CorpusImporter.Detect(_dir.Path));
        var corpus = await CorpusImporter.ImportAsync(_dir.Path);
        Assert.Equal("cats/a", Assert.Single(corpus.Items).Id);
    }

    [Fact]
    public void AnUnrecognisedFolderListsWhatWasLookedFor()
    {
        WriteFile(_dir.Path, "notes.txt", "hello");
        WriteFile(_dir.Path, "data/table.csv", "a,b\n");

        var e = Assert.Throws<CorpusImportException>(() => CorpusImporter.Detect(_dir.Path));

        Assert.Contains("not a corpus layout I know", e.Message);
        foreach (var part in new[] { "manifest.csv", "img_emb/img_emb_0.npy", "metadata/metadata_0.parquet", "*.tar", "000000000.json", ".jpg" })
            Assert.Contains(part, e.Message);
    }

    [Fact]
    public void AMissingFolderIsNamed()
    {
        var missing = _dir.File("nope");
        Assert.Equal($"No such folder: {missing}", Assert.Throws<CorpusImportException>(() => CorpusImporter.Detect(missing)).Message);
    }
}
