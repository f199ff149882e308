using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Encoders;

/// <summary>Maps images to fixed-length embedding vectors.</summary>
public interface IImageEncoder
{
    EncoderPreset Preset { get; }

    /// <summary>Length of every returned vector.</summary>
    int Dimension { get; }

    /// <summary>The space its vectors are in (preset, model file and fingerprint, dimension).</summary>
    EmbeddingSpace Space { get; }

    /// <summary>The ONNX Runtime execution provider in use, e.g. "CPUExecutionProvider".</summary>
    string ExecutionProvider { get; }

    float[] Encode(Image<Rgb24> image);

    /// <summary>One vector per image, in input order.</summary>
    IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<Image<Rgb24>> images);
}
