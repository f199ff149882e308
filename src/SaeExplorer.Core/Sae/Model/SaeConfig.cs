namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// Shape and behaviour of a sparse autoencoder.
/// Normalisation follows SAELens: <c>constant_norm_rescale</c> multiplies each input by
/// sqrt(d_in)/||x|| and divides the decoder output by the same factor; <c>expected_average_only_in</c>
/// multiplies inputs by a constant estimated at training time (sqrt(d_in) / mean ||x||) and divides
/// outputs by it (SAELens folds that constant into the weights when it knows it; when it does not,
/// it warns and skips, which is what a missing <see cref="NormScalingFactor"/> means here: factor 1).
/// </summary>
public sealed record SaeConfig(SaeArchitecture Architecture, int DIn, int DSae)
{
    /// <summary>Number of kept features for <see cref="SaeArchitecture.TopK"/>.</summary>
    public int? K { get; init; }

    /// <summary>Subtract b_dec from the (normalised) input before encoding.</summary>
    public bool ApplyBDecToInput { get; init; } = true;

    public SaeNormalization Normalization { get; init; } = SaeNormalization.None;

    /// <summary>The stored constant for <see cref="SaeNormalization.ExpectedAverageOnlyIn"/>.</summary>
    public float? NormScalingFactor { get; init; }

    public SaeWeightDType DType { get; init; } = SaeWeightDType.Float32;

    /// <summary>Free-form strings kept from the source config (model name, hook name...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Throws <see cref="SaeFormatException"/> when the combination is not usable.</summary>
    public void Validate()
    {
        if (DIn <= 0 || DSae <= 0)
            throw new SaeFormatException($"config: d_in ({DIn}) and d_sae ({DSae}) must be positive");
        if (Architecture == SaeArchitecture.TopK && (K is null || K <= 0 || K > DSae))
            throw new SaeFormatException($"config: topk needs 0 < k <= d_sae ({DSae}), got k={K?.ToString() ?? "none"}");
        if (NormScalingFactor is { } s && (!float.IsFinite(s) || s <= 0))
            throw new SaeFormatException($"config: norm_scaling_factor must be a positive finite number, got {s}");
    }

    /// <summary>The multiplier applied to inputs in <see cref="SaeNormalization.ExpectedAverageOnlyIn"/> mode.</summary>
    public float ConstantInputScale => Normalization == SaeNormalization.ExpectedAverageOnlyIn ? NormScalingFactor ?? 1f : 1f;
}
