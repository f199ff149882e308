using SaeExplorer.Core.Corpus;

namespace SaeExplorer.Core.Tests.Corpus;

public sealed class CorpusManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-manifest-").FullName;

    private string Write(string csv)
    {
        var path = Path.Combine(_dir, "manifest.csv");
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public void ReadsQuotedFieldsWithCommasQuotesAndNewlines()
    {
        var path = Write("id,file,category,subcategory,description,source,licence\n" +
                         "00001,images/00001.jpg,animals,cats,\"a cat, \"\"sleeping\"\"\non a mat\",tuxpaint,GPL-2+\n" +
                         "00002,images/00002.jpg,food,,,openclipart,PD\n");

        var entries = CorpusManifest.Read(path);

        Assert.Equal(2, entries.Count);
        Assert.Equal(new ManifestEntry("00001", "images/00001.jpg", "animals", "cats", "a cat, \"sleeping\"\non a mat", "tuxpaint", "GPL-2+"), entries[0]);
        Assert.Null(entries[1].Subcategory);
        Assert.Null(entries[1].Description);
    }

    [Fact]
    public void WriteThenReadGivesTheSameEntriesWhateverTheirText()
    {
        ManifestEntry[] entries =
        [
            new("a", "images/a.jpg", "cat,egory", null, "a \"quoted\", comma\nand newline", "https://example.org/a.jpg", "CC-BY"),
            new("b", "", Description: "known only by its URL", Source: "https://example.org/b.png"),
            new("c", "images/c d.png", Description: "  ünïcödé ✓ <script>alert(1)</script>"),
        ];
        var path = Path.Combine(_dir, "manifest.csv");

        CorpusManifest.Write(path, entries);

        Assert.Equal(entries.Select(e => e with { Description = e.Description?.Trim() }), CorpusManifest.Read(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void ARowWithoutAFileIsKeptOnlyWhenItHasAnId()
    {
        var entries = CorpusManifest.Read(Write("id,file,source\n" +
                                                "u1,,https://example.org/1.jpg\n" +
                                                "u2,,javascript:alert(1)\n" +
                                                ",,https://example.org/3.jpg\n" +
                                                "u4,,\n"));

        Assert.Equal(["u1", "u2", "u4"], entries.Select(e => e.Id));
        Assert.All(entries, e => Assert.Equal("", e.File));
    }

    [Fact]
    public void OnlyTheFileColumnIsRequiredAndIdsDefaultToThePath()
    {
        var entries = CorpusManifest.Read(Write("FILE\nphotos/a.png\nphotos/b.jpg\n"));
        Assert.Equal(["photos/a", "photos/b"], entries.Select(e => e.Id));
    }

    [Fact]
    public void AManifestWithoutAFileColumnIsRefusedNamingTheColumnsFound()
    {
        var e = Assert.Throws<InvalidDataException>(() => CorpusManifest.Read(Write("id,path\n1,a.jpg\n")));
        Assert.Contains("no 'file' column", e.Message);
        Assert.Contains("id, path", e.Message);
    }

    [Fact]
    public void DuplicateIdsAreRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => CorpusManifest.Read(Write("id,file\n7,a.jpg\n7,b.jpg\n")));
        Assert.Contains("'7' appears twice", e.Message);
    }

    [Fact]
    public void AFolderListsItsImagesRecursivelyInOrdinalOrderWithTheTopFolderAsCategory()
    {
        foreach (var f in new[] { "b/2.jpg", "a/1.PNG", "a/notes.txt", "top.jpeg" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, f))!);
            File.WriteAllBytes(Path.Combine(_dir, f), [1]);
        }

        var entries = CorpusManifest.FromFolder(_dir);

        Assert.Equal(["a/1.PNG", "b/2.jpg", "top.jpeg"], entries.Select(e => e.File));
        Assert.Equal(["a", "b", null], entries.Select(e => e.Category));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
