namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>The images a model is shown for one feature: its top activating images, then some where it is silent.</summary>
public sealed record VisionImages(IReadOnlyList<ReadOnlyMemory<byte>> Top, IReadOnlyList<ReadOnlyMemory<byte>> Contrast);
