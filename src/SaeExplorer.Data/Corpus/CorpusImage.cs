namespace SaeExplorer.Data.Corpus;

/// <summary>An image of a workspace's corpus. Served by id, never by raw path.</summary>
public class CorpusImage
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; }
    /// <summary>The corpus's own id (manifest id or file name), stable across re-imports.</summary>
    public required string ExternalId { get; set; }
    /// <summary>Path relative to the workspace's corpus folder; empty for an image known only by <see cref="Url"/>.</summary>
    public required string File { get; set; }
    /// <summary>Where the image lives on the web (img2dataset / clip-retrieval url), when known: http or https only.</summary>
    public string? Url { get; set; }
    public string? Category { get; set; }
    public string? Subcategory { get; set; }
    /// <summary>The caption (img2dataset / clip-retrieval) or title; full-text searchable.</summary>
    public string? Description { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>SHA-256 of the file's bytes (hex), to spot duplicates and changed files.</summary>
    public required string Hash { get; set; }
    /// <summary>Row of this image in the workspace's embeddings file; null when it was skipped.</summary>
    public int? EmbeddingRow { get; set; }
    /// <summary>Why the image could not be encoded, when it could not.</summary>
    public string? SkipReason { get; set; }
}
