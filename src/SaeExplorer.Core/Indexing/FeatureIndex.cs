namespace SaeExplorer.Core.Indexing;

/// <summary>
/// Per-feature statistics of a sparse autoencoder over a corpus of embeddings (or over a row range
/// of it: a shard or a checkpoint), as structure-of-arrays. Memory is O(FeatureCount x (TopK +
/// QuantileBands x SamplesPerBand + 42)), whatever the corpus size. Immutable once built.
/// <para>
/// Lists are canonical, so two indexes over the same rows are equal byte for byte however the
/// rows were sharded: top-K is sorted by activation descending, ties by lower row first; band
/// samples are sorted by (<see cref="IndexLayout.SampleHash"/>(row, feature), row) ascending;
/// unused slots hold row -1 and activation 0.
/// </para>
/// </summary>
public sealed class FeatureIndex
{
    internal readonly long[] FiringCounts;
    internal readonly Int128[] Sums;
    internal readonly float[] MaxActivations;
    internal readonly int[] Histograms;
    internal readonly int[] TopCounts;
    internal readonly int[] TopRows;
    internal readonly float[] TopActivations;
    internal readonly int[] BandTops;
    internal readonly int[] SampleCounts;
    internal readonly int[] SampleRows;
    internal readonly float[] SampleActivations;

    internal FeatureIndex(
        int featureCount, int topK, int quantileBands, int samplesPerBand,
        long corpusRows, long rowStart, long rowEnd,
        long[] firingCounts, Int128[] sums, float[] maxActivations, int[] histograms,
        int[] topCounts, int[] topRows, float[] topActivations,
        int[] bandTops, int[] sampleCounts, int[] sampleRows, float[] sampleActivations,
        NearestFeatures? neighbours)
    {
        FeatureCount = featureCount;
        TopK = topK;
        QuantileBands = quantileBands;
        SamplesPerBand = samplesPerBand;
        CorpusRows = corpusRows;
        RowStart = rowStart;
        RowEnd = rowEnd;
        FiringCounts = firingCounts;
        Sums = sums;
        MaxActivations = maxActivations;
        Histograms = histograms;
        TopCounts = topCounts;
        TopRows = topRows;
        TopActivations = topActivations;
        BandTops = bandTops;
        SampleCounts = sampleCounts;
        SampleRows = sampleRows;
        SampleActivations = sampleActivations;
        Neighbours = neighbours;
    }

    public int FeatureCount { get; }

    public int TopK { get; }

    public int QuantileBands { get; }

    public int SamplesPerBand { get; }

    /// <summary>Rows in the whole corpus (also for a shard).</summary>
    public long CorpusRows { get; }

    /// <summary>First row covered (inclusive).</summary>
    public long RowStart { get; }

    /// <summary>End of the rows covered (exclusive).</summary>
    public long RowEnd { get; }

    /// <summary>Rows covered: the denominator of <see cref="FeatureStats.Frequency"/>.</summary>
    public long RowCount => RowEnd - RowStart;

    /// <summary>True when the index covers every corpus row.</summary>
    public bool IsComplete => RowStart == 0 && RowEnd == CorpusRows;

    /// <summary>Nearest features by decoder cosine; null until <see cref="WithNeighbours"/>.</summary>
    public NearestFeatures? Neighbours { get; }

    /// <summary>
    /// The <see cref="Encoders.ModelFingerprint"/> of the SAE weights file the index was built from, so an index or
    /// checkpoint is never taken for another SAE's of the same size; null in files written before it was recorded.
    /// </summary>
    public string? SaeFingerprint { get; private init; }

    public FeatureStats this[int feature]
    {
        get
        {
            if ((uint)feature >= (uint)FeatureCount)
                throw new ArgumentOutOfRangeException(nameof(feature), $"Feature {feature} is outside 0..{FeatureCount - 1}.");
            return new FeatureStats(this, feature);
        }
    }

