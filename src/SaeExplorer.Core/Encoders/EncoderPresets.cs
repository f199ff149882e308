namespace SaeExplorer.Core.Encoders;

/// <summary>The image models the explorer knows how to feed.</summary>
public static class EncoderPresets
{
    /// <summary>
    /// ML.NET's ResNet18 featurizer (Microsoft.ML.DnnImageFeaturizer.ResNet18): BGR, 0..255, minus the
    /// channel means of the package's mean image. The package subtracts a per-pixel mean image in a
    /// separate ONNX graph; its per-channel averages are used here so preprocessing stays in C#.
    /// </summary>
    public static EncoderPreset ResNet18 { get; } = new(
        Name: "resnet18",
        InputName: "Input247",
        OutputName: "Pooling395_Output_0",
        Size: 224,
        Crop: CropRule.CenterSquareThenResize,
        Resampling: Resampling.Bicubic,
        ChannelOrder: ChannelOrder.Bgr,
        Scale: 1f,
        Mean: [103.06f, 115.90f, 123.15f],
        Std: null,
        OutputDimension: 512,
        FixedBatchOne: true);

    /// <summary>OpenCLIP ViT-bigG/14 vision tower exported with Hugging Face names (pixel_values -> image_embeds).</summary>
    public static EncoderPreset ClipVitBigG14 { get; } = new(
        Name: "clip-vit-bigg-14",
        InputName: "pixel_values",
        OutputName: "image_embeds",
        Size: 224,
        Crop: CropRule.ShortestSideThenCenterCrop,
        Resampling: Resampling.Bicubic,
        ChannelOrder: ChannelOrder.Rgb,
        Scale: 1f / 255f,
        Mean: [0.48145466f, 0.4578275f, 0.40821073f],
        Std: [0.26862954f, 0.26130258f, 0.27577711f],
        OutputDimension: 1280,
        FixedBatchOne: false);

    public static IReadOnlyList<EncoderPreset> All { get; } = [ResNet18, ClipVitBigG14];

    /// <summary>Finds a preset by name, ignoring case.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static EncoderPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown encoder preset '{name}'. Known presets: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
