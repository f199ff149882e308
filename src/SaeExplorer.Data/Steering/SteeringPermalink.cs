using SaeExplorer.Data.Permalinks;

namespace SaeExplorer.Data.Steering;

/// <summary>
/// A steering state someone shared from an image page (/s/{slug}): the image, the grouping its page showed, the edits
/// and the error switch, under a slug derived from that content. The SAE is recorded by id and weights fingerprint, so
/// a state whose SAE was replaced says so instead of steering other features.
/// </summary>
public class SteeringPermalink : IPermalinked
{
    /// <summary>URL-safe, content-derived (see Core ContentSlug).</summary>
    public required string Slug { get; set; }
    public required string ContentHash { get; set; }
    public int WorkspaceId { get; set; }
    /// <summary>The image: a corpus image id, or "u/" + an upload's hash.</summary>
    public required string Source { get; set; }
    public int KMax { get; set; }
    public int Restarts { get; set; }
    public required string Tau { get; set; }
    public int? K { get; set; }
    /// <summary>The edit list in its JSON form (Core SteeringJson).</summary>
    public required string Edits { get; set; }
    public bool KeepError { get; set; }
    public int SaeId { get; set; }
    public required string SaeFingerprint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
