using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;
using static SaeExplorer.Core.Tests.Embeddings.NpyBytes;

namespace SaeExplorer.Core.Tests.Embeddings;

public sealed class NpyBadInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> BadDictionaries => new()
    {
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", "unsupported dtype '<f8': only '<f4' (float32) and '<f2' (float16) are supported" },
        { "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", "unsupported dtype '>f4'" },
        { "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", "unsupported dtype '|u1'" },
        { "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", "Fortran-order arrays are not supported" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", "unsupported shape (2, 3, 4): only 1-D and 2-D arrays are supported" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", "unsupported shape ()" },
        { "{'descr': '<f4', 'fortran_order': False, }", "malformed .npy header dictionary: missing key 'shape'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", "malformed .npy header dictionary: unsupported value starting with '1'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': True}", "malformed .npy header dictionary: unexpected key 'extra'" },
        { "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", "malformed .npy header dictionary: unsupported value starting with '['" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "malformed .npy header dictionary: expected a non-negative integer" },
        { "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3), }", "malformed .npy header dictionary: expected ',' at character 17, found 'f'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", "malformed .npy header dictionary: expected ','" },
        { "not a dict at all", "malformed .npy header dictionary: expected '{'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } trailing", "malformed .npy header dictionary: unexpected text after the closing brace" },
        { "{'descr': 'f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)}", "malformed .npy header dictionary: key 'descr' appears twice" },
    };

    [Theory]
    [MemberData(nameof(BadDictionaries))]
    public void HeaderDictionaryProblemsAreNamed(string dict, string expected)
    {
        AssertOpenFails(Version1(dict, 128), expected);
    }

    [Fact]
    public void BadMagic()
    {
        byte[] bytes = [.. NpyHeaderTests.Float32TwoByThree];
        bytes[1] = (byte)'X';
        AssertOpenFails(bytes, "bad magic: not a .npy file (expected 934E554D5059 = \\x93NUMPY, found 9358554D5059)");
    }

    [Fact]
    public void TextFileHasBadMagic() => AssertOpenFails(Ascii("hello"), "bad magic: not a .npy file");

    [Fact]
    public void EmptyFile() => AssertOpenFails([], "file is empty (not a .npy file)");

    [Theory]
    [InlineData(4, 0, "unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are supported)")]
    [InlineData(1, 1, "unsupported .npy format version 1.1")]
    [InlineData(0, 0, "unsupported .npy format version 0.0")]
    public void UnsupportedVersion(byte major, byte minor, string expected)
    {
        byte[] bytes = [.. NpyHeaderTests.Float32TwoByThree];
        (bytes[6], bytes[7]) = (major, minor);
        AssertOpenFails(bytes, expected);
    }

    [Fact]
    public void TruncatedHeader() =>
        AssertOpenFails(NpyHeaderTests.Float32TwoByThree[..60], "truncated: the file ends before the end of its 118-byte header");

    [Fact]
    public void TruncatedPreamble() => AssertOpenFails([.. Magic, 1], "truncated: 7 bytes is too short for a .npy header");

    [Fact]
    public void TruncatedBody()
    {
        byte[] bytes = [.. new NpyHeader(NpyDType.Float32, 10, 512).Format(), .. new byte[1000]];
        AssertOpenFails(bytes, "truncated body: header says 10x512 float32 = 20480 bytes of data, file has 1000");
    }

    [Fact]
    public void TrailingBytes()
    {
        byte[] bytes = [.. NpyHeaderTests.Float32TwoByThree, .. new byte[28]];
        AssertOpenFails(bytes, "unexpected trailing bytes: header says 2x3 float32 = 24 bytes of data, file has 28");
    }

    [Fact]
    public void InvalidUtf8InVersion3Header()
    {
        byte[] bytes = [.. Magic, 3, 0, 4, 0, 0, 0, (byte)'{', 0xC3, 0x28, (byte)'}'];
        AssertOpenFails(bytes, "malformed .npy header: version 3.0 header is not valid UTF-8");
    }

    private void AssertOpenFails(byte[] bytes, string expectedStart)
    {
        string path = _temp.Write("bad.npy", bytes);
        var e = Assert.Throws<NpyFormatException>(() => NpyFile.Open(path).Dispose());
        Assert.True(e.Message.StartsWith(expectedStart, StringComparison.Ordinal), $"Actual message: {e.Message}");
    }
}
