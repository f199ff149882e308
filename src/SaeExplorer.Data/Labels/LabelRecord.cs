namespace SaeExplorer.Data.Labels;

/// <summary>
/// A label on a feature (<see cref="SaeId"/> + <see cref="Feature"/>) or on a shared group (<see cref="GroupSlug"/>):
/// its current text and who wrote it. Every text it ever had is in <see cref="Revisions"/> (append-only).
/// </summary>
public class LabelRecord
{
    public int Id { get; set; }
    public int? SaeId { get; set; }
    public int? Feature { get; set; }
    public string? GroupSlug { get; set; }
    public required string Text { get; set; }
    /// <summary>Null for a label no person wrote (an autointerp run) or whose author was deleted.</summary>
    public string? AuthorId { get; set; }
    /// <summary>"human" or "autointerp:&lt;method&gt;" (see <see cref="LabelSource"/>).</summary>
    public required string Source { get; set; }
    /// <summary>A detection score (e.g. held-out AUROC) when one was measured.</summary>
    public double? Score { get; set; }
    /// <summary>Balanced accuracy on the same held-out images, kept beside the AUROC <see cref="Score"/>.</summary>
    public double? BalancedAccuracy { get; set; }
    /// <summary>Why <see cref="Score"/> is null when scoring was tried (e.g. the text is not in the vocabulary).</summary>
    public string? ScoreNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset EditedAt { get; set; }
    /// <summary>Row version: 1 when written, one more per edit. An edit names the version it started from.</summary>
    public int Version { get; set; }
    public List<LabelRevision> Revisions { get; set; } = [];
    public List<LabelVote> Votes { get; set; } = [];
    public List<LabelComment> Comments { get; set; } = [];
}
