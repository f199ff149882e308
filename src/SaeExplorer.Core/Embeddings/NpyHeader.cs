using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Shape and dtype of a 2-D .npy array, and its byte-exact header as numpy writes it
/// (see numpy.lib.format): magic "\x93NUMPY", version, little-endian header length, a Python
/// dict literal, then spaces and '\n' so the data starts on a 64-byte boundary.
/// A 1-D file of shape (n,) is read as one row of n columns (<see cref="IsVector"/>), since a
/// lone embedding is a single row; it is never written.
/// </summary>
public sealed record NpyHeader(NpyDType DType, long Rows, int Columns)
{
    public const int Alignment = 64;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int PreambleLength = 8; // magic + major + minor
    private const int GrowthAxisMaxDigits = 21; // numpy pads so the row count can grow in place

    /// <summary>The stored shape was 1-D (Columns,); <see cref="Rows"/> is then 1.</summary>
    public bool IsVector { get; init; }

    /// <summary>Format major version read from a file (1, 2 or 3), or to force when formatting; null = smallest that fits.</summary>
    public int? Version { get; init; }

    public int ElementSize => DType.ElementSize();

    public long RowBytes => (long)Columns * ElementSize;

    public long DataLength => Rows * RowBytes;

    /// <summary>e.g. "10x512 float32".</summary>
    public string Describe() => $"{Rows}x{Columns} {DType.TypeName()}";

