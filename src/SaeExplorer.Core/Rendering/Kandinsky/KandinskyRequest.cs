using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>One picture to render from a CLIP ViT-bigG/14 image embedding. Unset numbers take the options' defaults.</summary>
public sealed record KandinskyRequest
{
    /// <summary>The (steered) image embedding, 1280 values, raw (not L2-normalised).</summary>
    public required float[] ImageEmbedding { get; init; }

    /// <summary>The image encoder's output for an all-zero input (OnnxImageEncoder.EncodeZeroInput), used for guidance.</summary>
    public required float[] NegativeEmbedding { get; init; }

    public int Width { get; init; } = 512;

    public int Height { get; init; } = 512;

    public int? Steps { get; init; }

    public float? Guidance { get; init; }

    public SchedulerKind? Scheduler { get; init; }

    /// <summary>Seeds <see cref="GaussianNoise"/>: the same seed and settings give the same picture.</summary>
    public long Seed { get; init; }

    /// <summary>Start from this picture (img2img), resized to Width x Height with bicubic filtering.</summary>
    public Image<Rgb24>? InitImage { get; init; }

    /// <summary>How far from the init image to go: sampling starts at timesteps[N - int(N * strength)].</summary>
    public double Strength { get; init; } = 0.3;

    /// <summary>Reach the start timestep by DDIM inversion of the init image instead of random noise (needs ddim).</summary>
    public bool Invert { get; init; }

    /// <summary>The init image's own embedding, conditioning the inversion; defaults to <see cref="ImageEmbedding"/>.</summary>
    public float[]? SourceEmbedding { get; init; }
}
