using System.Text;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Imaging;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Corpus.Import.ImportFixtures;

namespace SaeExplorer.Core.Tests.Corpus.Import;

public sealed class WebDatasetImporterTests : IDisposable
{
    private static readonly string LongFolder = string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 8));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private (byte[] A, byte[] B, byte[] C) WriteShards()
    {
        byte[] a = Jpeg(8, 6, 10), b = Png(5, 4, 30), c = Jpeg(3, 7, 90);
        WriteTar(_dir.File("00000.tar"),
            ("000000000.jpg", a),
            ("000000000.txt", Utf8("a red bicycle")),
            ("000000000.json", Utf8(Json("000000000", "https://example.com/a.jpg", "a red bicycle"))),
            ("000000001.json", Utf8(Json("000000001", "https://example.com/b.jpg", null, status: "failed_to_resize", error: "too small"))),
            ($"{LongFolder}/000000002.png", b),
            ($"{LongFolder}/000000002.txt", Utf8("a long-named kite")),
            ("../evil.jpg", Jpeg(2, 2, 1)),
            ("../evil.txt", Utf8("escape")));
        WriteTar(_dir.File("00001.tar"),
            ("000010000.jpg", c),
            ("000010000.json", Utf8(Json("000010000", "https://example.com/c.jpg", "a green door", width: 3, height: 7))));
        return (a, b, c);
    }

    [Fact]
    public void GroupsMembersByKeyAcrossShardsIncludingPaxLongNames()
    {
        WriteShards();

        var corpus = WebDatasetImporter.Import(_dir.Path);

        Assert.Equal(CorpusFormat.WebDataset, corpus.Format);
        Assert.Equal(["000000000", $"{LongFolder}/000000002", "000010000"], corpus.Items.Select(i => i.Id));
        Assert.Equal(["a red bicycle", "a long-named kite", "a green door"], corpus.Items.Select(i => i.Caption));
        Assert.Equal(["https://example.com/a.jpg", null, "https://example.com/c.jpg"], corpus.Items.Select(i => i.Url));
        Assert.True(LongFolder.Length > 100);
        var locator = Assert.IsType<TarMemberLocator>(corpus.Items[1].Image);
        Assert.Equal(("00000.tar", $"{LongFolder}/000000002.png"), (locator.TarPath, locator.MemberName));
        Assert.Equal((3, 7), (corpus.Items[2].Width, corpus.Items[2].Height));
    }

    [Fact]
    public void OpenImageReturnsTheMemberBytesExactly()
    {
        var (a, b, c) = WriteShards();

        var corpus = WebDatasetImporter.Import(_dir.Path);

        Assert.Equal(a, corpus.ReadImageBytes(corpus.Items[0]));
        Assert.Equal(b, corpus.ReadImageBytes(corpus.Items[1]));
        Assert.Equal(c, corpus.ReadImageBytes(corpus.Items[2]));
        using var stream = corpus.OpenImage(corpus.Items[1]);
        using var image = new ImageLoader().Load(stream);
        Assert.Equal((5, 4), (image.Width, image.Height));
    }

    [Fact]
    public void TraversalNamesAndFailedStatusesAreSkippedWithReasons()
    {
        WriteShards();

        var corpus = WebDatasetImporter.Import(_dir.Path);

        Assert.Equal(3, corpus.Skipped.Count);
        Assert.Equal("00000.tar#000000001", corpus.Skipped[2].Location);
        Assert.Equal("download status 'failed_to_resize': too small", corpus.Skipped[2].Reason);
        var evil = corpus.Skipped.Where(s => s.Location.StartsWith("00000.tar#../evil", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, evil.Count);
        Assert.All(evil, s => Assert.Contains("climbs out of its folder", s.Reason));
        Assert.DoesNotContain(corpus.Items, i => i.Caption == "escape");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dir.Path)!, "evil.jpg")));
    }

    [Fact]
    public void ATruncatedTarKeepsTheSamplesBeforeTheDamageAndSaysWhere()
    {
        WriteShards();
        var member = (TarMemberLocator)WebDatasetImporter.Import(_dir.Path).Items[2].Image!;
        var bytes = File.ReadAllBytes(_dir.File("00001.tar"));
        // Cut inside the first member's data: its headers survive, its bytes do not.
        var cut = (int)member.DataOffset + 100;
        File.WriteAllBytes(_dir.File("00001.tar"), bytes[..cut]);

        var corpus = WebDatasetImporter.Import(_dir.Path);

        Assert.Equal(2, corpus.Items.Count);
        var skip = Assert.Single(corpus.Skipped, s => s.Location.StartsWith("00001.tar", StringComparison.Ordinal));
        Assert.Equal("00001.tar#000010000.jpg", skip.Location);
        Assert.Contains("truncated tar", skip.Reason);
        Assert.Contains($"the file ends at byte {cut}", skip.Reason);
    }

    [Theory]
    [InlineData(100)]  // inside the pax header
    [InlineData(700)]  // inside the pax records
    [InlineData(1100)] // inside the ustar header that follows them
    [InlineData(0)]    // empty file
    public void ATarCutAnywhereNeverThrows(int length)
    {
        WriteShards();
        var bytes = File.ReadAllBytes(_dir.File("00001.tar"));
        File.WriteAllBytes(_dir.File("00001.tar"), bytes[..length]);

        var corpus = WebDatasetImporter.Import(_dir.Path);

        Assert.Equal(2, corpus.Items.Count);
        Assert.DoesNotContain(corpus.Items, i => i.Id == "000010000");
        var problem = Assert.Single(corpus.Skipped.Concat(corpus.Warnings), s => s.Location.StartsWith("00001.tar", StringComparison.Ordinal));
        Assert.Matches(length == 0 ? "has no members" : @"^truncated or corrupt tar: .+ \(in the header after byte 0\); the rest of this shard is skipped$", problem.Reason);
    }

    [Fact]
    public void GarbageIsReportedAsACorruptTar()
    {
        WriteShards();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(_dir.File("00002.tar"), garbage);

        var corpus = WebDatasetImporter.Import(_dir.Path);

        Assert.Equal(3, corpus.Items.Count);
        var skip = Assert.Single(corpus.Skipped, s => s.Location == "00002.tar");
        Assert.Contains("truncated or corrupt tar", skip.Reason);
    }

    [Fact]
    public void AStaleIndexIsAClearError()
    {
        WriteShards();
        var corpus = WebDatasetImporter.Import(_dir.Path);
        File.WriteAllBytes(_dir.File("00001.tar"), new byte[1024]);

        var e = Assert.Throws<CorpusImportException>(() => corpus.OpenImage(corpus.Items[2]));
        Assert.Contains("00001.tar#000010000.jpg", e.Message);
    }
}
