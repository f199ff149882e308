namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>The media type of an image from its first bytes (what a data URL must state); chat models read these five.</summary>
public static class ImageMediaType
{
    /// <exception cref="ArgumentException">The bytes are none of PNG, JPEG, GIF, WebP or BMP.</exception>
    public static string Of(ReadOnlySpan<byte> bytes, string what = "the image")
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "image/png";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (bytes.StartsWith("GIF8"u8)) return "image/gif";
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        if (bytes.StartsWith("BM"u8)) return "image/bmp";
        throw new ArgumentException($"{what} is not a PNG, JPEG, GIF, WebP or BMP file ({bytes.Length} bytes)");
    }
}
