using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>Validated weights in SAELens orientation, turned into a <see cref="SparseAutoencoder"/>. Shared tail of every loader.</summary>
internal static class SaeParts
{
    public static SparseAutoencoder Build(string source, SaeConfig cfg, Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec,
        Tensor? threshold, SaeLoadOptions options, float[]? logDensity = null)
    {
        try
        {
            cfg.Validate();
            WeightValidator.CheckShapes(cfg, wEnc.shape, bEnc.shape, wDec.shape, bDec.shape, threshold?.shape);
            WeightValidator.CheckExpectedDIn(cfg, options.ExpectedDIn, source);
            WeightValidator.CheckFinite("W_enc", wEnc);
            WeightValidator.CheckFinite("b_enc", bEnc);
            WeightValidator.CheckFinite("W_dec", wDec);
            WeightValidator.CheckFinite("b_dec", bDec);
            if (threshold is not null) WeightValidator.CheckFinite("threshold", threshold);
            if (logDensity is not null && logDensity.Length != cfg.DSae)
                throw new SaeFormatException($"sparsity has shape [{logDensity.Length}] but d_sae is {cfg.DSae}");
            if (logDensity is not null && logDensity.Any(float.IsNaN))
                throw new SaeFormatException("sparsity contains NaN");
            var finalCfg = cfg with { DType = options.DType ?? WeightStorage.FromTorch(wEnc.dtype) };
            return new SparseAutoencoder(finalCfg, wEnc, bEnc, wDec, bDec, threshold) { LogFeatureDensity = logDensity };
        }
        catch (SaeFormatException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new SaeFormatException($"{source}: {e.Message}", e);
        }
    }

    public static string Keys(IEnumerable<string> keys) => "[" + string.Join(", ", keys.Order(StringComparer.Ordinal)) + "]";
}
