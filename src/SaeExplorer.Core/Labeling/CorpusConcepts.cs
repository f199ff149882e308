using SaeExplorer.Core.Corpus;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Which corpus rows (images) carry which concept, from the manifest entry of each embedding row. The rules:
/// <list type="bullet">
/// <item>a <see cref="TermKind.Category"/> term: the rows of that category (case-insensitive, trimmed);</item>
/// <item>a <see cref="TermKind.Subcategory"/> term: the rows of that subcategory, whatever their category;</item>
/// <item>a <see cref="TermKind.Word"/> term: the rows whose caption (description) has every stem of the term's words;</item>
/// <item>a <see cref="TermKind.Text"/> term, e.g. a label a person typed: the rows whose category, subcategory and caption
/// together have every stem of the label's content words (<see cref="CaptionWords"/>: lower-cased, stop words dropped,
/// Porter-stemmed), so "Red fishes" is carried by a row in category "animals", subcategory "fishes", caption "a red
/// snapper". A label with no content word is carried by no row.</item>
/// </list>
/// Row sets are sorted arrays of row numbers.
/// </summary>
public sealed class CorpusConcepts
{
    private readonly string?[] _category;
    private readonly int[] _caption;
    private readonly Dictionary<string, List<int>> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _subcategories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _captionStems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _anyStems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _displayNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _surfaceForms = new(StringComparer.Ordinal);

