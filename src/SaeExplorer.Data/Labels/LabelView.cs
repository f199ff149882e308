namespace SaeExplorer.Data.Labels;

/// <summary>A label as pages and the API show it, with its votes (and the viewer's own) and its comment thread.</summary>
/// <param name="Version">The row version an edit must name.</param>
/// <param name="MyVote">The viewer's vote (+1, -1), or null.</param>
/// <param name="IsTop">The target's top label: the one shown wherever the feature appears.</param>
/// <param name="Score">Held-out detection AUROC; <paramref name="BalancedAccuracy"/> beside it; <paramref name="ScoreNote"/>
/// says why there is no score when scoring was tried (e.g. the text is not in the workspace's vocabulary), or why a
/// score says nothing (it cannot tell, or does not beat chance by a clear margin).</param>
/// <param name="IsName">Whether the label may be shown as its target's name (a person's, or an automatic one whose
/// held-out score says something); the others are candidates.</param>
public sealed record LabelView(
    int Id, string Text, string Source, double? Score, string? Author, DateTimeOffset CreatedAt, DateTimeOffset EditedAt, int Version,
    int Up, int Down, int? MyVote, bool IsTop, IReadOnlyList<CommentView> Comments, double? BalancedAccuracy = null, string? ScoreNote = null,
    bool IsName = false)
{
    public int Net => Up - Down;
}

public sealed record CommentView(int Id, string Text, string? Author, DateTimeOffset CreatedAt);

/// <summary>One entry of a label's history: the text it had from <paramref name="Version"/> on.</summary>
public sealed record RevisionView(int Version, string Text, string? Editor, DateTimeOffset EditedAt);

/// <summary>An edit's outcome: saved, or refused because the label moved on since the version it started from.</summary>
/// <param name="Label">The label as stored now (after the edit when it was saved).</param>
/// <param name="Conflict">Null when saved; else the text that was refused and the version it was written against.</param>
public sealed record LabelEditResult(LabelView Label, LabelConflict? Conflict)
{
    public bool Saved => Conflict is null;
}

/// <param name="YourText">The refused edit's text (the page shows it beside the stored one).</param>
/// <param name="YourVersion">The version that edit started from.</param>
/// <param name="CurrentVersion">The version stored now.</param>
public sealed record LabelConflict(string YourText, int YourVersion, int CurrentVersion);
