using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>SAELens folder: cfg.json + sae_weights.safetensors (+ optional sparsity.safetensors).</summary>
public static class SaeLensLoader
{
    public const string ConfigFile = "cfg.json";
    public const string WeightsFile = "sae_weights.safetensors";
    public const string SparsityFile = "sparsity.safetensors";

    public static SparseAutoencoder Load(string folder, SaeLoadOptions? options = null)
    {
        options ??= new SaeLoadOptions();
        var cfgPath = Path.Combine(folder, ConfigFile);
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!File.Exists(cfgPath)) throw new SaeFormatException($"{folder}: no {ConfigFile}");
        if (!File.Exists(weightsPath)) throw new SaeFormatException($"{folder}: no {WeightsFile}");
        var cfg = SaeLensConfig.Parse(File.ReadAllText(cfgPath), cfgPath);
        var contents = SafetensorsFile.Read(weightsPath);
        var t = contents.Tensors;

        string[] required = cfg.Architecture == SaeArchitecture.JumpReLU
            ? ["W_enc", "b_enc", "W_dec", "b_dec"] : ["W_enc", "b_enc", "W_dec", "b_dec"];
        var missing = required.Where(k => !t.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new SaeFormatException(
                $"{weightsPath}: missing tensor(s) {string.Join(", ", missing)}; found {SaeParts.Keys(t.Keys)}");

        using var scope = NewDisposeScope();
        Tensor? threshold = null;
        if (cfg.Architecture == SaeArchitecture.JumpReLU)
        {
            if (t.TryGetValue("threshold", out var th)) threshold = TensorBytes.ToTensor(th);
            // Some training checkpoints store log_threshold; SAELens converts it with exp.
            else if (t.TryGetValue("log_threshold", out var lt)) threshold = TensorBytes.ToTensor(lt).to(ScalarType.Float32).exp();
            else throw new SaeFormatException($"{weightsPath}: jumprelu SAE needs 'threshold'; found {SaeParts.Keys(t.Keys)}");
        }

        float[]? logDensity = null;
        var sparsityPath = Path.Combine(folder, SparsityFile);
        if (File.Exists(sparsityPath))
        {
            var sp = SafetensorsFile.Read(sparsityPath);
            if (!sp.Tensors.TryGetValue("sparsity", out var s))
                throw new SaeFormatException($"{sparsityPath}: no 'sparsity' tensor; found {SaeParts.Keys(sp.Tensors.Keys)}");
            logDensity = WeightStorage.ToFloatArray(TensorBytes.ToTensor(s).flatten());
        }

        return SaeParts.Build(weightsPath, cfg,
            TensorBytes.ToTensor(t["W_enc"]), TensorBytes.ToTensor(t["b_enc"]),
            TensorBytes.ToTensor(t["W_dec"]), TensorBytes.ToTensor(t["b_dec"]), threshold, options, logDensity);
    }
}
