using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Encoders;

/// <summary>Encoder settings, bound from the appsettings section "Encoder".</summary>
public sealed record EncoderOptions : Settings.ISectionOptions, IValidatableObject
{
    public static string Section => "Encoder";

    /// <summary>Preset name; see <see cref="EncoderPresets"/>.</summary>
    public string Preset { get; init; } = EncoderPresets.ResNet18.Name;

    /// <summary>Path of the .onnx file; null uses the ResNet18 model copied next to the app at build time.</summary>
    public string? ModelPath { get; init; }

    /// <summary>"auto" (CUDA when available, else CPU), "cuda" (same fallback, but logged as a request) or "cpu".</summary>
    [RegularExpression("(?i)^(auto|cuda|cpu)$", ErrorMessage = "must be auto, cuda or cpu")]
    public string Device { get; init; } = "auto";

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    [Range(0, 4096)]
    public int IntraOpThreads { get; init; }

    /// <summary>Overrides the preset's input tensor name (exports differ).</summary>
    public string? InputName { get; init; }

    /// <summary>Overrides the preset's output tensor name.</summary>
    public string? OutputName { get; init; }

    /// <summary>Images per ONNX run for models with a dynamic batch dimension.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; init; } = 16;

    /// <summary>
    /// CLIP's text tower: an ONNX export of the text model with its projection (input_ids [, attention_mask] ->
    /// text_embeds), in the same CLIP as the image encoder. Null: no text search of features, no word-list vocabulary.
    /// </summary>
    public string? TextModelPath { get; init; }

    /// <summary>The folder of CLIP's tokenizer files, vocab.json and merges.txt; null is the text model's folder.</summary>
    public string? TextTokenizerFolder { get; init; }

    /// <summary>The text model's token-id input (int64 or int32, [batch, sequence]).</summary>
    public string TextInputName { get; init; } = "input_ids";

    /// <summary>The text model's projected embedding output ([batch, dimension]).</summary>
    public string TextOutputName { get; init; } = "text_embeds";

    /// <summary>Where the build puts the packaged ResNet18 model.</summary>
    public static string PackagedResNet18Path =>
        Path.Combine(AppContext.BaseDirectory, "models", "resnet18", "ResNet18.onnx");

    /// <summary>The preset named by <see cref="Preset"/>, with any tensor-name overrides applied.</summary>
    public EncoderPreset ResolvePreset()
    {
        EncoderPreset preset = EncoderPresets.Get(Preset);
        return preset with
        {
            InputName = InputName ?? preset.InputName,
            OutputName = OutputName ?? preset.OutputName,
        };
    }

    /// <summary>The model file to open; only the ResNet18 preset has a packaged default.</summary>
    public string ResolveModelPath()
    {
        if (ModelPath is not null)
            return ModelPath;
        if (string.Equals(Preset, EncoderPresets.ResNet18.Name, StringComparison.OrdinalIgnoreCase))
            return PackagedResNet18Path;
        throw new InvalidOperationException(
            $"Encoder preset '{Preset}' has no packaged model; set {Section}:ModelPath to its .onnx file.");
    }

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!EncoderPresets.All.Any(p => string.Equals(p.Name, Preset, StringComparison.OrdinalIgnoreCase)))
            yield return new ValidationResult(
                $"unknown preset '{Preset}'; known presets: {string.Join(", ", EncoderPresets.All.Select(p => p.Name))}", [nameof(Preset)]);
    }
}
