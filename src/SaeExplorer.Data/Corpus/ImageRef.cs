namespace SaeExplorer.Data.Corpus;

/// <summary>A corpus image as pages show it; <see cref="Row"/> is null for an image that was not encoded.</summary>
public sealed record ImageRef(int? Row, string Id, string? Description, string? Category, string? Url)
{
    /// <summary>Caption, else category, for tiles and alt text.</summary>
    public string Caption => Description ?? Category ?? Id;

    /// <summary>The image's web address when it is a safe one to show or fetch (http/https), else null.</summary>
    public string? WebUrl => Core.Corpus.WebUrl.Parse(Url)?.AbsoluteUri;
}
