namespace SaeExplorer.Web;

/// <summary>
/// How pages name an image of a workspace: a corpus image by its corpus id, an upload by "u/" + the SHA-256 (64
/// lower-case hex characters) of its bytes. (A corpus id of exactly that shape would be read as an upload; corpora do
/// not name images by a "u/" prefix and a 64-digit hash.)
/// </summary>
public static class ImageKey
{
    public const string UploadPrefix = "u/";

    public static string ForUpload(string hash) => UploadPrefix + hash;

    /// <summary>The hash when <paramref name="key"/> names an upload, else null.</summary>
    public static string? UploadHash(string? key) =>
        key is { Length: 66 } && key.StartsWith(UploadPrefix, StringComparison.Ordinal) && IsHash(key.AsSpan(2)) ? key[2..] : null;

    public static bool IsHash(ReadOnlySpan<char> text) => text.Length == 64 && !text.ContainsAnyExcept("0123456789abcdef");

    /// <summary>
    /// The corpus id a catch-all route value stands for: the server decodes every escape in a path except "%2F", so an
    /// id with a '/' in it (escaped once by <see cref="Links"/>) arrives with "%2F" still in it.
    /// </summary>
    public static string FromRoute(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
