using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Corpus.Import.ImportFixtures;

namespace SaeExplorer.Core.Tests.Corpus.Import;

public sealed class Img2DatasetFolderImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (byte[] Jpg, byte[] Png) WriteTwoShards()
    {
        var jpg = Jpeg(8, 6, 10);
        var png = Png(5, 4, 20);
        WriteFile(_dir.Path, "00000/000000000.jpg", jpg);
        WriteFile(_dir.Path, "00000/000000000.txt", "a red bicycle\n");
        WriteFile(_dir.Path, "00000/000000000.json", Json("000000000", "https://example.com/bike.jpg", "a red bicycle"));
        WriteFile(_dir.Path, "00000/000000001.json",
            Json("000000001", "https://example.com/gone.jpg", "lost", status: "failed_to_download", error: "HTTP 404"));
        WriteFile(_dir.Path, "00001/000010000.png", png);
        WriteFile(_dir.Path, "00001/000010000.txt", "a blue kite");
        WriteFile(_dir.Path, "00001/000010000.json", Json("000010000", "https://example.com/kite.png", "a blue kite", width: 5, height: 4));
        WriteFile(_dir.Path, "00000.parquet", [1, 2, 3]); // the shard's parquet: not needed, must not disturb
        WriteFile(_dir.Path, "00000_stats.json", "{\"count\": 2}");
        return (jpg, png);
    }

    [Fact]
    public void ReadsTwoShardsWithCaptionsUrlsAndSizes()
    {
        var (jpg, png) = WriteTwoShards();

        var corpus = Img2DatasetFolderImporter.Import(_dir.Path);

        Assert.Equal(CorpusFormat.Img2DatasetFolder, corpus.Format);
        Assert.Equal(["000000000", "000010000"], corpus.Items.Select(i => i.Id));
        Assert.Equal(["a red bicycle", "a blue kite"], corpus.Items.Select(i => i.Caption));
        Assert.Equal(["https://example.com/bike.jpg", "https://example.com/kite.png"], corpus.Items.Select(i => i.Url));
        Assert.Equal((8, 6), (corpus.Items[0].Width, corpus.Items[0].Height));
        Assert.Equal((5, 4), (corpus.Items[1].Width, corpus.Items[1].Height));
        Assert.Equal(new FileImageLocator("00001/000010000.png"), corpus.Items[1].Image);
        Assert.Equal("80", corpus.Items[0].Metadata["original_width"]);
        Assert.Equal("0.31", corpus.Items[0].Metadata["similarity"]);
        Assert.False(corpus.Items[0].Metadata.ContainsKey("status"));
        Assert.Equal(jpg, corpus.ReadImageBytes(corpus.Items[0]));
        Assert.Equal(png, corpus.ReadImageBytes(corpus.Items[1]));
        Assert.Empty(corpus.EmbeddingShards);
    }

    [Fact]
    public void FailedDownloadsAreSkippedWithTheStatusAndError()
    {
        WriteTwoShards();

        var corpus = Img2DatasetFolderImporter.Import(_dir.Path);

        var skip = Assert.Single(corpus.Skipped);
        Assert.Equal("000000001", skip.Id);
        Assert.Equal("00000/000000001", skip.Location);
        Assert.Equal("download status 'failed_to_download': HTTP 404", skip.Reason);
    }

    [Fact]
    public void AJsonThatIsNotJsonSkipsTheKeyWithTheReason()
    {
        WriteFile(_dir.Path, "00000/000000005.jpg", Jpeg(4, 4, 1));
        WriteFile(_dir.Path, "00000/000000005.json", "{\"url\": \"https://x\", oops");
        WriteFile(_dir.Path, "00000/000000006.jpg", Jpeg(4, 4, 2));
        WriteFile(_dir.Path, "00000/000000006.json", "[1, 2]");

        var corpus = Img2DatasetFolderImporter.Import(_dir.Path);

        Assert.Empty(corpus.Items);
        Assert.Contains("metadata json is not valid JSON", corpus.Skipped[0].Reason);
        Assert.Equal("metadata json is not an object (it is Array)", corpus.Skipped[1].Reason);
    }

    [Fact]
    public void AnImageWithoutJsonIsKeptWithItsCaptionAndNoUrl()
    {
        WriteFile(_dir.Path, "00000/000000007.webp", [0x52, 0x49]);
        WriteFile(_dir.Path, "00000/000000007.txt", "just a caption");
        WriteFile(_dir.Path, "00000/000000008.txt", "a caption without an image");

        var corpus = Img2DatasetFolderImporter.Import(_dir.Path);

        var item = Assert.Single(corpus.Items);
        Assert.Equal(("just a caption", (string?)null), (item.Caption, item.Url));
        Assert.Equal("no image file for this key", Assert.Single(corpus.Skipped).Reason);
    }

    [Fact]
    public void TheSameKeyInTwoShardsIsKeptOnce()
    {
        WriteFile(_dir.Path, "00000/000000009.jpg", Jpeg(4, 4, 1));
        WriteFile(_dir.Path, "00001/000000009.jpg", Jpeg(4, 4, 2));

        var corpus = Img2DatasetFolderImporter.Import(_dir.Path);

        Assert.Equal("00000/000000009.jpg", Assert.Single(corpus.Items).Image!.ToString());
        Assert.Contains("appears again (first in 00000/000000009)", Assert.Single(corpus.Skipped).Reason);
    }

    [Fact]
    public void ItemsLoadThroughTheImageLoaderAndMapToManifestEntries()
    {
        WriteTwoShards();
        var corpus = Img2DatasetFolderImporter.Import(_dir.Path);

        using (var stream = corpus.OpenImage(corpus.Items[1]))
        using (var image = new ImageLoader().Load(stream))
            Assert.Equal((5, 4), (image.Width, image.Height));
        var entry = corpus.Items[0].ToManifestEntry();
        Assert.Equal(("000000000", "00000/000000000.jpg", "a red bicycle", "https://example.com/bike.jpg"),
            (entry.Id, entry.File, entry.Description, entry.Source));
    }
}
