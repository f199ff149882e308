using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>Kandinsky 2.2's decoder is conditioned on CLIP ViT-bigG/14 image embeddings; vectors from any other space are noise to it.</summary>
public static class KandinskyEmbeddingSpace
{
    public const int Dimension = 1280;

    public static string PresetId => EncoderPresets.ClipVitBigG14.Name;

    public static bool IsSupported(string presetId, int dimension) =>
        string.Equals(presetId, PresetId, StringComparison.OrdinalIgnoreCase) && dimension == Dimension;

    /// <summary>Throws unless (<paramref name="presetId"/>, <paramref name="dimension"/>) is CLIP ViT-bigG/14, 1280-d.</summary>
    /// <exception cref="InvalidOperationException">Another embedding space.</exception>
    public static void EnsureSupported(string presetId, int dimension)
    {
        if (Problem(presetId, dimension) is { } problem)
            throw new InvalidOperationException(problem);
    }

    /// <summary>Null for CLIP ViT-bigG/14, 1280-d; otherwise the message <see cref="EnsureSupported"/> throws.</summary>
    public static string? Problem(string presetId, int dimension) => IsSupported(presetId, dimension)
        ? null
        : $"Kandinsky 2.2 needs CLIP ViT-bigG/14 image embeddings ({Dimension}-d); this workspace's vectors are {presetId} {dimension}-d";
}
