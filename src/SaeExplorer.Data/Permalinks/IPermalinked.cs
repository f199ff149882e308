namespace SaeExplorer.Data.Permalinks;

/// <summary>A row kept under a content-derived slug (a shared group, a steering state).</summary>
public interface IPermalinked
{
    string Slug { get; }

    /// <summary>SHA-256 (hex) of the canonical content the slug was cut from.</summary>
    string ContentHash { get; }
}
