using System.Text.Json.Serialization;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering;

/// <summary>
/// One embedding to render. The embedding, space and parameters are plain JSON (a recipe's
/// <see cref="SteeringRecipe.Parameters"/> go in as they are); the progress callback and the token are not serialised.
/// </summary>
public sealed record RenderRequest
{
    /// <summary>The (steered) embedding, in the workspace's space, raw.</summary>
    public required float[] Embedding { get; init; }

    /// <summary>The workspace's embedding space: Kandinsky renders only CLIP ViT-bigG/14, 1280-d.</summary>
    public required EmbeddingSpace Space { get; init; }

    /// <summary>Steps, guidance, width and height (512 or 768), seed and scheduler for Kandinsky; top k for retrieval.
    /// Unset ones take the defaults.</summary>
    public RenderParameters Parameters { get; init; } = new();

    /// <summary>Corpus rows retrieval never returns (e.g. the source image's own row).</summary>
    public IReadOnlyList<int> Exclude { get; init; } = [];

    /// <summary>Told queued, started, step i of N and done, in that order.</summary>
    [JsonIgnore]
    public IProgress<RenderProgress>? Progress { get; init; }

    [JsonIgnore]
    public CancellationToken CancellationToken { get; init; }
}
