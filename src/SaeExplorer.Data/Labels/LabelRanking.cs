namespace SaeExplorer.Data.Labels;

/// <summary>
/// Which label is a target's top label: most net votes (up minus down), then one shown as a name before one that is
/// only a candidate (<see cref="Core.Labeling.FeatureName.Shows"/>: a person's, or an automatic one whose held-out
/// score says something), then the higher score (a label without one after any with one), then the earliest written.
/// The one rule for pages, the API and TopLabel.
/// </summary>
public static class LabelRanking
{
    public readonly record struct Candidate(int Id, int Net, bool IsName, double? Score, DateTimeOffset CreatedAt)
    {
        /// <summary>A label's candidate, its name rule read from its source, score and score note.</summary>
        public static Candidate Of(int id, int net, string source, double? score, string? scoreNote, DateTimeOffset createdAt) =>
            new(id, net, IsNameOf(source, score, scoreNote), score, createdAt);
    }

    /// <summary>Whether a label with this source, score and note is shown as its target's name.</summary>
    public static bool IsNameOf(string source, double? score, string? scoreNote) =>
        Core.Labeling.FeatureName.Shows(source == LabelSource.Human, score, scoreNote);

    public static IOrderedEnumerable<T> Ranked<T>(IEnumerable<T> labels, Func<T, Candidate> key) =>
        labels.OrderByDescending(l => key(l).Net)
            .ThenByDescending(l => key(l).IsName)
            .ThenBy(l => key(l).Score is null)
            .ThenByDescending(l => key(l).Score)
            .ThenBy(l => key(l).CreatedAt)
            .ThenBy(l => key(l).Id);
}
