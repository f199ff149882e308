using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SaeExplorer.Core.Tests.Imaging;

/// <summary>Synthetic, deterministic test pictures, so no test depends on image files on disk.</summary>
public static class TestImages
{
    public static Image<Rgb24> Solid(int width, int height, Rgb24 colour) => Draw(width, height, (_, _) => colour);

    /// <summary>Vertical bands of the given widths, left to right.</summary>
    public static Image<Rgb24> VerticalBands(int height, params (int Width, Rgb24 Colour)[] bands)
    {
        int width = bands.Sum(b => b.Width);
        return Draw(width, height, (x, _) =>
        {
            foreach ((int w, Rgb24 colour) in bands)
            {
                if (x < w)
                    return colour;
                x -= w;
            }
            throw new InvalidOperationException();
        });
    }

    /// <summary>An orange disc with a blue sky gradient: a "sunset".</summary>
    public static Image<Rgb24> Sunset(int size) => Draw(size, size, (x, y) =>
    {
        double dx = x - size * 0.35, dy = y - size * 0.6;
        if (dx * dx + dy * dy < size * size * 0.04)
            return new Rgb24(250, 140, 20);
        return new Rgb24((byte)(40 + 100 * y / size), (byte)(60 + 80 * y / size), (byte)(200 - 60 * y / size));
    });

    public static Image<Rgb24> Checkerboard(int size, int cell) =>
        Draw(size, size, (x, y) => ((x / cell) + (y / cell)) % 2 == 0 ? new Rgb24(0, 0, 0) : new Rgb24(255, 255, 255));

    /// <summary>Diagonal green and yellow stripes.</summary>
    public static Image<Rgb24> Stripes(int size, int period) =>
        Draw(size, size, (x, y) => (x + y) % period < period / 2 ? new Rgb24(30, 160, 40) : new Rgb24(240, 220, 30));

    public static Image<Rgb24> Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        return Draw(width, height, (_, _) => new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
    }

    public static Image<Rgb24> Draw(int width, int height, Func<int, int, Rgb24> pixel)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
                image[x, y] = pixel(x, y);
        }
        return image;
    }

    public static Image<Rgb24> Flipped(Image<Rgb24> image) => image.Clone(c => c.Flip(FlipMode.Horizontal));

    public static byte[] Png<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    public static byte[] Jpeg(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }
}
