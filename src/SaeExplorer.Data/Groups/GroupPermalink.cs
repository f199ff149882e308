using SaeExplorer.Data.Permalinks;

namespace SaeExplorer.Data.Groups;

/// <summary>
/// A group someone shared from an image page: everything needed to show it again exactly, under a short slug derived
/// from that content (/g/{slug}). The SAE is recorded by id and weights fingerprint, so a group whose SAE was replaced
/// says so instead of showing other features.
/// </summary>
public class GroupPermalink : IPermalinked
{
    /// <summary>URL-safe, content-derived (see Core ContentSlug).</summary>
    public required string Slug { get; set; }
    /// <summary>SHA-256 (hex) of the canonical content the slug was cut from: two groups with one slug are caught.</summary>
    public required string ContentHash { get; set; }
    public int WorkspaceId { get; set; }
    /// <summary>The image: a corpus image id, or "u/" + an upload's hash.</summary>
    public required string Source { get; set; }
    public int K { get; set; }
    /// <summary>Tau as written in the page's query ("10%", "5").</summary>
    public required string Tau { get; set; }
    public int KMax { get; set; }
    public int Restarts { get; set; }
    /// <summary>Position of the group in its step (mass order).</summary>
    public int GroupIndex { get; set; }
    /// <summary>int32 feature ids, ascending.</summary>
    public required byte[] Features { get; set; }
    /// <summary>float32 activations, one per feature.</summary>
    public required byte[] Activations { get; set; }
    public double Mass { get; set; }
    public double Share { get; set; }
    public int SaeId { get; set; }
    /// <summary>Fingerprint of the SAE's weights file when the group was shared.</summary>
    public required string SaeFingerprint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
