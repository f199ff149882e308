using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SaeExplorer.Core.Grouping;

/// <summary>
/// Content-derived permalinks for shared groups. The content (workspace, source image, k, tau, sweep settings, group
/// position, features with their exact activations, SAE id and weights fingerprint) is written in one canonical byte
/// form and hashed with SHA-256: the same group always gets the same hash, and the slug is its first bytes in
/// lower-case base32 (URL-safe, no padding, unambiguous to read). <see cref="Slug"/> cuts 10 bytes (16 characters);
/// a store that finds its slug taken by other content asks for a longer cut, so two groups never share one.
/// </summary>
public static class GroupSlug
{
    public const int ShortBytes = 10;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The SHA-256 of the canonical content, hex.</summary>
    public static string ContentHash(GroupContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Convert.ToHexStringLower(SHA256.HashData(Canonical(content)));
    }

    /// <summary>The first <paramref name="bytes"/> bytes of the content hash (hex) in base32.</summary>
    public static string Slug(string contentHash, int bytes = ShortBytes)
    {
        var hash = Convert.FromHexString(contentHash);
        if (bytes < 5 || bytes > hash.Length) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"a slug cuts 5 to {hash.Length} bytes");
        return Base32(hash.AsSpan(0, bytes));
    }

    /// <summary>Whether text could be a slug (so a tampered one is refused before any lookup).</summary>
    public static bool LooksValid(string? text) =>
        text is { Length: >= 8 and <= 52 } && text.All(c => Alphabet.Contains(c));

    private static byte[] Canonical(GroupContent c)
    {
        if (c.Features.Length != c.Activations.Length) throw new ArgumentException("features and activations differ in length");
        using var stream = new MemoryStream();
        void Text(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Int(bytes.Length);
            stream.Write(bytes);
        }
        void Int(int v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, v);
            stream.Write(b);
        }
        Text("saex-group-v1");
        Text(c.Workspace);
        Text(c.Source);
        Int(c.K);
        Text(c.Tau);
        Int(c.KMax);
        Int(c.Restarts);
        Int(c.GroupIndex);
        Int(c.Features.Length);
        for (var i = 0; i < c.Features.Length; i++)
        {
            Int(c.Features[i]);
            Int(BitConverter.SingleToInt32Bits(c.Activations[i]));
        }
        Int(c.SaeId);
        Text(c.SaeFingerprint);
        return stream.ToArray();
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }
}

/// <summary>What a shared group is made of; two equal contents are the same group.</summary>
public sealed record GroupContent(string Workspace, string Source, int K, string Tau, int KMax, int Restarts, int GroupIndex,
    int[] Features, float[] Activations, int SaeId, string SaeFingerprint);