    /// <summary>Header bytes, identical to numpy's for the same array; the data follows immediately.</summary>
    public byte[] Format()
    {
        string shape = IsVector ? $"({Columns},)" : $"({Rows}, {Columns})";
        string dict = $"{{'descr': '{DType.Descr()}', 'fortran_order': False, 'shape': {shape}, }}";
        string growthDigits = (IsVector ? Columns : Rows).ToString(CultureInfo.InvariantCulture);
        dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - growthDigits.Length));
        byte[] text = Encoding.ASCII.GetBytes(dict);

        int version = Version ?? 1;
        if (version == 1 && Wrap(text, 2) > ushort.MaxValue)
            version = 2;
        if (version is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(Version), version, "numpy format versions are 1, 2 and 3.");
        int lengthField = version == 1 ? 2 : 4;
        int headerLength = Wrap(text, lengthField);

        var bytes = new byte[PreambleLength + lengthField + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (lengthField == 2)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(PreambleLength), (ushort)headerLength);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(PreambleLength), (uint)headerLength);
        int textStart = PreambleLength + lengthField;
        text.CopyTo(bytes, textStart);
        bytes.AsSpan(textStart + text.Length, headerLength - text.Length - 1).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    // numpy's _wrap_header: text + '\n' padded with spaces to the alignment; padding is 1..64 bytes, never 0.
    private static int Wrap(byte[] text, int lengthField)
    {
        int withNewline = text.Length + 1;
        int pad = Alignment - (PreambleLength + lengthField + withNewline) % Alignment;
        return withNewline + pad;
    }

    /// <summary>Reads and parses the header at the start of <paramref name="stream"/>, leaving it at the first data byte.</summary>
    public static NpyHeader Read(Stream stream, out int dataOffset)
    {
        var start = new byte[PreambleLength + 4];
        int got = stream.ReadAtLeast(start.AsSpan(0, PreambleLength + 2), PreambleLength + 2, throwOnEndOfStream: false);
        if (got == 0)
            throw new NpyFormatException("file is empty (not a .npy file)");
        CheckMagic(start.AsSpan(0, got));
        if (got < PreambleLength + 2)
            throw new NpyFormatException($"truncated: {got} bytes is too short for a .npy header");
        int lengthField = LengthFieldSize(start);
        if (lengthField == 4)
            ReadExactly(stream, start.AsSpan(PreambleLength + 2, 2), "the header length");
        int textStart = PreambleLength + lengthField;
        long headerLength = HeaderLength(start, lengthField);
        if (headerLength > int.MaxValue - textStart)
            throw new NpyFormatException($"header length {headerLength} is implausibly large");
        var all = new byte[textStart + headerLength];
        start.AsSpan(0, textStart).CopyTo(all);
        ReadExactly(stream, all.AsSpan(textStart), $"the end of its {headerLength}-byte header");
        return Parse(all, out dataOffset);
    }

    /// <summary>Parses a header from the first bytes of a file (at least the whole header).</summary>
    public static NpyHeader Parse(ReadOnlySpan<byte> data, out int dataOffset)
    {
        if (data.IsEmpty)
            throw new NpyFormatException("file is empty (not a .npy file)");
        CheckMagic(data);
        if (data.Length < PreambleLength + 2)
            throw new NpyFormatException($"truncated: {data.Length} bytes is too short for a .npy header");
        int lengthField = LengthFieldSize(data);
        if (data.Length < PreambleLength + lengthField)
            throw new NpyFormatException("truncated: the header length field is incomplete");
        long headerLength = HeaderLength(data, lengthField);
        int textStart = PreambleLength + lengthField;
        if (data.Length - textStart < headerLength)
            throw new NpyFormatException($"truncated header: it declares {headerLength} bytes, only {data.Length - textStart} present");
        dataOffset = textStart + (int)headerLength;

        ReadOnlySpan<byte> textBytes = data.Slice(textStart, (int)headerLength);
        // Versions 1 and 2 are latin-1; 3 allows UTF-8 (for structured field names).
        string text = data[6] == 3 ? DecodeUtf8(textBytes) : Encoding.Latin1.GetString(textBytes);
        return FromDictionary(NpyHeaderDictionary.Parse(text)) with { Version = data[6] };
    }

    // Compares as much of the magic as is present, so short non-npy files say "bad magic", not "truncated".
    private static void CheckMagic(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> head = data[..Math.Min(data.Length, Magic.Length)];
        if (!head.SequenceEqual(Magic[..head.Length]))
            throw new NpyFormatException(
                $"bad magic: not a .npy file (expected 934E554D5059 = \\x93NUMPY, found {Convert.ToHexString(head)})");
    }

    private static int LengthFieldSize(ReadOnlySpan<byte> data)
    {
        byte major = data[6], minor = data[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new NpyFormatException($"unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported)");
        return major == 1 ? 2 : 4;
    }

    private static long HeaderLength(ReadOnlySpan<byte> data, int lengthField) => lengthField == 2
        ? BinaryPrimitives.ReadUInt16LittleEndian(data[PreambleLength..])
        : BinaryPrimitives.ReadUInt32LittleEndian(data[PreambleLength..]);

    private static NpyHeader FromDictionary(Dictionary<string, object> dict)
    {
        foreach (string key in dict.Keys)
        {
            if (key is not ("descr" or "fortran_order" or "shape"))
                throw new NpyFormatException($"malformed .npy header dictionary: unexpected key '{key}'");
        }
        if (Get(dict, "descr") is not string descr)
            throw new NpyFormatException("malformed .npy header dictionary: 'descr' must be a dtype string (structured dtypes are not supported)");
        if (Get(dict, "fortran_order") is not bool fortran)
            throw new NpyFormatException("malformed .npy header dictionary: 'fortran_order' must be True or False");
        if (Get(dict, "shape") is not long[] shape)
            throw new NpyFormatException("malformed .npy header dictionary: 'shape' must be a tuple of integers");

        NpyDType dtype = descr switch
        {
            "<f4" => NpyDType.Float32,
            "<f2" => NpyDType.Float16,
            _ => throw new NpyFormatException($"unsupported dtype '{descr}': only '<f4' (float32) and '<f2' (float16) are supported"),
        };
        if (fortran)
            throw new NpyFormatException("Fortran-order arrays are not supported (fortran_order: True); save the array in C order");

        (long rows, long columns, bool vector) = shape.Length switch
        {
            1 => (1L, shape[0], true),
            2 => (shape[0], shape[1], false),
            _ => throw new NpyFormatException(
                $"unsupported shape ({string.Join(", ", shape)}): only 1-D and 2-D arrays are supported"),
        };
        if (columns > int.MaxValue)
            throw new NpyFormatException($"unsupported shape: {columns} columns is more than {int.MaxValue}");
        return new NpyHeader(dtype, rows, (int)columns) { IsVector = vector };
    }

    private static object Get(Dictionary<string, object> dict, string key) =>
        dict.TryGetValue(key, out object? value)
            ? value
            : throw new NpyFormatException($"malformed .npy header dictionary: missing key '{key}'");

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new NpyFormatException("malformed .npy header: version 3.0 header is not valid UTF-8", e);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new NpyFormatException($"truncated: the file ends before {what}");
    }
}
