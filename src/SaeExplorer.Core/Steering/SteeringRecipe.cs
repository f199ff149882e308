using System.Text.Json.Serialization;

namespace SaeExplorer.Core.Steering;

/// <summary>
/// What "Export recipe" writes: enough to redo a steered render elsewhere (the UI fills it, <c>saex steer</c> reads
/// it). JSON via <see cref="SteeringJson"/>; the edits keep the same form as an <see cref="EditList"/>'s.
/// </summary>
public sealed record SteeringRecipe(
    [property: JsonConverter(typeof(EditsJsonConverter))] IReadOnlyList<SteeringEdit> Edits,
    string Renderer,
    RecipeSource Source)
{
    public RenderParameters Parameters { get; init; } = new();

    /// <summary>x + W_dec^T (f' - f) (true) or the pure reconstruction decode(f') (false).</summary>
    public bool KeepError { get; init; } = true;

    [JsonIgnore]
    public EditList EditList => new(Edits);
}

/// <summary>Where the steered embedding came from. One of <see cref="ImageId"/>, <see cref="Row"/> or
/// <see cref="UploadHash"/> names the image; a row is the embeddings file's row.</summary>
public sealed record RecipeSource(string Workspace)
{
    public string? ImageId { get; init; }

    public long? Row { get; init; }

    /// <summary>For an uploaded image: a hash of its bytes (e.g. "sha256:...").</summary>
    public string? UploadHash { get; init; }
}

/// <summary>The renderer's settings; unset ones take the renderer's defaults. Retrieval reads <see cref="Top"/>,
/// Kandinsky the rest.</summary>
public sealed record RenderParameters
{
    public int? Steps { get; init; }

    public float? Guidance { get; init; }

    public long? Seed { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>"ddpm" or "ddim".</summary>
    public string? Scheduler { get; init; }

    /// <summary>Nearest corpus images to show.</summary>
    public int? Top { get; init; }
}
