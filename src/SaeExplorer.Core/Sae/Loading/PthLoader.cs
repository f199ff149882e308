using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// The nn.Module state dict of the SAEs published with Daujotas, "Case Study: Interpreting, Manipulating, and
/// Controlling CLIP With Sparse Autoencoders", 2024: encoder.weight [d_sae, d_in] (= W_enc^T), enc_bias [d_sae],
/// decoder.weight [d_in, d_sae] (= W_dec^T), dec_bias [d_in]. Their encoder does not subtract b_dec.
/// encoder.bias / decoder.bias are accepted as aliases of the bias names.
/// </summary>
public static class PthLoader
{
    public static SparseAutoencoder Load(string path, SaeLoadOptions? options = null)
    {
        using var fs = File.OpenRead(path);
        return Load(fs, path, options ?? new SaeLoadOptions());
    }

    internal static SparseAutoencoder Load(Stream stream, string source, SaeLoadOptions options)
    {
        var dict = TorchStateDict.Read(stream, source);
        try
        {
            var enc = TorchStateDict.Require(dict, source, "encoder.weight");
            var encBias = TorchStateDict.Require(dict, source, "enc_bias", "encoder.bias");
            var dec = TorchStateDict.Require(dict, source, "decoder.weight");
            var decBias = TorchStateDict.Require(dict, source, "dec_bias", "decoder.bias");
            if (enc.dim() != 2)
                throw new SaeFormatException($"{source}: encoder.weight must be 2-D [d_sae, d_in], got {WeightValidator.Shape(enc.shape)}");
            if (dec.dim() != 2 || dec.shape[0] != enc.shape[1] || dec.shape[1] != enc.shape[0])
                throw new SaeFormatException(
                    $"{source}: decoder.weight has shape {WeightValidator.Shape(dec.shape)} but encoder.weight {WeightValidator.Shape(enc.shape)} implies [{enc.shape[1]}, {enc.shape[0]}]");
            var cfg = new SaeConfig(SaeArchitecture.Standard, (int)enc.shape[1], (int)enc.shape[0]) { ApplyBDecToInput = false };
            using var wEnc = enc.t();
            using var wDec = dec.t();
            return SaeParts.Build(source, cfg, wEnc, encBias, wDec, decBias, null, options);
        }
        finally
        {
            foreach (var t in dict.Values) t.Dispose();
        }
    }
}
