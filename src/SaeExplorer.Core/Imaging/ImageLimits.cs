namespace SaeExplorer.Core.Imaging;

/// <summary>
/// Limits checked before any pixel is decoded, so a hostile or accidental upload cannot
/// exhaust memory. Defaults: 20 MB (MiB) of file and 40 megapixels.
/// </summary>
public sealed record ImageLimits : Settings.ISectionOptions
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;
    public const long DefaultMaxPixels = 40_000_000;

    public static string Section => "Images";

    [System.ComponentModel.DataAnnotations.Range(1, long.MaxValue)]
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    [System.ComponentModel.DataAnnotations.Range(1, long.MaxValue)]
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    public static ImageLimits Default { get; } = new();
}
