namespace SaeExplorer.Core.Imaging;

/// <summary>
/// Limits checked before any pixel is decoded, so a hostile or accidental upload cannot
/// exhaust memory. Defaults: 20 MB (MiB) of file and 40 megapixels.
/// </summary>
public sealed record ImageLimits(long MaxBytes = ImageLimits.DefaultMaxBytes, long MaxPixels = ImageLimits.DefaultMaxPixels)
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>The appsettings.json section these limits are read from.</summary>
    public const string SectionName = "Images";

    public static ImageLimits Default { get; } = new();
}
