using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SaeExplorer.Core.Imaging;

/// <summary>Small JPEG previews for image tiles: longest side at most the requested size, never upscaled.</summary>
public static class Thumbnailer
{
    /// <summary>Tile sizes the app asks for; anything else is snapped to the next one up so caches stay small.</summary>
    public static readonly int[] Sizes = [96, 160, 320];

    public static int Snap(int requested) => Sizes.FirstOrDefault(s => s >= requested, Sizes[^1]);

    public static byte[] Jpeg(Image<Rgb24> image, int maxSide, int quality = 85)
    {
        using var copy = image.Clone(c =>
        {
            if (Math.Max(image.Width, image.Height) > maxSide)
                c.Resize(new ResizeOptions { Mode = ResizeMode.Max, Size = new Size(maxSide, maxSide), Sampler = KnownResamplers.Bicubic });
        });
        copy.Metadata.ExifProfile = null;
        using var stream = new MemoryStream();
        copy.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }
}
