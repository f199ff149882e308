namespace SaeExplorer.Core.Corpus;

/// <summary>An image's address on the web, as corpora give it: only absolute http(s) URLs count; anything else is no URL.</summary>
public static class WebUrl
{
    /// <summary>Longer URLs are refused: they are never real image links, and the database column holds this much.</summary>
    public const int MaxLength = 2048;

    public static bool IsHttp(string? text) =>
        text is { Length: > 0 and <= MaxLength }
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>The text when it is an http(s) URL, else null.</summary>
    public static string? OrNull(string? text) => IsHttp(text) ? text : null;
}
