using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>d_in 2, d_sae 3 SAE written out by hand (all values exact in fp16/bf16):
/// W_enc = [[1, 0, -1], [0, 2, 1]], b_enc = [0, -1, 0.5], W_dec = [[1, 0], [0, 1], [0.5, 0.5]], b_dec = [0.5, -0.5].</summary>
internal static class TinySae
{
    public static SparseAutoencoder Create(SaeConfig cfg, float[]? threshold = null)
    {
        using var wEnc = tensor(new float[] { 1, 0, -1, 0, 2, 1 }, [2, 3]);
        using var bEnc = tensor(new float[] { 0, -1, 0.5f });
        using var wDec = tensor(new float[] { 1, 0, 0, 1, 0.5f, 0.5f }, [3, 2]);
        using var bDec = tensor(new float[] { 0.5f, -0.5f });
        using var th = threshold is null ? null : tensor(threshold);
        return new SparseAutoencoder(cfg, wEnc, bEnc, wDec, bDec, th);
    }

    public static SaeConfig Config(SaeArchitecture a = SaeArchitecture.Standard) => new(a, 2, 3);
}
