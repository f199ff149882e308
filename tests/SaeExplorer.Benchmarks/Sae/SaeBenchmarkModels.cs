using SaeExplorer.Core.Sae.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SaeExplorer.Benchmarks.Sae;

/// <summary>Random SAEs of the 64x size in Daujotas, "Case Study: Interpreting, Manipulating, and Controlling CLIP With
/// Sparse Autoencoders", 2024 (d_in 1280, d_sae 81,920), for the encode benchmarks.</summary>
internal static class SaeBenchmarkModels
{
    public const int DIn = 1280;
    public const int DSae = 81_920;

    public static SparseAutoencoder Create(SaeWeightDType dtype, int dIn = DIn, int dSae = DSae)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(11);
        var wEnc = randn(dIn, dSae, generator: g) * 0.03f;
        var bEnc = randn(dSae, generator: g) * 0.1f - 0.2f;
        var wDec = randn(dSae, dIn, generator: g) * 0.03f;
        var bDec = randn(dIn, generator: g) * 0.01f;
        return new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, dIn, dSae) { DType = dtype }, wEnc, bEnc, wDec, bDec);
    }

    public static float[] Input(int dIn = DIn, int seed = 3)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, dIn).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }
}
