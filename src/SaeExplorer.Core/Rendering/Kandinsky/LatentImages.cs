using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>Pictures to and from the MoVQ's planar RGB tensors in [-1, 1] (diffusers' Kandinsky 2.2 pipelines).</summary>
internal static class LatentImages
{
    /// <summary>img2img's prepare_image: bicubic resize to width x height, then v / 127.5 - 1, channel planes R, G, B.</summary>
    public static void ToTensor(Image<Rgb24> image, int width, int height, Span<float> chw)
    {
        int plane = width * height;
        if (chw.Length != 3 * plane)
            throw new ArgumentException($"Tensor has {chw.Length} values; {width}x{height} RGB needs {3 * plane}.", nameof(chw));
        var pixels = new Rgb24[plane];
        if (image.Width == width && image.Height == height)
        {
            image.CopyPixelDataTo(pixels);
        }
        else
        {
            using Image<Rgb24> resized = image.Clone(c => c.Resize(width, height, KnownResamplers.Bicubic));
            resized.CopyPixelDataTo(pixels);
        }
        for (int i = 0; i < plane; i++)
        {
            chw[i] = pixels[i].R / 127.5f - 1f;
            chw[plane + i] = pixels[i].G / 127.5f - 1f;
            chw[2 * plane + i] = pixels[i].B / 127.5f - 1f;
        }
    }

    /// <summary>The decoder's [-1, 1] output as pixels: clamp(x * 0.5 + 0.5, 0, 1) * 255, rounded half to even like numpy.</summary>
    public static Image<Rgb24> FromTensor(ReadOnlySpan<float> chw, int width, int height)
    {
        int plane = width * height;
        if (chw.Length != 3 * plane)
            throw new ArgumentException($"MoVQ decoder output has {chw.Length} values; {width}x{height} RGB needs {3 * plane}.", nameof(chw));
        var pixels = new Rgb24[plane];
        for (int i = 0; i < plane; i++)
            pixels[i] = new Rgb24(ToByte(chw[i]), ToByte(chw[plane + i]), ToByte(chw[2 * plane + i]));
        return Image.LoadPixelData<Rgb24>(pixels, width, height);
    }

    private static byte ToByte(float v) => (byte)Math.Round(Math.Clamp(v * 0.5f + 0.5f, 0f, 1f) * 255f);
}
