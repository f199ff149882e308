using System.Globalization;

namespace SaeExplorer.Core.Imaging;

/// <summary>Human-readable byte counts for rejection messages (1 MB = 1024 x 1024 bytes).</summary>
public static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1024 * 1024 => Decimal(bytes / (1024.0 * 1024.0)) + " MB",
        >= 1024 => Decimal(bytes / 1024.0) + " KB",
        1 => "1 byte",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static string Decimal(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
