using System.Globalization;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// How a feature is named wherever it appears (bars, group cards, the feature list, search): by its top label when
/// that label says something (<see cref="Shows"/>), otherwise "unlabelled", with the top label as its best candidate
/// on hover and on the feature page. A person's label is always shown, marked as a person's: people's words are
/// theirs to stand by, a score only says how well the corpus's captions back them.
/// </summary>
/// <param name="Label">The feature's top label; null when it has none.</param>
/// <param name="IsName">Whether <paramref name="Label"/> is shown as the feature's name.</param>
/// <param name="ByPerson">Whether a person wrote it.</param>
/// <param name="Score">Its held-out AUROC, when it has one.</param>
public sealed record FeatureName(string? Label, bool IsName, bool ByPerson, double? Score)
{
    public const string Unlabelled = "unlabelled";

    public static readonly FeatureName None = new(null, false, false, null);

    /// <summary>
    /// Whether a label is shown as its feature's name: a person's always; an automatic one when its held-out score is
    /// defined and carries no note, since the label stage notes every score that cannot tell or does not clear chance
    /// (<see cref="LabelEvidence"/>).
    /// </summary>
    public static bool Shows(bool byPerson, double? score, string? scoreNote) => byPerson || (score is not null && scoreNote is null);

    /// <summary>The name; null when the feature is unlabelled.</summary>
    public string? Name => IsName ? Label : null;

    /// <summary>The best candidate of an unlabelled feature; null when it has a name or no label at all.</summary>
    public string? Candidate => IsName ? null : Label;

    /// <summary>What to show: the name, or "unlabelled".</summary>
    public string Text => Name ?? Unlabelled;

    /// <summary>One line where no hover fits (a chart's own hover text): the name, or "unlabelled" and the candidate.</summary>
    public string Line => (IsName, ByPerson, Label) switch
    {
        (true, true, _) => $"{Label} (a person's label)",
        (true, false, _) => Label!,
        (false, _, { } candidate) => $"{Unlabelled} (best candidate: “{candidate}”)",
        _ => Unlabelled,
    };

    /// <summary>What hovering over <see cref="Text"/> says.</summary>
    public string Hover => (IsName, ByPerson, Label) switch
    {
        (true, true, _) => "a person's label",
        (true, false, _) => $"automatic label, {ScoreText}",
        (false, _, { } candidate) when Score is null =>
            $"best candidate: “{candidate}” (no held-out score), not shown as the name: the held-out images cannot test it",
        (false, _, { } candidate) => $"best candidate: “{candidate}” ({ScoreText}), not shown as the name: its held-out score does not beat chance by a clear margin",
        _ => "no label yet",
    };

    private string ScoreText => Score is { } s ? string.Create(CultureInfo.InvariantCulture, $"held-out AUROC {s:F2}") : "no held-out score";
}
