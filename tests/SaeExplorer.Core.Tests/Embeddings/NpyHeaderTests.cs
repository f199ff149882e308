using SaeExplorer.Core.Embeddings;
using static SaeExplorer.Core.Tests.Embeddings.NpyBytes;

namespace SaeExplorer.Core.Tests.Embeddings;

public class NpyHeaderTests
{
    // Header of a (2, 3) float32 array exactly as numpy.save writes it (numpy >= 1.24 with growth padding).
    public static readonly byte[] Float32TwoByThree =
    [
        0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', // magic
        0x01, 0x00,                                                  // format version 1.0
        0x76, 0x00,                                                  // header length 118, little-endian
        .. Ascii("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), // 59 bytes
        .. Spaces(20),                                               // room for the row count to grow to 21 digits
        .. Spaces(38),                                               // 10 + 59 + 20 + 38 + 1 = 128, a multiple of 64
        (byte)'\n',
    ];

    [Fact]
    public void FormatsFloat32HeaderByteForByteLikeNumpy()
    {
        Assert.Equal(Float32TwoByThree, new NpyHeader(NpyDType.Float32, 2, 3).Format());
    }

    [Fact]
    public void FormatsFloat16HeaderByteForByteLikeNumpy()
    {
        byte[] expected =
        [
            .. Magic, 0x01, 0x00, 0x76, 0x00,
            .. Ascii("{'descr': '<f2', 'fortran_order': False, 'shape': (3, 2), }"), .. Spaces(58), (byte)'\n',
        ];
        Assert.Equal(expected, new NpyHeader(NpyDType.Float16, 3, 2).Format());
    }

    [Fact]
    public void FormatsVersion2WithAFourByteLength()
    {
        byte[] expected =
        [
            .. Magic, 0x02, 0x00,
            0x74, 0x00, 0x00, 0x00,                               // 116: the 2 extra length bytes come out of the padding
            .. Ascii("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), .. Spaces(56), (byte)'\n',
        ];
        NpyHeader header = new(NpyDType.Float32, 2, 3) { Version = 2 };

        Assert.Equal(expected, header.Format());
        Assert.Equal(header, NpyHeader.Parse(expected, out int offset));
        Assert.Equal(128, offset);
    }

    [Fact]
    public void HeaderLengthDoesNotDependOnTheRowCount()
    {
        // The writer relies on this to rewrite the header in place.
        int[] lengths = new long[] { 0, 7, 123_456, 10_000_000_000 }.Select(r => new NpyHeader(NpyDType.Float32, r, 512).Format().Length).Distinct().ToArray();
        Assert.Equal([128], lengths);
    }

    [Fact]
    public void ParsesItsOwnOutput()
    {
        NpyHeader header = NpyHeader.Parse(Float32TwoByThree, out int offset);

        Assert.Equal(new NpyHeader(NpyDType.Float32, 2, 3) { Version = 1 }, header);
        Assert.Equal(128, offset);
        Assert.Equal(24, header.DataLength);
    }

    [Fact]
    public void ReadsVersion3WithUtf8Header()
    {
        byte[] dict = Ascii("{'descr': '<f2', 'fortran_order': False, 'shape': (4, 8), }\n");
        byte[] bytes = [.. Magic, 3, 0, (byte)dict.Length, 0, 0, 0, .. dict];

        NpyHeader header = NpyHeader.Parse(bytes, out int offset);

        Assert.Equal((NpyDType.Float16, 4L, 8, 3), (header.DType, header.Rows, header.Columns, header.Version));
        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public void ReadsOneDimensionalArrayAsOneRow()
    {
        byte[] bytes = Version1("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", 128);

        NpyHeader header = NpyHeader.Parse(bytes, out _);

        Assert.Equal((1L, 5, true), (header.Rows, header.Columns, header.IsVector));
        Assert.Equal(bytes, header.Format()); // and writes it back the same way
    }

    [Fact]
    public void ReadsOldStyleHeaders()
    {
        // Older numpy: no growth padding, 16-byte alignment, keys in any order, Python 2 long suffixes.
        byte[] bytes = Version1("{'shape': (3L, 4L), 'fortran_order': False, 'descr': '<f4'}", 80);

        NpyHeader header = NpyHeader.Parse(bytes, out int offset);

        Assert.Equal((3L, 4), (header.Rows, header.Columns));
        Assert.Equal(80, offset);
    }

    [Fact]
    public void ReadFromStreamStopsAtTheData()
    {
        using var stream = new MemoryStream([.. Float32TwoByThree, 1, 2, 3]);

        NpyHeader.Read(stream, out int offset);

        Assert.Equal(128, offset);
        Assert.Equal(128, stream.Position);
    }
}
