namespace SaeExplorer.Data.Labels;

/// <summary>
/// Which label is a target's top label: most net votes (up minus down), then the higher score (a label without
/// one after any with one), then the earliest written. The one rule for pages, the API and TopLabel.
/// </summary>
public static class LabelRanking
{
    public readonly record struct Candidate(int Id, int Net, double? Score, DateTimeOffset CreatedAt);

    public static IOrderedEnumerable<T> Ranked<T>(IEnumerable<T> labels, Func<T, Candidate> key) =>
        labels.OrderByDescending(l => key(l).Net)
            .ThenBy(l => key(l).Score is null)
            .ThenByDescending(l => key(l).Score)
            .ThenBy(l => key(l).CreatedAt)
            .ThenBy(l => key(l).Id);
}
