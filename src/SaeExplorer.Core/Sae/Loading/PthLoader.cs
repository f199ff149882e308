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
        using var file = Open(path);
        return file.Load(options ?? new SaeLoadOptions());
    }

    /// <summary>The state dict's layout from its data.pkl; no weight is read yet.</summary>
    public static SaeFile Open(string path) => Open(File.OpenRead(path), path);

    /// <summary>A state dict in <paramref name="stream"/> (owned from here on), named <paramref name="source"/> in messages.</summary>
    internal static SaeFile Open(Stream stream, string source)
    {
        var zip = TorchZipFile.Open(stream, source);
        try
        {
            var enc = zip.Require(source, "encoder.weight");
            var encBias = zip.Require(source, "enc_bias", "encoder.bias");
            var dec = zip.Require(source, "decoder.weight");
            var decBias = zip.Require(source, "dec_bias", "decoder.bias");
            if (enc.Shape.Length != 2)
                throw new SaeFormatException($"{source}: encoder.weight must be 2-D [d_sae, d_in], got {WeightValidator.Shape(enc.Shape)}");
            if (dec.Shape.Length != 2 || dec.Shape[0] != enc.Shape[1] || dec.Shape[1] != enc.Shape[0])
                throw new SaeFormatException(
                    $"{source}: decoder.weight has shape {WeightValidator.Shape(dec.Shape)} but encoder.weight {WeightValidator.Shape(enc.Shape)} implies [{enc.Shape[1]}, {enc.Shape[0]}]");
            var cfg = new SaeConfig(SaeArchitecture.Standard, (int)enc.Shape[1], (int)enc.Shape[0]) { ApplyBDecToInput = false };
            return new SaeFile(SaeFormat.Pth, source, cfg, enc, encoderFeatureMajor: true, encBias, dec, decoderFeatureMajor: false, decBias,
                owner: zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }
}
