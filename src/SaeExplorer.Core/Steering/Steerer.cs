using System.Numerics.Tensors;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Steering;

/// <summary>
/// Steering an embedding x through its SAE code f (docs: algorithms, section 3). With the error kept (the default),
/// steered = x + W_dec^T (f' - f) / s = decode(f') + (x - decode(f)), s being the SAE's input multiplier (1, the
/// expected_average_only_in constant, or constant_norm_rescale's sqrt(d_in) / ||x|| of the original x); without
/// it, the pure reconstruction decode(f'). Only the decoder rows of features whose value changed are read.
/// </summary>
public static class Steerer
{
    /// <param name="code">f, the SAE code of <paramref name="x"/> (as <see cref="SparseAutoencoder.EncodeSparse(ReadOnlySpan{float})"/> gives it).</param>
    public static SteeringResult Apply(SparseAutoencoder sae, ReadOnlySpan<float> x, SparseCode code, EditList edits, bool keepError = true)
    {
        CheckInput(sae, x);
        ArgumentNullException.ThrowIfNull(edits);
        SparseCode edited = edits.Apply(code, sae.DSae);
        float[] embedding = keepError ? AddDelta(x, Delta(sae, code, edited, x)) : sae.Decode(edited, x);
        return new SteeringResult(embedding, edited, sae.EncodeSparse(embedding));
    }

    /// <summary><see cref="Apply(SparseAutoencoder, ReadOnlySpan{float}, SparseCode, EditList, bool)"/> with f encoded here.</summary>
    public static SteeringResult Apply(SparseAutoencoder sae, ReadOnlySpan<float> x, EditList edits, bool keepError = true)
    {
        CheckInput(sae, x);
        return Apply(sae, x, sae.EncodeSparse(x), edits, keepError);
    }

    private static void CheckInput(SparseAutoencoder sae, ReadOnlySpan<float> x)
    {
        ArgumentNullException.ThrowIfNull(sae);
        if (x.Length != sae.DIn)
            throw new ArgumentException($"the embedding has {x.Length} values, the SAE takes {sae.DIn}", nameof(x));
    }

    /// <summary>W_dec^T (f' - f) / s, what steering adds to x; null when no feature changed.
    /// <paramref name="originalInput"/> (x) is what constant_norm_rescale's s is taken from.</summary>
    public static float[]? Delta(SparseAutoencoder sae, SparseCode code, SparseCode edited, ReadOnlySpan<float> originalInput)
    {
        ArgumentNullException.ThrowIfNull(sae);
        var change = new Dictionary<int, float>(edited.Count);
        for (int i = 0; i < edited.Count; i++)
            change[edited.Indices[i]] = edited.Values[i];
        for (int i = 0; i < code.Count; i++)
            change[code.Indices[i]] = change.GetValueOrDefault(code.Indices[i]) - code.Values[i];
        int[] features = [.. change.Where(c => c.Value != 0f).Select(c => c.Key).Order()];
        if (features.Length == 0)
            return null;
        var delta = new float[sae.DIn];
        sae.AddDecoderRows(features, [.. features.Select(f => change[f])], delta);
        float s = sae.ScaleFor(originalInput);
        if (s != 1f)
            TensorPrimitives.Divide(delta, s, delta);
        return delta;
    }

    /// <summary>x + delta; x itself, bit for bit, when nothing changed (adding zeros would turn -0 into +0).</summary>
    private static float[] AddDelta(ReadOnlySpan<float> x, float[]? delta)
    {
        if (delta is null)
            return x.ToArray();
        TensorPrimitives.Add(delta, x, delta);
        return delta;
    }
}
