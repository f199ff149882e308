namespace SaeExplorer.Data.Labels;

/// <summary>A stretch of a search hit's text; <paramref name="Match"/> marks the words the query found.</summary>
public sealed record MarkedSpan(string Text, bool Match);

/// <summary>
/// A label or comment that matched a search: its text cut into marked and plain spans,
/// the label it belongs to and where that label is (a feature of a workspace, or a shared group).
/// </summary>
/// <param name="Rank">How well it matched, lower is better (SQLite: FTS5's bm25; PostgreSQL: minus ts_rank).</param>
public sealed record LabelSearchHit(int LabelId, bool InComment, IReadOnlyList<MarkedSpan> Spans, string LabelText, string? Workspace, int? Feature,
    string? GroupSlug, double Rank);
