using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>SAELens folder: cfg.json + sae_weights.safetensors (+ optional sparsity.safetensors).</summary>
public static class SaeLensLoader
{
    public const string ConfigFile = "cfg.json";
    public const string WeightsFile = "sae_weights.safetensors";
    public const string SparsityFile = "sparsity.safetensors";

    public static SparseAutoencoder Load(string folder, SaeLoadOptions? options = null)
    {
        using var file = Open(folder);
        return file.Load(options ?? new SaeLoadOptions());
    }

    /// <summary>The config and the weights' places, read from the headers; no weight is read yet.</summary>
    public static SaeFile Open(string folder)
    {
        var cfgPath = Path.Combine(folder, ConfigFile);
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!File.Exists(cfgPath)) throw new SaeFormatException($"{folder}: no {ConfigFile}");
        if (!File.Exists(weightsPath)) throw new SaeFormatException($"{folder}: no {WeightsFile}");
        var cfg = SaeLensConfig.Parse(File.ReadAllText(cfgPath), cfgPath);
        var t = SafetensorsFile.Entries(weightsPath);

        var missing = new[] { "W_enc", "b_enc", "W_dec", "b_dec" }.Where(k => !t.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new SaeFormatException(
                $"{weightsPath}: missing tensor(s) {string.Join(", ", missing)}; found {SaeFile.Keys(t.Keys)}");

        StoredTensor? threshold = null;
        var isLog = false;
        if (cfg.Architecture == SaeArchitecture.JumpReLU)
        {
            // Some training checkpoints store log_threshold; SAELens converts it with exp.
            if (t.TryGetValue("threshold", out var th)) threshold = th;
            else if (t.TryGetValue("log_threshold", out var lt)) (threshold, isLog) = (lt, true);
            else throw new SaeFormatException($"{weightsPath}: jumprelu SAE needs 'threshold'; found {SaeFile.Keys(t.Keys)}");
        }

        float[]? logDensity = null;
        var sparsityPath = Path.Combine(folder, SparsityFile);
        if (File.Exists(sparsityPath))
        {
            var sp = SafetensorsFile.Read(sparsityPath);
            if (!sp.Tensors.TryGetValue("sparsity", out var s))
                throw new SaeFormatException($"{sparsityPath}: no 'sparsity' tensor; found {SaeFile.Keys(sp.Tensors.Keys)}");
            using var density = TensorBytes.ToTensor(s);
            logDensity = WeightStorage.ToFloatArray(density.flatten());
        }

        return new SaeFile(SaeFormat.SaeLens, weightsPath, cfg, t["W_enc"], encoderFeatureMajor: false, t["b_enc"], t["W_dec"],
            decoderFeatureMajor: true, t["b_dec"], threshold, isLog, logDensity);
    }
}
