using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering.Icons;

/// <summary>
/// One feature's icon: its decoder direction set to <see cref="Value"/> on the neutral base (the corpus mean
/// embedding), drawn by the workspace's renderer: a PNG beside the set (Kandinsky), or the nearest corpus
/// <see cref="Row"/> and its <see cref="Cosine"/> to the steered base, both measured from the mean (retrieval).
/// </summary>
public sealed record FeatureIcon(int Feature, float Value, int? Row = null, float? Cosine = null)
{
    /// <summary>Whether the icon is a picture file rather than a corpus row.</summary>
    public bool IsPicture => Row is null;

    /// <summary>How a page names the icon: retrieval's is never called generated.</summary>
    public string Describe(string renderer) => Row is not null
        ? $"nearest corpus image to the feature's direction on the mean embedding (cos {Cosine:F2})"
        : $"{RenderResult.Describe(renderer)} from the feature's direction on the mean embedding (value {Value:G3})";
}

/// <summary>
/// The icons drawn so far for one SAE, and what they were drawn with: a set is resumed only by a run with the same
/// <see cref="Renderer"/>, <see cref="Source"/>, <see cref="Sae"/>, <see cref="Parameters"/> and <see cref="Centred"/>.
/// </summary>
public sealed record FeatureIconSet
{
    /// <summary>"retrieval" or "kandinsky".</summary>
    public required string Renderer { get; init; }

    /// <summary>The renderer's <see cref="IRenderer.Source"/> (corpus file, graph files).</summary>
    public required string Source { get; init; }

    /// <summary>The SAE's weights fingerprint: another SAE has other features under the same numbers.</summary>
    public required string Sae { get; init; }

    public required RenderParameters Parameters { get; init; }

    /// <summary>Whether retrieval scored cosine from the corpus mean (<see cref="RowNorms.Centred"/>).</summary>
    public bool Centred { get; init; }

    /// <summary>Icons by feature, in the order they were drawn.</summary>
    public IReadOnlyList<FeatureIcon> Icons { get; init; } = [];

    /// <summary>Whether icons of <paramref name="other"/> were drawn the same way as this set's.</summary>
    public bool SameDrawing(FeatureIconSet other) =>
        Renderer == other.Renderer && Source == other.Source && Sae == other.Sae && Parameters == other.Parameters && Centred == other.Centred;
}
