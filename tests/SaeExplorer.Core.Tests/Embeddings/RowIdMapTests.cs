using System.Text;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Embeddings;

public sealed class RowIdMapTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("/data/emb.npy", "/data/emb.ids.txt")]
    [InlineData("/data/emb.NPY", "/data/emb.ids.txt")]
    [InlineData("/data/emb.bin", "/data/emb.bin.ids.txt")]
    public void IdsFileSitsBesideTheArray(string npy, string ids) => Assert.Equal(ids, RowIdMap.PathFor(npy));

    [Fact]
    public void IdsAreWrittenInStepWithRows()
    {
        string path = _temp.File("emb.npy");
        using (NpyWriter writer = NpyWriter.Create(path, 2, withRowIds: true))
        {
            writer.WriteRow([1f, 2f], "photos/cat.jpg");
            writer.WriteRows([([3f, 4f], "photos/ñandú.png"), ([5f, 6f], "id with spaces")]);
            Assert.False(File.Exists(RowIdMap.PathFor(path)));
            writer.Complete();
        }

        using NpyFile file = NpyFile.Open(path);
        Assert.Equal(["photos/cat.jpg", "photos/ñandú.png", "id with spaces"], RowIdMap.Read(file));
        Assert.Equal("photos/cat.jpg\nphotos/ñandú.png\nid with spaces\n", File.ReadAllText(RowIdMap.PathFor(path), Encoding.UTF8));
    }

    [Fact]
    public void IdsThatCannotBeOneLineAreRefusedBeforeTheRowIsWritten()
    {
        using NpyWriter writer = NpyWriter.Create(_temp.File("emb.npy"), 1, withRowIds: true);

        Assert.Throws<ArgumentException>(() => writer.WriteRow([1f], "two\nlines"));
        Assert.Throws<ArgumentException>(() => writer.WriteRow([1f], ""));
        Assert.Throws<InvalidOperationException>(() => writer.WriteRow([1f]));
        Assert.Equal(0, writer.Rows);
    }

    [Fact]
    public void WriterWithoutIdsRefusesIds()
    {
        using NpyWriter writer = NpyWriter.Create(_temp.File("emb.npy"), 1);
        Assert.Throws<InvalidOperationException>(() => writer.WriteRow([1f], "x"));
    }

    [Fact]
    public void CountMismatchIsReported()
    {
        string path = _temp.File("emb.npy");
        File.WriteAllText(RowIdMap.PathFor(path), "a\nb\n");

        var e = Assert.Throws<InvalidDataException>(() => RowIdMap.Read(path, 3));
        Assert.Contains("has 2 ids but", e.Message);
        Assert.Contains("has 3 rows", e.Message);
    }

    [Fact]
    public void MissingIdsFileIsReported()
    {
        string path = _temp.File("emb.npy");
        var e = Assert.Throws<FileNotFoundException>(() => RowIdMap.Read(path, 1));
        Assert.Equal(RowIdMap.PathFor(path), e.FileName);
    }
}
