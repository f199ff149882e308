using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Imaging;

/// <summary>
/// Composites RGBA onto white. Encoders expect opaque RGB, and white (not black) is what
/// a transparent logo or cut-out looks like in a browser, so embeddings match what users see.
/// </summary>
internal static class AlphaFlattener
{
    public static Image<Rgb24> OntoWhite(Image<Rgba32> source)
    {
        var result = new Image<Rgb24>(source.GetConfiguration(), source.Width, source.Height);
        source.ProcessPixelRows(result, static (src, dst) =>
        {
            for (int y = 0; y < src.Height; y++)
            {
                Span<Rgba32> from = src.GetRowSpan(y);
                Span<Rgb24> to = dst.GetRowSpan(y);
                for (int x = 0; x < from.Length; x++)
                {
                    Rgba32 p = from[x];
                    int inverse = 255 - p.A;
                    to[x] = new Rgb24(Blend(p.R, p.A, inverse), Blend(p.G, p.A, inverse), Blend(p.B, p.A, inverse));
                }
            }
        });
        return result;
    }

    // Straight (unassociated) alpha over white, rounded to nearest: c*a/255 + 255*(1-a/255).
    private static byte Blend(byte colour, int alpha, int inverse) =>
        (byte)((colour * alpha + 255 * inverse + 127) / 255);
}
