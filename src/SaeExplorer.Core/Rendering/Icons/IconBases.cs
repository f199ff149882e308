using System.Numerics.Tensors;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Core.Rendering.Icons;

/// <summary>
/// The embedding an icon draws: "set feature i to v on the base" as steering means it (<see cref="Steerer"/>, error
/// kept): encode the base to f, f' = f with f_i = v, steered = base + W_dec^T (f' - f) / s = base + (v - f_i) W_dec[i] / s
/// (s the SAE's input multiplier of the base). Only feature i changes, so each row costs one decoder row, and the
/// base is encoded once for all of them.
/// </summary>
public static class IconBases
{
    /// <param name="destination">Row-major, targets x d_in.</param>
    public static void Steer(SparseAutoencoder sae, ReadOnlySpan<float> baseEmbedding, IReadOnlyList<FeatureValue> targets, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(sae);
        ArgumentNullException.ThrowIfNull(targets);
        int d = sae.DIn;
        if (baseEmbedding.Length != d)
            throw new ArgumentException($"the base embedding has {baseEmbedding.Length} values, the SAE takes {d}", nameof(baseEmbedding));
        if (destination.Length != (long)targets.Count * d)
            throw new ArgumentException($"{targets.Count} icons of {d} values need {(long)targets.Count * d} floats, got {destination.Length}", nameof(destination));
        float[] code = sae.Encode(baseEmbedding);
        float scale = sae.ScaleFor(baseEmbedding);
        for (int t = 0; t < targets.Count; t++)
        {
            (int feature, float value) = targets[t];
            if (feature < 0 || feature >= sae.DSae)
                throw new ArgumentOutOfRangeException(nameof(targets), $"feature {feature} is outside 0..{sae.DSae - 1}");
            if (!float.IsFinite(value) || value < 0f)
                throw new ArgumentOutOfRangeException(nameof(targets), $"feature {feature}'s icon value {value} must be finite and >= 0 (an SAE code is non-negative)");
            Span<float> row = destination.Slice(t * d, d);
            baseEmbedding.CopyTo(row);
            float change = (value - code[feature]) / scale;
            if (change == 0f)
                continue; // base itself, bit for bit, as Steerer leaves an unchanged code
            TensorPrimitives.MultiplyAdd(sae.DecoderRow(feature), change, row, row);
        }
    }
}
