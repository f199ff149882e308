namespace SaeExplorer.Core.Labeling;

/// <summary>Label terms with one direction each in the embedding space, row-major [terms x dimension] float32.</summary>
public sealed class LabelVocabulary
{
    public LabelVocabulary(IReadOnlyList<LabelTerm> terms, float[] vectors, int dimension, IReadOnlyList<int>? trainImages = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(vectors);
        if (terms.Count == 0) throw new ArgumentException("the vocabulary is empty: there is no term to name a feature with", nameof(terms));
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length != (long)terms.Count * dimension)
            throw new ArgumentException($"{terms.Count} terms of dimension {dimension} need {(long)terms.Count * dimension} floats, got {vectors.Length}", nameof(vectors));
        if (trainImages is not null && trainImages.Count != terms.Count)
            throw new ArgumentException($"{terms.Count} terms but {trainImages.Count} image counts", nameof(trainImages));
        var duplicate = terms.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"the vocabulary lists {duplicate.Key} twice", nameof(terms));
        Terms = terms;
        Vectors = vectors;
        Dimension = dimension;
        TrainImages = trainImages;
    }

    public IReadOnlyList<LabelTerm> Terms { get; }

    /// <summary>Row t is term t's direction.</summary>
    public float[] Vectors { get; }

    public int Dimension { get; }

    /// <summary>For a manifest vocabulary, how many training images carry each term; null for one loaded from files.</summary>
    public IReadOnlyList<int>? TrainImages { get; }

    public ReadOnlySpan<float> Vector(int term) => Vectors.AsSpan(term * Dimension, Dimension);

    /// <summary>Throws unless the vocabulary lives in a space of <paramref name="dimension"/> dimensions.</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public void CheckDimension(int dimension, string what)
    {
        if (dimension != Dimension)
            throw new ArgumentException($"the vocabulary's vectors have {Dimension} dimensions but {what} has {dimension}: they are not in the same embedding space");
    }

    /// <summary>
    /// The term whose text is <paramref name="text"/> (trimmed, case-insensitive), a category before a subcategory before
    /// a caption word; null when the vocabulary has no such term.
    /// </summary>
    public LabelTerm? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wanted = text.Trim();
        return Terms.Where(t => string.Equals(t.Text, wanted, StringComparison.OrdinalIgnoreCase)).OrderBy(t => t.Kind).FirstOrDefault();
    }

    /// <summary>How many terms of each kind.</summary>
    public IReadOnlyDictionary<TermKind, int> CountsByKind() => Terms.GroupBy(t => t.Kind).ToDictionary(g => g.Key, g => g.Count());
}
