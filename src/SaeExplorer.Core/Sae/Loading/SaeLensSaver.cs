using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>Writes the SAELens layout (current cfg.json style + sae_weights.safetensors with __metadata__),
/// matrices in the SAE's storage dtype and biases in float32, so that load -> save -> load is bit-identical.</summary>
public static class SaeLensSaver
{
    public static void Save(SparseAutoencoder sae, string folder, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(folder);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var tensors = new List<SafetensorsTensor>
        {
            TensorBytes.FromTensor("W_enc", sae.EncoderWeights()),
            // Biases and thresholds are float32 in memory; writing them as F32 keeps every round trip lossless.
            TensorBytes.FromTensor("b_enc", sae.EncoderBias),
            TensorBytes.FromTensor("W_dec", sae.DecoderWeights),
            TensorBytes.FromTensor("b_dec", sae.DecoderBias),
        };
        if (sae.Threshold is { } th) tensors.Add(TensorBytes.FromTensor("threshold", th));
        var meta = new Dictionary<string, string> { ["format"] = "pt", ["writer"] = "SaeExplorer" };
        if (metadata is not null) foreach (var (k, v) in metadata) meta[k] = v;

        // Write to temporary names then move, so a crash never leaves a half-written checkpoint that loads.
        var weights = Path.Combine(folder, SaeLensLoader.WeightsFile);
        var cfg = Path.Combine(folder, SaeLensLoader.ConfigFile);
        SafetensorsFile.Write(IO.AtomicFile.PartialPathFor(weights), tensors, meta);
        IO.AtomicFile.WriteAllText(cfg, SaeLensConfig.ToJson(sae.Config));
        IO.AtomicFile.Commit(weights);
        var sparsity = Path.Combine(folder, SaeLensLoader.SparsityFile);
        if (sae.LogFeatureDensity is { } d)
            SafetensorsFile.Write(sparsity, [TensorBytes.FromFloats("sparsity", d)]);
        else if (File.Exists(sparsity))
            File.Delete(sparsity);
    }
}
