namespace SaeExplorer.Data.Uploads;

/// <summary>
/// An image uploaded to a workspace, stored under the SHA-256 of its bytes (the same file twice is one upload), with
/// the embedding the workspace's encoder made of it, so its page works after a restart without encoding again.
/// The bytes are a file in the workspace's uploads folder (WorkspaceFiles.Uploads).
/// </summary>
public class Upload
{
    public long Id { get; set; }
    public int WorkspaceId { get; set; }
    /// <summary>64 lower-case hex characters.</summary>
    public required string Hash { get; set; }
    /// <summary>The name the browser gave, for display only (never a path).</summary>
    public required string FileName { get; set; }
    /// <summary>"jpeg", "png", "webp" or "gif", as decoded.</summary>
    public required string Format { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public long Bytes { get; set; }
    /// <summary>float32 little-endian, the workspace space's dimension.</summary>
    public required byte[] Embedding { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
