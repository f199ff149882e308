namespace SaeExplorer.Core.Grouping;

/// <summary>Decoder directions d_i = W_dec[i] of an SAE's features, read one at a time as float32.</summary>
public interface IDecoderRows
{
    /// <summary>Length of one direction (the SAE's d_in).</summary>
    int Dimension { get; }

    /// <summary>Number of features (valid ids are 0 .. FeatureCount - 1).</summary>
    int FeatureCount { get; }

    /// <summary>Copies feature <paramref name="feature"/>'s direction into <paramref name="destination"/> (Dimension floats).</summary>
    void CopyRow(int feature, Span<float> destination);
}
