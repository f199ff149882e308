namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// The tensor names and shapes of the three exported graphs, the same ones tools/kandinsky/export_kandinsky22.py
/// writes (and make_test_graphs.py mirrors). Batch and spatial dimensions are dynamic.
/// </summary>
public static class KandinskyGraphs
{
    public const string UnetSample = "sample";
    public const string UnetTimestep = "timestep";
    public const string UnetImageEmbeds = "image_embeds";
    public const string UnetOutput = "out_sample";
    public const string MovqLatents = "latents";
    public const string MovqImage = "image";

    private const int Dynamic = -1;

    internal static GraphSpec Unet { get; } = new(
        "UNet",
        KandinskyOptions.Key(nameof(KandinskyOptions.UnetPath)),
        [
            new(UnetSample, TensorKind.Real, [Dynamic, ClassifierFreeGuidance.LatentChannels, Dynamic, Dynamic]),
            new(UnetTimestep, TensorKind.Int64, [Dynamic]),
            new(UnetImageEmbeds, TensorKind.Real, [Dynamic, KandinskyEmbeddingSpace.Dimension]),
        ],
        [new(UnetOutput, TensorKind.Real, [Dynamic, ClassifierFreeGuidance.OutputChannels, Dynamic, Dynamic])]);

    internal static GraphSpec MovqDecoder { get; } = new(
        "MoVQ decoder",
        KandinskyOptions.Key(nameof(KandinskyOptions.MovqDecoderPath)),
        [new(MovqLatents, TensorKind.Real, [Dynamic, ClassifierFreeGuidance.LatentChannels, Dynamic, Dynamic])],
        [new(MovqImage, TensorKind.Real, [Dynamic, 3, Dynamic, Dynamic])]);

    internal static GraphSpec MovqEncoder { get; } = new(
        "MoVQ encoder",
        KandinskyOptions.Key(nameof(KandinskyOptions.MovqEncoderPath)),
        [new(MovqImage, TensorKind.Real, [Dynamic, 3, Dynamic, Dynamic])],
        [new(MovqLatents, TensorKind.Real, [Dynamic, ClassifierFreeGuidance.LatentChannels, Dynamic, Dynamic])]);
}
