namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Everything needed to feed a particular image model and read its embedding: tensor names,
/// input geometry and pixel normalisation. Pixel value v (0..255) becomes (v * Scale - Mean[c]) / Std[c].
/// </summary>
/// <param name="Name">Preset key, e.g. "resnet18".</param>
/// <param name="InputName">ONNX input tensor name (float, [N,3,Size,Size]).</param>
/// <param name="OutputName">ONNX output tensor name; its non-batch dims multiply to <paramref name="OutputDimension"/>.</param>
/// <param name="Size">Side of the square model input in pixels.</param>
/// <param name="Mean">Per-plane mean subtracted after scaling, in <paramref name="ChannelOrder"/> order (the order the model sees).</param>
/// <param name="Std">Per-plane divisor in the same order; null means no division.</param>
/// <param name="FixedBatchOne">The model only accepts batch size 1, so batches are run one image at a time.</param>
public sealed record EncoderPreset(
    string Name,
    string InputName,
    string OutputName,
    int Size,
    CropRule Crop,
    Resampling Resampling,
    ChannelOrder ChannelOrder,
    float Scale,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float>? Std,
    int OutputDimension,
    bool FixedBatchOne)
{
    public const int Channels = 3;

    /// <summary>Floats in one image's input tensor: 3 x Size x Size.</summary>
    public int TensorLength => Channels * Size * Size;

    /// <summary>Throws when the preset cannot describe a valid input (wrong channel counts, zero std, ...).</summary>
    public void Validate()
    {
        if (Size <= 0)
            throw new ArgumentException($"Preset '{Name}': Size must be positive, was {Size}.");
        if (OutputDimension <= 0)
            throw new ArgumentException($"Preset '{Name}': OutputDimension must be positive, was {OutputDimension}.");
        if (Mean.Count != Channels)
            throw new ArgumentException($"Preset '{Name}': Mean needs {Channels} values, has {Mean.Count}.");
        if (Std is not null && (Std.Count != Channels || Std.Any(s => s == 0)))
            throw new ArgumentException($"Preset '{Name}': Std needs {Channels} non-zero values.");
        if (string.IsNullOrWhiteSpace(InputName) || string.IsNullOrWhiteSpace(OutputName))
            throw new ArgumentException($"Preset '{Name}': InputName and OutputName are required.");
    }
}
