using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Embeddings;

public sealed class NpyRoundTripTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WritesFloat32ExactlyAsSpelledOut()
    {
        byte[] expected =
        [
            .. NpyHeaderTests.Float32TwoByThree,
            0x00, 0x00, 0x80, 0x3F,  // 1.0f  (0x3F800000, little-endian)
            0x00, 0x00, 0x20, 0xC0,  // -2.5f (0xC0200000)
            0x00, 0x00, 0x00, 0x3F,  // 0.5f  (0x3F000000)
            0x00, 0x00, 0x40, 0x40,  // 3.0f  (0x40400000)
            0x00, 0x00, 0x00, 0x00,  // 0.0f
            0x00, 0x00, 0xC8, 0x42,  // 100f  (0x42C80000)
        ];
        string path = _temp.File("f32.npy");

        using (NpyWriter writer = NpyWriter.Create(path, 3))
        {
            writer.WriteRow([1f, -2.5f, 0.5f]);
            writer.WriteRow([3f, 0f, 100f]);
            writer.Complete();
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
        using NpyFile file = NpyFile.Open(_temp.Write("hand.npy", expected));
        Assert.Equal((2L, 3, NpyDType.Float32), (file.Rows, file.Columns, file.DType));
        Assert.Equal([3f, 0f, 100f], file.RowSpan(1).ToArray());
    }

    [Fact]
    public void WritesFloat16ExactlyAsSpelledOut()
    {
        byte[] expected =
        [
            .. NpyBytes.Magic, 0x01, 0x00, 0x76, 0x00,
            .. NpyBytes.Ascii("{'descr': '<f2', 'fortran_order': False, 'shape': (3, 2), }"), .. NpyBytes.Spaces(58), (byte)'\n',
            0x00, 0x3C, 0x00, 0xC0,  // 1.0 (0x3C00), -2.0 (0xC000)
            0x00, 0x38, 0xFF, 0x7B,  // 0.5 (0x3800), 65504 = largest half (0x7BFF)
            0x00, 0x00, 0x00, 0xB4,  // 0.0, -0.25 (0xB400)
        ];
        string path = _temp.File("f16.npy");

        using (NpyWriter writer = NpyWriter.Create(path, 2, NpyDType.Float16))
        {
            writer.WriteRows([1f, -2f, 0.5f, 65504f, 0f, -0.25f]);
            writer.Complete();
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
        using NpyFile file = NpyFile.Open(path);
        var all = new float[6];
        file.ReadRows(0, 3, all);
        Assert.Equal([1f, -2f, 0.5f, 65504f, 0f, -0.25f], all);
        Assert.Throws<InvalidOperationException>(() => file.RowSpan(0).ToArray());
    }

    [Property(MaxTest = 40)]
    public Property WriteThenReadGivesTheSameRows() => Prop.ForAll(
        Gen.Choose(0, 40).Zip(Gen.Choose(1, 33)).Zip(Gen.Elements(NpyDType.Float32, NpyDType.Float16)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        t =>
        {
            (((int rows, int columns), NpyDType dtype), int seed) = t;
            var random = new Random(seed);
            float[][] data = Enumerable.Range(0, rows)
                .Select(_ => Enumerable.Range(0, columns).Select(_ => (float)(random.NextDouble() * 2000 - 1000)).ToArray())
                .ToArray();
            string path = _temp.File($"prop-{Guid.NewGuid():N}.npy");

            using (NpyWriter writer = NpyWriter.Create(path, columns, dtype))
            {
                foreach (float[] row in data)
                    writer.WriteRow(row);
                writer.Complete();
            }

            using NpyFile file = NpyFile.Open(path);
            Assert.Equal((rows, columns, dtype), ((int)file.Rows, file.Columns, file.DType));
            Assert.Equal(0, (new FileInfo(path).Length - file.Header.DataLength) % NpyHeader.Alignment);
            var actual = new float[columns];
            for (int r = 0; r < rows; r++)
            {
                file.ReadRow(r, actual);
                float[] expected = dtype == NpyDType.Float32 ? data[r] : data[r].Select(v => (float)(Half)v).ToArray();
                Assert.Equal(expected, actual);
            }
        });

    [Fact]
    public void ReadRowsCopiesConsecutiveRows()
    {
        string path = WriteCounting(rows: 5, columns: 4);
        using NpyFile file = NpyFile.Open(path);
        var dest = new float[8];

        file.ReadRows(2, 2, dest);

        Assert.Equal([8f, 9, 10, 11, 12, 13, 14, 15], dest);
    }

    [Fact]
    public void OutOfRangeRowsAreRefused()
    {
        using NpyFile file = NpyFile.Open(WriteCounting(rows: 3, columns: 2));
        var dest = new float[4];

        Assert.Throws<ArgumentOutOfRangeException>(() => file.RowSpan(3).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadRow(-1, dest));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadRows(2, 2, dest));
        Assert.Throws<ArgumentException>(() => file.ReadRows(0, 3, dest));
    }

    [Fact]
    public void FileIsInvisibleUntilComplete()
    {
        string path = _temp.File("emb.npy");
        using NpyWriter writer = NpyWriter.Create(path, 2);
        writer.WriteRow([1f, 2f]);

        Assert.False(File.Exists(path));
        Assert.True(File.Exists(path + ".partial"));

        writer.Complete();

        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteRow([3f, 4f]));
    }

    [Fact]
    public void DisposeWithoutCompleteLeavesAReadablePartialOnly()
    {
        string path = _temp.File("crashed.npy");
        using (NpyWriter writer = NpyWriter.Create(path, 2))
        {
            writer.WriteRow([1f, 2f]);
            writer.WriteRow([3f, 4f]);
        }

        Assert.False(File.Exists(path));
        using NpyFile partial = NpyFile.Open(path + ".partial");
        Assert.Equal(2, partial.Rows);
        Assert.Equal([3f, 4f], partial.RowSpan(1).ToArray());
    }

    [Fact]
    public void CompleteReplacesAnOlderFile()
    {
        string path = WriteCounting(rows: 9, columns: 2);
        using (NpyWriter writer = NpyWriter.Create(path, 3))
        {
            writer.WriteRow([7f, 8f, 9f]);
            writer.Complete();
        }

        using NpyFile file = NpyFile.Open(path);
        Assert.Equal((1L, 3), (file.Rows, file.Columns));
    }

    [Fact]
    public void EmptyArrayRoundTrips()
    {
        string path = _temp.File("empty.npy");
        using (NpyWriter writer = NpyWriter.Create(path, 512))
            writer.Complete();

        using NpyFile file = NpyFile.Open(path);
        Assert.Equal((0L, 512), (file.Rows, file.Columns));
    }

    [Fact]
    public void RowOfTheWrongLengthIsRefused()
    {
        using NpyWriter writer = NpyWriter.Create(_temp.File("w.npy"), 3);
        Assert.Throws<ArgumentException>(() => writer.WriteRow([1f, 2f]));
        Assert.Throws<ArgumentException>(() => writer.WriteRows([1f, 2f, 3f, 4f]));
        Assert.Equal(0, writer.Rows);
    }

    private string WriteCounting(int rows, int columns)
    {
        string path = _temp.File($"count-{rows}x{columns}.npy");
        using NpyWriter writer = NpyWriter.Create(path, columns);
        writer.WriteRows(Enumerable.Range(0, rows * columns).Select(i => (float)i).ToArray());
        writer.Complete();
        return path;
    }
}
