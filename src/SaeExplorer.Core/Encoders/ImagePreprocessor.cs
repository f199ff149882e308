using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Turns an RGB image into the planar float tensor [3, Size, Size] a preset's model expects.
/// Normalisation is a 256-entry lookup table per channel, so the pixel loop is one load and
/// one store per value with no allocation. Stateless after construction: thread-safe.
/// </summary>
public sealed class ImagePreprocessor
{
    private const int Levels = 256;

    // Indexed by source channel (R, G, B), each already normalised for the plane it lands in.
    private readonly float[] _red = new float[Levels];
    private readonly float[] _green = new float[Levels];
    private readonly float[] _blue = new float[Levels];
    private readonly int _redPlane;
    private readonly int _bluePlane;
    private readonly IResampler _resampler;

    public ImagePreprocessor(EncoderPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        preset.Validate();
        Preset = preset;
        (_redPlane, _bluePlane) = preset.ChannelOrder == ChannelOrder.Rgb ? (0, 2) : (2, 0);
        FillTable(_red, preset, _redPlane);
        FillTable(_green, preset, 1);
        FillTable(_blue, preset, _bluePlane);
        _resampler = preset.Resampling == Resampling.Bicubic ? KnownResamplers.Bicubic : KnownResamplers.Triangle;
    }

    public EncoderPreset Preset { get; }

    /// <summary>Returns a new [3, Size, Size] tensor for <paramref name="image"/>.</summary>
    public float[] Process(Image<Rgb24> image)
    {
        var tensor = new float[Preset.TensorLength];
        Process(image, tensor);
        return tensor;
    }

    /// <summary>Writes the tensor into the first 3 x Size x Size floats of <paramref name="destination"/>.</summary>
    public void Process(Image<Rgb24> image, Memory<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length < Preset.TensorLength)
            throw new ArgumentException($"Destination holds {destination.Length} floats; {Preset.TensorLength} needed.", nameof(destination));

        PreprocessGeometry geometry = PreprocessGeometry.For(image.Width, image.Height, Preset);
        Image<Rgb24> fitted = Fit(image, geometry);
        try
        {
            WritePlanes(fitted, destination[..Preset.TensorLength]);
        }
        finally
        {
            if (!ReferenceEquals(fitted, image))
                fitted.Dispose();
        }
    }

    // Applies crop and resize, skipping either when it would not change anything (exact, and no copy).
    private Image<Rgb24> Fit(Image<Rgb24> image, PreprocessGeometry g)
    {
        var full = new Rectangle(0, 0, g.CropFirst ? image.Width : g.ResizeTo.Width, g.CropFirst ? image.Height : g.ResizeTo.Height);
        bool crop = g.Crop != full;
        bool resize = g.CropFirst ? g.Crop.Size != g.ResizeTo : g.ResizeTo != image.Size();
        if (!crop && !resize)
            return image;
        return image.Clone(ctx =>
        {
            if (g.CropFirst && crop)
                ctx.Crop(g.Crop);
            if (resize)
                ctx.Resize(g.ResizeTo.Width, g.ResizeTo.Height, _resampler);
            if (!g.CropFirst && crop)
                ctx.Crop(g.Crop);
        });
    }

    private void WritePlanes(Image<Rgb24> image, Memory<float> destination)
    {
        int plane = Preset.Size * Preset.Size;
        int redOffset = _redPlane * plane, greenOffset = plane, blueOffset = _bluePlane * plane;
        image.ProcessPixelRows(accessor =>
        {
            Span<float> tensor = destination.Span;
            for (int y = 0; y < accessor.Height; y++)
            {
                ReadOnlySpan<Rgb24> row = accessor.GetRowSpan(y);
                int start = y * accessor.Width;
                Span<float> r = tensor.Slice(redOffset + start, row.Length);
                Span<float> g = tensor.Slice(greenOffset + start, row.Length);
                Span<float> b = tensor.Slice(blueOffset + start, row.Length);
                for (int x = 0; x < row.Length; x++)
                {
                    Rgb24 p = row[x];
                    r[x] = _red[p.R];
                    g[x] = _green[p.G];
                    b[x] = _blue[p.B];
                }
            }
        });
    }

    private static void FillTable(float[] table, EncoderPreset preset, int plane)
    {
        float mean = preset.Mean[plane];
        float std = preset.Std?[plane] ?? 1f;
        for (int v = 0; v < Levels; v++)
            table[v] = (v * preset.Scale - mean) / std;
    }
}
