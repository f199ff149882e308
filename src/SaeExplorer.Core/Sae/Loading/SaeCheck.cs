using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>What <see cref="SaeCheck.Inspect"/> found an SAE file to be.</summary>
/// <param name="WeightsFile">The file holding the weights (its fingerprint's).</param>
/// <param name="Warning">Said when the SAE's metadata cannot confirm the corpus's embedding space; null when it does.</param>
public sealed record SaeInspection(SaeFormat Format, string WeightsFile, SaeConfig Config, string Fingerprint, string? Warning);

/// <summary>
/// Whether an SAE file can serve a corpus, checked before anything is made of it, holding none of its weights: the format
/// is detected; its shapes agree with its config; it takes the corpus's dimension; its metadata does not name another
/// embedding space (SAELens's model_name and hook_name, saev's vit_ckpt), which is warned about when it names none; and
/// every weight is finite. Each refusal names the file and the tensor or field.
/// </summary>
public static class SaeCheck
{
    private static readonly string[] ModelFields = ["model_name", "vit_ckpt", "model_ckpt", "model"];
    private static readonly string[] HookFields = ["hook_name", "hook_point"];

    /// <exception cref="SaeFormatException">The file is not an SAE that fits the corpus; the message says which file, tensor or field.</exception>
    /// <exception cref="FileNotFoundException">There is no such file or folder.</exception>
    public static SaeInspection Inspect(string path, SaeFormat format, CorpusVectors vectors)
    {
        using var file = SaeLoader.Open(path, format);
        file.CheckInput(vectors.Dimension, $"the corpus's embeddings ({vectors.Source})");
        var warning = Space(file.WeightsFile, file.Config, vectors);
        file.CheckWeights();
        return new SaeInspection(file.Format, file.WeightsFile, file.Config, file.Fingerprint(), warning);
    }

    /// <summary>Null when the SAE's metadata names the corpus's model; a warning when either side names none.</summary>
    /// <exception cref="SaeFormatException">The metadata names another model, or a layer inside one rather than its embedding.</exception>
    public static string? Space(string file, SaeConfig config, CorpusVectors vectors)
    {
        var meta = config.Metadata;
        foreach (var field in HookFields)
            if (meta.TryGetValue(field, out var hook) && (hook.Contains("blocks.", StringComparison.OrdinalIgnoreCase) || hook.Contains("resid", StringComparison.OrdinalIgnoreCase)))
                throw new SaeFormatException(
                    $"{file}: metadata {field} '{hook}' is a layer inside the model, not the image embedding this corpus's vectors are ({vectors.Source})");
        var claim = ModelFields.Select(f => (Field: f, Value: meta.GetValueOrDefault(f))).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Value));
        var theirs = vectors.Preset is null ? "vectors that name no model" : $"{vectors.Preset} vectors";
        if (claim.Value is null)
            return $"{file} says nothing about the embedding space it was trained on; check that it was trained on {theirs} ({vectors.Dimension}-d).";
        if (vectors.Preset is null)
            return $"{file} says it was trained on {claim.Value} ({claim.Field}); the corpus's vectors name no model, so that cannot be checked.";
        if (!Names(claim.Value, vectors.Preset))
            throw new SaeFormatException(
                $"{file}: metadata {claim.Field} '{claim.Value}' names another embedding space than the corpus's ({vectors.Preset}, {vectors.Dimension}-d, {vectors.Source})");
        return null;
    }

    /// <summary>Whether a model name ("laion/CLIP-ViT-bigG-14-laion2B-39B-b160k", "ViT-bigG-14") is the preset's model
    /// ("clip-vit-bigg-14"): its letters and digits hold the preset's, with or without the leading "clip".</summary>
    private static bool Names(string claim, string preset)
    {
        string c = Letters(claim), p = Letters(preset);
        return c.Contains(p, StringComparison.Ordinal) || (p.StartsWith("clip", StringComparison.Ordinal) && p.Length > 4 && c.Contains(p[4..], StringComparison.Ordinal));
    }

    private static string Letters(string s) => new(s.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}