    /// <summary>This index with the decoder's nearest features attached (arrays are shared, not copied).</summary>
    public FeatureIndex WithNeighbours(NearestFeatures neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        if (neighbours.FeatureCount != FeatureCount)
            throw new ArgumentException($"Neighbours are for {neighbours.FeatureCount} features; the index has {FeatureCount}.", nameof(neighbours));
        return new FeatureIndex(FeatureCount, TopK, QuantileBands, SamplesPerBand, CorpusRows, RowStart, RowEnd,
            FiringCounts, Sums, MaxActivations, Histograms, TopCounts, TopRows, TopActivations,
            BandTops, SampleCounts, SampleRows, SampleActivations, neighbours)
        { SaeFingerprint = SaeFingerprint };
    }

    /// <summary>This index recording the SAE it was built from (arrays are shared, not copied).</summary>
    public FeatureIndex WithSaeFingerprint(string? fingerprint) =>
        new(FeatureCount, TopK, QuantileBands, SamplesPerBand, CorpusRows, RowStart, RowEnd,
            FiringCounts, Sums, MaxActivations, Histograms, TopCounts, TopRows, TopActivations,
            BandTops, SampleCounts, SampleRows, SampleActivations, Neighbours)
        { SaeFingerprint = fingerprint };

    /// <summary>
    /// Combines indexes over adjacent row ranges of one corpus into exactly the index one run over
    /// their union gives: counts, sums and histograms added, maxima taken, top-K and band samples
    /// re-selected from the parts' lists with the same total orders. Neighbours (decoder-only) are
    /// taken from the first part that has them.
    /// </summary>
    public static FeatureIndex Merge(IEnumerable<FeatureIndex> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        FeatureIndex[] sorted = parts.OrderBy(p => p.RowStart).ThenBy(p => p.RowEnd).ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("Nothing to merge.", nameof(parts));
        FeatureIndex first = sorted[0];
        for (int i = 1; i < sorted.Length; i++)
        {
            FeatureIndex p = sorted[i];
            if (p.FeatureCount != first.FeatureCount || p.TopK != first.TopK || p.QuantileBands != first.QuantileBands
                || p.SamplesPerBand != first.SamplesPerBand)
                throw new ArgumentException(
                    $"Part {i} has {p.FeatureCount} features, top-{p.TopK}, {p.QuantileBands}x{p.SamplesPerBand} samples; " +
                    $"part 0 has {first.FeatureCount}, top-{first.TopK}, {first.QuantileBands}x{first.SamplesPerBand}.", nameof(parts));
            if (p.CorpusRows != first.CorpusRows)
                throw new ArgumentException($"Parts come from corpora of {first.CorpusRows} and {p.CorpusRows} rows.", nameof(parts));
            if (p.SaeFingerprint != first.SaeFingerprint)
                throw new ArgumentException(
                    $"Parts were built from different SAEs: weights {first.SaeFingerprint ?? "not recorded"} and {p.SaeFingerprint ?? "not recorded"}.", nameof(parts));
            if (p.RowStart != sorted[i - 1].RowEnd)
                throw new ArgumentException(
                    $"Parts must cover adjacent, non-overlapping row ranges: rows {sorted[i - 1].RowStart}..{sorted[i - 1].RowEnd} then {p.RowStart}..{p.RowEnd}.",
                    nameof(parts));
        }
        var acc = new FeatureAccumulator(first.FeatureCount, first.TopK, first.QuantileBands, first.SamplesPerBand);
        foreach (FeatureIndex p in sorted)
            acc.MergeFrom(p);
        FeatureIndex merged = acc.Finish(first.CorpusRows, first.RowStart, sorted[^1].RowEnd).WithSaeFingerprint(first.SaeFingerprint);
        NearestFeatures? neighbours = sorted.Select(p => p.Neighbours).FirstOrDefault(n => n is not null);
        return neighbours is null ? merged : merged.WithNeighbours(neighbours);
    }

    /// <summary>Writes the index (see <see cref="FeatureIndexFile"/> for the format).</summary>
    public void Save(string path) => FeatureIndexFile.Save(this, path);

    public void Save(Stream stream) => FeatureIndexFile.Write(this, stream, FeatureIndexFile.KindIndex, RowEnd);

    /// <exception cref="FeatureIndexFormatException">The file is not an index, is of another version, truncated or corrupt.</exception>
    public static FeatureIndex Load(string path) => FeatureIndexFile.Load(path);

    public static FeatureIndex Load(Stream stream) => FeatureIndexFile.Read(stream, out _, out _);
}
