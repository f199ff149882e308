using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// Writes an SAE in the paper authors' layout (Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP
/// With Sparse Autoencoders", 2024): a torch.save zip of their nn.Module state dict, encoder.weight [d_sae, d_in],
/// enc_bias [d_sae], decoder.weight [d_in, d_sae], dec_bias [d_in], float32, which <see cref="PthLoader"/> reads back.
/// Their model is a plain ReLU SAE that does not subtract b_dec before encoding and does not normalise its input, so only
/// such an SAE can be written this way.
/// </summary>
public static class PthSaver
{
    /// <exception cref="ArgumentException">The SAE is not one the layout can describe (another activation, b_dec
    /// subtracted, input normalisation).</exception>
    public static void Save(SparseAutoencoder sae, string path)
    {
        ArgumentNullException.ThrowIfNull(sae);
        SaeConfig c = sae.Config;
        if (c.Architecture != SaeArchitecture.Standard || c.ApplyBDecToInput || c.Normalization != SaeNormalization.None)
            throw new ArgumentException(
                $"the .pth layout holds a plain ReLU SAE that neither subtracts b_dec nor normalises its input; this one is {c.Architecture}, " +
                $"apply_b_dec_to_input {c.ApplyBDecToInput}, normalisation {c.Normalization}: save it as SAELens", nameof(sae));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using Tensor wEnc = sae.EncoderWeightsFloat32();
        var tensors = new Dictionary<string, Tensor>
        {
            ["encoder.weight"] = wEnc.t().contiguous(),
            ["enc_bias"] = sae.EncoderBias,
            ["decoder.weight"] = sae.DecoderWeights.to(ScalarType.Float32).t().contiguous(),
            ["dec_bias"] = sae.DecoderBias,
        };
        IO.AtomicFile.Write(path, stream => TorchStateDict.Write(stream, tensors, leaveOpen: true));
    }
}
