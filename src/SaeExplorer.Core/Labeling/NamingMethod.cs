namespace SaeExplorer.Core.Labeling;

/// <summary>How <see cref="Autointerp"/> names features (<see cref="FeatureNamer"/> describes both).</summary>
public enum NamingMethod
{
    DecoderDirection,
    TopImages,
}
