using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SaeExplorer.Core.Permalink;

/// <summary>
/// One canonical byte form of a permalink's content: texts length-prefixed UTF-8, numbers little-endian, floats by
/// their exact bits. Equal contents give equal bytes on every machine, so equal hashes and slugs.
/// </summary>
public sealed class CanonicalContent
{
    private readonly MemoryStream _bytes = new();

    /// <param name="kind">A versioned tag, so two kinds of content never hash alike (e.g. "saex-group-v1").</param>
    public CanonicalContent(string kind) => Text(kind);

    public CanonicalContent Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        _bytes.Write(bytes);
        return this;
    }

    public CanonicalContent Int(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public CanonicalContent Float(float value) => Int(BitConverter.SingleToInt32Bits(value));

    /// <summary>The SHA-256 of the bytes written, hex.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(_bytes.ToArray()));
}
