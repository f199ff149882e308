using System.Numerics.Tensors;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace SaeExplorer.Scale;

/// <summary>
/// The SAE that reads the synthetic corpus: a plain ReLU SAE in the paper authors' layout whose decoder rows are the
/// atoms and whose encoder is their transpose, b_enc_j = -(threshold + atom_j . mean) (their encoder does not subtract
/// b_dec, so the mean is taken out in the bias), b_dec = the mean. Feature j fires on the rows that hold atom j
/// with a coefficient above the threshold (give or take the other atoms' interference).
/// </summary>
internal static class SyntheticSae
{
    public static SparseAutoencoder Build(SyntheticDictionary dictionary)
    {
        ScaleSpec spec = dictionary.Spec;
        var bias = new float[spec.Features];
        for (int j = 0; j < spec.Features; j++)
            bias[j] = -(spec.Threshold + TensorPrimitives.Dot(dictionary.Atom(j), dictionary.Mean));
        using var scope = NewDisposeScope();
        Tensor atoms = from_array(dictionary.Atoms).reshape(spec.Features, spec.Dimension);
        var config = new SaeConfig(SaeArchitecture.Standard, spec.Dimension, spec.Features) { ApplyBDecToInput = false };
        return new SparseAutoencoder(config, atoms.t(), from_array(bias), atoms, from_array(dictionary.Mean));
    }

    /// <summary>Writes sae.pth (the paper authors' layout) and saelens/ (cfg.json + sae_weights.safetensors) in <paramref name="folder"/>.</summary>
    public static (string Pth, string SaeLens) Write(SyntheticDictionary dictionary, string folder)
    {
        Directory.CreateDirectory(folder);
        string pth = Path.Combine(folder, "sae.pth"), saeLens = Path.Combine(folder, "saelens");
        using SparseAutoencoder sae = Build(dictionary);
        PthSaver.Save(sae, pth);
        SaeLensSaver.Save(sae, saeLens);
        return (pth, saeLens);
    }
}