    /// <summary>One manifest entry per embedding row, in row order.</summary>
    public CorpusConcepts(IReadOnlyList<ManifestEntry> rowEntries)
    {
        ArgumentNullException.ThrowIfNull(rowEntries);
        _category = new string?[rowEntries.Count];
        _caption = new int[rowEntries.Count];
        var captions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < rowEntries.Count; row++)
        {
            var e = rowEntries[row];
            _category[row] = Key(e.Category);
            var words = CaptionWords.Words(e.Description).ToList();
            var caption = string.Join(' ', words);
            _caption[row] = captions.TryGetValue(caption, out var id) ? id : captions[caption] = captions.Count;
            Add(_categories, e.Category, row, "category:");
            Add(_subcategories, e.Subcategory, row, "subcategory:");
            foreach (var word in words)
            {
                var stem = PorterStemmer.Stem(word);
                var forms = _surfaceForms.TryGetValue(stem, out var f) ? f : _surfaceForms[stem] = new(StringComparer.Ordinal);
                forms[word] = forms.GetValueOrDefault(word) + 1;
                AddOnce(_captionStems, stem, row);
            }
            foreach (var stem in CaptionWords.Stems($"{e.Category} {e.Subcategory} {e.Description}"))
                AddOnce(_anyStems, stem, row);
        }
    }

    /// <summary>
    /// The manifest entry of every row of an embeddings file, by the row ids (its FILE.ids.txt), or of the rows a
    /// labelling run reads (<see cref="LabelingRows"/>), drawn from <paramref name="corpusRows"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A row id is not in the manifest, or appears on two rows.</exception>
    public static CorpusConcepts Join(IReadOnlyList<ManifestEntry> manifest, IReadOnlyList<string> rowIds, string manifestName, string idsName,
        long? corpusRows = null)
    {
        var byId = manifest.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var entries = new ManifestEntry[rowIds.Count];
        var missing = new List<int>();
        var seenOn = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < rowIds.Count; row++)
        {
            if (seenOn.TryGetValue(rowIds[row], out var first))
                throw new InvalidDataException($"{idsName}: id '{rowIds[row]}' is on rows {first} and {row}; each image must be one row.");
            seenOn[rowIds[row]] = row;
            if (byId.TryGetValue(rowIds[row], out var entry)) entries[row] = entry;
            else missing.Add(row);
        }
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{missing.Count} of the {rowIds.Count} ids in {idsName} are missing from {manifestName} " +
                $"(first: {string.Join(", ", missing.Take(5).Select(r => $"'{rowIds[r]}' on row {r}"))}); " +
                "labels need the manifest the embeddings were encoded from.");
        return new CorpusConcepts(entries) { ManifestEntriesWithoutRows = (int)Math.Max(0, manifest.Count - (corpusRows ?? rowIds.Count)) };
    }

    public int Rows => _category.Length;

    /// <summary>Manifest entries that no embedding row has (e.g. images the encoder skipped); they carry no weight.</summary>
    public int ManifestEntriesWithoutRows { get; private init; }

    /// <summary>The row's category, lower-cased (null when it has none).</summary>
    public string? CategoryKeyOf(int row) => _category[row];

    /// <summary>How many different captions (compared by their content words) the rows have.</summary>
    public int DistinctCaptions(IEnumerable<int> rows) => rows.Select(r => _caption[r]).Distinct().Count();

    /// <summary>
    /// Every category, subcategory and caption word (as its commonest spelling), in that order, each ordinal; caption
    /// words only where <see cref="VocabularyWords.Accepts"/> them (no codes or file-name fragments).
    /// </summary>
    public IEnumerable<LabelTerm> ManifestTerms() =>
        _categories.Keys.Order(StringComparer.Ordinal).Select(k => new LabelTerm(_displayNames["category:" + k], TermKind.Category))
            .Concat(_subcategories.Keys.Order(StringComparer.Ordinal).Select(k => new LabelTerm(_displayNames["subcategory:" + k], TermKind.Subcategory)))
            .Concat(_surfaceForms.Values
                .Select(forms => forms.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key)
                .Where(VocabularyWords.Accepts)
                .Order(StringComparer.Ordinal)
                .Select(word => new LabelTerm(word, TermKind.Word)));

    /// <summary>The sorted rows that carry <paramref name="term"/> (the rules in the class remarks).</summary>
    public int[] RowsCarrying(LabelTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.Kind switch
        {
            TermKind.Category => Lookup(_categories, Key(term.Text)),
            TermKind.Subcategory => Lookup(_subcategories, Key(term.Text)),
            TermKind.Word => AllOf(_captionStems, term.Text),
            TermKind.Text => RowsMatchingText(term.Text),
            _ => throw new ArgumentOutOfRangeException(nameof(term), term.Kind, null),
        };
    }

    /// <summary>The free-text rule: rows whose category, subcategory and caption have every content stem of <paramref name="text"/>.</summary>
    public int[] RowsMatchingText(string text) => AllOf(_anyStems, text);

    /// <summary>Whether <paramref name="text"/> has a content word to match (not only stop words, digits or punctuation).</summary>
    public static bool HasContentWords(string text) => CaptionWords.Words(text).Any();

    /// <summary>The commonest category (lower-cased) of <paramref name="rows"/>; ties go to the ordinal first; null when none has one.</summary>
    public string? MajorityCategoryKey(IEnumerable<int> rows) =>
        rows.Select(r => _category[r]).OfType<string>()
            .GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault()?.Key;

    /// <summary>A category's key as written in the manifest (its first spelling).</summary>
    public string CategoryName(string key) => _displayNames.GetValueOrDefault("category:" + key, key);

    internal static string? Key(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    private void Add(Dictionary<string, List<int>> index, string? value, int row, string namePrefix)
    {
        var key = Key(value);
        if (key is null) return;
        _displayNames.TryAdd(namePrefix + key, value!.Trim());
        AddOnce(index, key, row);
    }

    /// <summary>Rows arrive in increasing order, so each list stays sorted and a row is added once.</summary>
    private static void AddOnce(Dictionary<string, List<int>> index, string key, int row)
    {
        var rows = index.TryGetValue(key, out var list) ? list : index[key] = [];
        if (rows.Count == 0 || rows[^1] != row) rows.Add(row);
    }

    private static int[] Lookup(Dictionary<string, List<int>> index, string? key) =>
        key is not null && index.TryGetValue(key, out var rows) ? [.. rows] : [];

    private static int[] AllOf(Dictionary<string, List<int>> index, string text)
    {
        int[]? result = null;
        foreach (var stem in CaptionWords.Stems(text))
        {
            if (!index.TryGetValue(stem, out var rows)) return [];
            result = result is null ? [.. rows] : SortedIntersection(result, rows);
            if (result.Length == 0) return [];
        }
        return result ?? [];
    }

    private static int[] SortedIntersection(int[] a, List<int> b)
    {
        var result = new List<int>(Math.Min(a.Length, b.Count));
        int i = 0, j = 0;
        while (i < a.Length && j < b.Count)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else { result.Add(a[i]); i++; j++; }
        }
        return [.. result];
    }
}
