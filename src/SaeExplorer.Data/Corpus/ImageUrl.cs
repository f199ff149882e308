namespace SaeExplorer.Data.Corpus;

/// <summary>
/// The one rule for an image's web address, used by the server's fetch and by the browser's
/// fallback alike: an absolute http or https URL with a host. Anything else (javascript:, file:,
/// data:, a relative path) counts as no address at all, so it is never fetched nor rendered.
/// </summary>
public static class ImageUrl
{
    public static Uri? Parse(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && IsWeb(uri) ? uri : null;

    public static bool IsWeb(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}
