using System.Text;

namespace SaeExplorer.Core.Permalink;

/// <summary>
/// Content-derived permalinks (shared groups, steering states): a SHA-256 of the content's canonical bytes (see
/// <see cref="CanonicalContent"/>) and, as the slug, its first bytes in lower-case base32 (URL-safe, no padding,
/// unambiguous to read). <see cref="Slug"/> cuts 10 bytes (16 characters); a store that finds its slug taken by
/// other content asks for a longer cut, so two contents never share one.
/// </summary>
public static class ContentSlug
{
    public const int ShortBytes = 10;
    public const int MaxBytes = 32;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

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
