namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Top-image naming where images have captions but no categories (LAION, clip-retrieval): the caption words a
/// feature's top training images share well beyond each word's base rate are its candidate names. A word's weight is
/// its count among the top images times the log of its lift over its share of all training images, so "photo", carried
/// by every caption, weighs nothing, and one image's odd word never counts (it must be on two top images or more).
/// Words are the manifest's vocabulary words (<see cref="CorpusConcepts.ManifestTerms"/>) that at least
/// <see cref="VocabularyOptions.MinimumCount"/> training images carry.
/// </summary>
public sealed class CaptionWordCandidates
{
    private const int MinimumShared = 2;

    private readonly LabelTerm[] _words;
    private readonly double[] _baseRate;
    private readonly Dictionary<int, List<int>> _wordsOfRow = [];

    public CaptionWordCandidates(CorpusConcepts concepts, RowSet train, int minimumCount)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(train);
        var words = new List<LabelTerm>();
        var baseRate = new List<double>();
        foreach (var term in concepts.ManifestTerms().Where(t => t.Kind == TermKind.Word))
        {
            var carriers = train.Intersect(concepts.RowsCarrying(term));
            if (carriers.Length < minimumCount) continue;
            foreach (var row in carriers)
                (_wordsOfRow.TryGetValue(row, out var list) ? list : _wordsOfRow[row] = []).Add(words.Count);
            words.Add(term);
            baseRate.Add((double)carriers.Length / Math.Max(1, train.Count));
        }
        _words = [.. words];
        _baseRate = [.. baseRate];
    }

    /// <summary>Whether any caption word qualifies at all (a corpus without captions has none).</summary>
    public bool Any => _words.Length > 0;

    /// <summary>Up to <paramref name="count"/> words shared by <paramref name="topRows"/>, heaviest first (ties: ordinal).</summary>
    public IReadOnlyList<LabelTerm> For(IReadOnlyList<int> topRows, int count)
    {
        ArgumentNullException.ThrowIfNull(topRows);
        var shared = new Dictionary<int, int>();
        foreach (var row in topRows)
            if (_wordsOfRow.TryGetValue(row, out var words))
                foreach (var w in words) shared[w] = shared.GetValueOrDefault(w) + 1;
        return [.. shared.Where(s => s.Value >= MinimumShared)
            .Select(s => (Word: s.Key, Weight: s.Value * Math.Log((double)s.Value / topRows.Count / _baseRate[s.Key])))
            .Where(s => s.Weight > 0)
            .OrderByDescending(s => s.Weight).ThenBy(s => _words[s.Word].Text, StringComparer.Ordinal)
            .Take(count)
            .Select(s => _words[s.Word])];
    }
}
