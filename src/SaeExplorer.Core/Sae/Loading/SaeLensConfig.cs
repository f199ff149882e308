using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// Reads SAELens cfg.json in both styles: the current one (architecture, d_in, d_sae, dtype,
/// apply_b_dec_to_input, normalize_activations, k, nested "metadata") and the older flat one
/// (activation_fn_str + activation_fn_kwargs.k, model/hook fields at top level). Writes the current style.
/// </summary>
public static class SaeLensConfig
{
    /// <summary>Not a SAELens field: our name for the expected_average_only_in constant (SAELens keeps it
    /// outside cfg.json, as "norm_scaling_factor" in its pretrained registry).</summary>
    public const string NormScalingFactorKey = "norm_scaling_factor";

    private static readonly string[] FlatMetadataKeys =
        ["model_name", "hook_name", "hook_point", "hook_layer", "hook_head_index", "dataset_path", "context_size",
         "prepend_bos", "model_class_name", "sae_lens_training_version", "neuronpedia_id"];

    public static SaeConfig Parse(string json, string source = "cfg.json")
    {
        JsonObject o;
        try { o = JsonFields.Parse(json) as JsonObject ?? throw new SaeFormatException($"{source}: not a JSON object"); }
        catch (JsonException e) { throw new SaeFormatException($"{source}: not valid JSON ({e.Message})", e); }

        var arch = ParseArchitecture(o, source);
        var dIn = RequiredInt(o, "d_in", source);
        var dSae = RequiredInt(o, "d_sae", source);
        int? k = OptionalInt(o, "k", source) ?? OptionalInt(o["activation_fn_kwargs"] as JsonObject, "k", source);
        var applyBDec = JsonFields.Bool(o["apply_b_dec_to_input"], "apply_b_dec_to_input", source) ?? true;
        var norm = ParseNormalization(o["normalize_activations"], source);
        var scale = (float?)JsonFields.Double(o[NormScalingFactorKey], NormScalingFactorKey, source);
        var dtype = ParseDType(JsonFields.String(o["dtype"], "dtype", source), source);

        var meta = new Dictionary<string, string>();
        if (o["metadata"] is JsonObject m)
            foreach (var (key, v) in m) if (v is not null) meta[key] = AsString(v);
        foreach (var key in FlatMetadataKeys)
            if (!meta.ContainsKey(key) && o[key] is { } v) meta[key] = AsString(v);

        var cfg = new SaeConfig(arch, dIn, dSae)
        {
            K = arch == SaeArchitecture.TopK ? k : null,
            ApplyBDecToInput = applyBDec,
            Normalization = norm,
            NormScalingFactor = scale,
            DType = dtype,
            Metadata = meta,
        };
        try { cfg.Validate(); }
        catch (SaeFormatException e) { throw new SaeFormatException($"{source}: {e.Message}", e); }
        return cfg;
    }

    public static string ToJson(SaeConfig cfg)
    {
        var o = new JsonObject
        {
            ["architecture"] = cfg.Architecture switch
            {
                SaeArchitecture.TopK => "topk",
                SaeArchitecture.JumpReLU => "jumprelu",
                _ => "standard",
            },
            ["d_in"] = cfg.DIn,
            ["d_sae"] = cfg.DSae,
            ["dtype"] = cfg.DType switch
            {
                SaeWeightDType.Float16 => "float16",
                SaeWeightDType.BFloat16 => "bfloat16",
                _ => "float32",
            },
            ["device"] = "cpu",
            ["apply_b_dec_to_input"] = cfg.ApplyBDecToInput,
            ["normalize_activations"] = NormalizationName(cfg.Normalization),
            ["reshape_activations"] = "none",
        };
        if (cfg.K is { } k) o["k"] = k;
        if (cfg.NormScalingFactor is { } s) o[NormScalingFactorKey] = s;
        var meta = new JsonObject();
        foreach (var (key, v) in cfg.Metadata) meta[key] = v;
        o["metadata"] = meta;
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>SAELens's name of an input normalisation ("none", "constant_norm_rescale", "expected_average_only_in").</summary>
    public static string NormalizationName(SaeNormalization normalization) => normalization switch
    {
        SaeNormalization.ConstantNormRescale => "constant_norm_rescale",
        SaeNormalization.ExpectedAverageOnlyIn => "expected_average_only_in",
        _ => "none",
    };

    private static SaeArchitecture ParseArchitecture(JsonObject o, string source)
    {
        var name = JsonFields.String(o["architecture"], "architecture", source)
                   ?? JsonFields.String(o["activation_fn_str"], "activation_fn_str", source) ?? "standard";
        return name.ToLowerInvariant() switch
        {
            "standard" or "relu" => SaeArchitecture.Standard,
            "topk" => SaeArchitecture.TopK,
            "jumprelu" => SaeArchitecture.JumpReLU,
            _ => throw new SaeFormatException(
                $"{source}: unsupported architecture/activation '{name}' (supported: standard/relu, topk, jumprelu)"),
        };
    }

    private static SaeNormalization ParseNormalization(JsonNode? n, string source)
    {
        if (n is null) return SaeNormalization.None;
        if (n is JsonValue v && v.TryGetValue<bool>(out var b))
            return b ? throw new SaeFormatException($"{source}: normalize_activations=true is ambiguous; use a mode name")
                     : SaeNormalization.None;
        var s = JsonFields.String(n, "normalize_activations", source);
        return s switch
        {
            "none" or "" => SaeNormalization.None,
            "constant_norm_rescale" => SaeNormalization.ConstantNormRescale,
            "expected_average_only_in" => SaeNormalization.ExpectedAverageOnlyIn,
            _ => throw new SaeFormatException(
                $"{source}: normalize_activations '{s}' is not supported (supported: none, constant_norm_rescale, expected_average_only_in)"),
        };
    }

    public static SaeWeightDType ParseDType(string? s, string source) => s?.Replace("torch.", "") switch
    {
        null or "float32" or "float" or "fp32" => SaeWeightDType.Float32,
        "float16" or "half" or "fp16" => SaeWeightDType.Float16,
        "bfloat16" or "bf16" => SaeWeightDType.BFloat16,
        _ => throw new SaeFormatException($"{source}: unsupported dtype '{s}' (supported: float32, float16, bfloat16)"),
    };

    private static int RequiredInt(JsonObject o, string key, string source) =>
        OptionalInt(o, key, source) ?? throw new SaeFormatException($"{source}: missing required field '{key}'");

    private static int? OptionalInt(JsonObject? o, string key, string source) => JsonFields.Int(o?[key], key, source);

    private static string AsString(JsonNode v) =>
        v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v.ToJsonString();

    internal static string Invariant(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
