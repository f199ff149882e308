namespace SaeExplorer.Core.Imaging;

/// <summary>What the header says about an image that passed every pre-decode check.</summary>
/// <param name="Format">ImageSharp's format name, e.g. "PNG" or "JPEG".</param>
/// <param name="ByteLength">Size of the encoded file or stream in bytes.</param>
public sealed record ImageInfo(int Width, int Height, string Format, long ByteLength)
{
    public long Pixels => (long)Width * Height;
    public double Megapixels => Pixels / 1_000_000.0;
}
