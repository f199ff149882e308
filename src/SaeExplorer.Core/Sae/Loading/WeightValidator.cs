using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>Shape and value checks shared by all loaders; every message names the tensor and shapes.</summary>
public static class WeightValidator
{
    public static string Shape(ReadOnlySpan<long> s) => "[" + string.Join(", ", s.ToArray()) + "]";

    /// <summary>W_enc [d_in,d_sae], b_enc [d_sae], W_dec [d_sae,d_in], b_dec [d_in], threshold [d_sae].</summary>
    public static void CheckShapes(SaeConfig cfg, long[] wEnc, long[] bEnc, long[] wDec, long[] bDec, long[]? threshold)
    {
        if (wEnc.Length != 2)
            throw new SaeFormatException($"W_enc must be 2-D [d_in, d_sae], got {Shape(wEnc)}");
        long dIn = wEnc[0], dSae = wEnc[1];
        if (dIn != cfg.DIn || dSae != cfg.DSae)
            throw new SaeFormatException(
                $"W_enc has shape {Shape(wEnc)} but the config says d_in={cfg.DIn}, d_sae={cfg.DSae} (expected [{cfg.DIn}, {cfg.DSae}])");
        Expect("b_enc", bEnc, [dSae], $"W_enc {Shape(wEnc)}");
        Expect("W_dec", wDec, [dSae, dIn], $"W_enc {Shape(wEnc)}");
        Expect("b_dec", bDec, [dIn], $"W_enc {Shape(wEnc)}");
        if (cfg.Architecture == SaeArchitecture.JumpReLU)
        {
            if (threshold is null) throw new SaeFormatException("jumprelu SAE has no 'threshold' tensor");
            Expect("threshold", threshold, [dSae], $"W_enc {Shape(wEnc)}");
        }
    }

    private static void Expect(string name, long[] actual, long[] expected, string because)
    {
        if (!actual.AsSpan().SequenceEqual(expected))
            throw new SaeFormatException($"{name} has shape {Shape(actual)} but {because} implies {Shape(expected)}");
    }
}
