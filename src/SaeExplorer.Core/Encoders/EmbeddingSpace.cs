using System.Text.Json;
using System.Text.Json.Serialization;

namespace SaeExplorer.Core.Encoders;

/// <summary>
/// Which embedding space a workspace's vectors live in: the encoder preset that made them (or "shipped" when they came
/// with the corpus and no known encoder made them here), the model's name and fingerprint, the dimension and any
/// normalisation applied. Whatever later needs an encoder or checks the vectors (uploads, the Kandinsky renderer,
/// text vocabularies) asks the space, so a mismatch is said plainly instead of producing vectors from another space.
/// </summary>
/// <param name="Preset">An <see cref="EncoderPresets"/> name ("resnet18", "clip-vit-bigg-14") or <see cref="ShippedPreset"/>.</param>
/// <param name="Model">The model file's name, or for shipped vectors the model the corpus declares (else a description of the source).</param>
/// <param name="Fingerprint">A <see cref="ModelFingerprint"/> of the model file; null when unknown (shipped or declared vectors).</param>
/// <param name="Normalization">"none", or "l2" when every vector has unit length.</param>
public sealed record EmbeddingSpace(string Preset, string Model, int Dimension, string? Fingerprint = null, string Normalization = EmbeddingSpace.NoNormalization)
{
    public const string ShippedPreset = "shipped";
    public const string NoNormalization = "none";
    public const string L2Normalization = "l2";

    /// <summary>Written beside a pack's embeddings.npy, and read from a corpus folder that declares its vectors' space.</summary>
    public const string FileName = "embedding-space.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public bool IsShipped => string.Equals(Preset, ShippedPreset, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a CLIP image tower made these vectors (a clip-* preset, or shipped vectors declared as a CLIP
    /// model), so CLIP's text tower can put text in the same space.</summary>
    public bool IsClip => Preset.StartsWith("clip", StringComparison.OrdinalIgnoreCase)
                          || (IsShipped && Model.Contains("clip", StringComparison.OrdinalIgnoreCase));

    /// <summary>How a page names the space, e.g. "resnet18 · ResNet18.onnx · 512-d".</summary>
    public string Describe() =>
        $"{Preset} · {Model} · {Dimension}-d" + (Normalization == NoNormalization ? "" : $" · {Normalization}-normalised");

    /// <summary>
    /// Null when <paramref name="encoder"/> (the space of the configured encoder) makes vectors in this space; otherwise
    /// why not, in words that say what to change.
    /// </summary>
    public string? MismatchWith(EmbeddingSpace encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (IsShipped)
            return $"This workspace's vectors were shipped with its corpus ({Model}, {Dimension}-d) and no known encoder made them, " +
                   $"so new images cannot be put in the same space. (The configured encoder is {encoder.Describe()}.) " +
                   $"If you know the model, declare it in the corpus's {FileName} and import the corpus again.";
        if (!string.Equals(Preset, encoder.Preset, StringComparison.OrdinalIgnoreCase) || Dimension != encoder.Dimension)
            return $"This workspace's vectors are {Describe()}, but the configured encoder is {encoder.Describe()}. " +
                   $"Set {EncoderOptions.Section}:Preset and {EncoderOptions.Section}:ModelPath to the workspace's model to encode images for it.";
        if (Fingerprint is not null && encoder.Fingerprint is not null && Fingerprint != encoder.Fingerprint)
            return $"This workspace was encoded with another {Preset} model file ({Model}, fingerprint {Fingerprint}) than the configured one " +
                   $"({encoder.Model}, fingerprint {encoder.Fingerprint}); vectors from the two would not be comparable.";
        if (Normalization != encoder.Normalization)
            return $"This workspace's vectors are {Normalization}-normalised but the configured encoder's are {encoder.Normalization}.";
        return null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Save(string path) => IO.AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a space file; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid space description (the message says why).</exception>
    /// <summary>The space of vectors whose origin was never recorded: only their dimension is known, so a renderer
    /// that needs a particular space refuses them with its usual message.</summary>
    public static EmbeddingSpace Unknown(int dimension) => new("unknown", "unknown", dimension);

    public static EmbeddingSpace? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        EmbeddingSpace? space;
        try
        {
            space = JsonSerializer.Deserialize<EmbeddingSpace>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid {FileName} ({e.Message})", e);
        }
        if (space is null || string.IsNullOrWhiteSpace(space.Preset) || string.IsNullOrWhiteSpace(space.Model) || space.Dimension <= 0)
            throw new InvalidDataException($"{path}: {FileName} needs \"preset\", \"model\" and a positive \"dimension\"");
        return space with { Normalization = string.IsNullOrWhiteSpace(space.Normalization) ? NoNormalization : space.Normalization.ToLowerInvariant() };
    }

    /// <summary>"l2" when every sampled vector has unit length (to 1e-3), else "none".</summary>
    public static string DetectNormalization(IEnumerable<float[]> sample)
    {
        var any = false;
        foreach (var row in sample)
        {
            any = true;
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (Math.Abs(norm - 1f) > 1e-3f) return NoNormalization;
        }
        return any ? L2Normalization : NoNormalization;
    }
}
