namespace SaeExplorer.Core.Corpus;

/// <summary>
/// The one rule for an image's web address, used by imports, the server's fetch and the browser's fallback alike:
/// an absolute http or https URL with a host, at most <see cref="MaxLength"/> characters. Anything else
/// (javascript:, file:, data:, a relative path) counts as no address at all, so it is never fetched nor rendered.
/// </summary>
public static class WebUrl
{
    /// <summary>Longer URLs are refused: they are never real image links, and the database column holds this much.</summary>
    public const int MaxLength = 2048;

    public static Uri? Parse(string? text) =>
        text is { Length: > 0 and <= MaxLength } && !string.IsNullOrWhiteSpace(text)
        && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && IsWeb(uri) ? uri : null;

    public static bool IsWeb(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    /// <summary>The text (trimmed) when it is a web address, else null.</summary>
    public static string? OrNull(string? text) => Parse(text) is null ? null : text!.Trim();
}
