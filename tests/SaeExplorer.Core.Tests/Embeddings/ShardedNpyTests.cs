using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Embeddings;

public class ShardedNpyTests
{
    private static string Write(TempDirectory dir, string name, int firstValue, int rows, int columns, NpyDType dtype)
    {
        string path = dir.File(name);
        using var writer = NpyWriter.Create(path, columns, dtype);
        for (int r = 0; r < rows; r++)
            writer.WriteRow(Enumerable.Range(0, columns).Select(c => (float)(firstValue + r * columns + c)).ToArray());
        writer.Complete();
        return path;
    }

    [Fact]
    public void ShardsReadAsOneMatrixAcrossTheirBoundaries()
    {
        using var dir = new TempDirectory();
        // Rows hold consecutive integers (exact in float16): shard sizes 3, 0, 5, 2 in mixed dtypes.
        string[] paths =
        [
            Write(dir, "a.npy", 0, 3, 4, NpyDType.Float16),
            Write(dir, "b.npy", 12, 0, 4, NpyDType.Float16),
            Write(dir, "c.npy", 12, 5, 4, NpyDType.Float32),
            Write(dir, "d.npy", 32, 2, 4, NpyDType.Float16),
        ];
        using var sharded = ShardedNpy.Open(paths);
        Assert.Equal(10, sharded.Rows);
        Assert.Equal(4, sharded.Columns);
        for (int start = 0; start < 10; start++)
        {
            for (int count = 0; start + count <= 10; count++)
            {
                var rows = new float[count * 4];
                sharded.ReadRows(start, count, rows);
                Assert.Equal(Enumerable.Range(start * 4, count * 4).Select(v => (float)v), rows);
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => sharded.ReadRows(9, 2, new float[8]));
    }

    [Fact]
    public void AShardOfAnotherWidthIsRefusedByName()
    {
        using var dir = new TempDirectory();
        string a = Write(dir, "img_emb_0.npy", 0, 2, 4, NpyDType.Float16);
        string b = Write(dir, "img_emb_1.npy", 0, 2, 3, NpyDType.Float16);
        var e = Assert.Throws<NpyFormatException>(() => ShardedNpy.Open([a, b]));
        Assert.Contains("img_emb_1.npy has 3 columns", e.Message);
        Assert.Contains("img_emb_0.npy has 4", e.Message);
    }
}
