namespace SaeExplorer.Core.Indexing;

/// <summary>One feature's view of a <see cref="FeatureIndex"/>; spans point into the index's arrays.</summary>
public readonly struct FeatureStats
{
    private readonly FeatureIndex index;

    internal FeatureStats(FeatureIndex index, int feature)
    {
        this.index = index;
        Feature = feature;
    }

    public int Feature { get; }

    /// <summary>Rows on which the activation is &gt; 0.</summary>
    public long FiringCount => index.FiringCounts[Feature];

    /// <summary>FiringCount / rows covered; 0 for an empty range.</summary>
    public double Frequency => index.RowCount == 0 ? 0 : (double)FiringCount / index.RowCount;

    /// <summary>Largest activation; 0 if the feature never fires.</summary>
    public float MaxActivation => index.MaxActivations[Feature];

    /// <summary>Σ activation over firing rows, each term truncated to a multiple of 2^-48 (exact, order-independent).</summary>
    public double SumActivation => (double)index.Sums[Feature] / IndexLayout.SumScale;

    /// <summary>Mean activation over the rows it fires on; 0 if it never fires.</summary>
    public double MeanActivation => FiringCount == 0 ? 0 : SumActivation / FiringCount;

    /// <summary>Counts per <see cref="IndexLayout"/> histogram bin (42: underflow, 40 x 0.15 decades over [1e-3, 1e3), overflow).</summary>
    public ReadOnlySpan<int> Histogram => index.Histograms.AsSpan(Feature * IndexLayout.HistogramBins, IndexLayout.HistogramBins);

    /// <summary>Top activating rows, best first (activation desc, ties by lower row); at most TopK.</summary>
    public ReadOnlySpan<int> TopRows => index.TopRows.AsSpan(Feature * index.TopK, index.TopCounts[Feature]);

    public ReadOnlySpan<float> TopActivations => index.TopActivations.AsSpan(Feature * index.TopK, index.TopCounts[Feature]);

    /// <summary>The histogram bin of <see cref="MaxActivation"/>: the top quantile band; -1 if the feature never fires.</summary>
    public int TopBandBin => index.BandTops[Feature];

    /// <summary>
    /// Band b &lt; QuantileBands-1 holds the firing rows whose histogram bin is TopBandBin - b; the last
    /// band holds every firing row in a lower bin. Each band keeps the SamplesPerBand rows with the
    /// smallest (SampleHash(row, feature), row), in that order.
    /// </summary>
    public ReadOnlySpan<int> SampleRows(int band) => index.SampleRows.AsSpan(SampleOffset(band), SampleCount(band));

    public ReadOnlySpan<float> SampleActivations(int band) => index.SampleActivations.AsSpan(SampleOffset(band), SampleCount(band));

    public int SampleCount(int band) => index.SampleCounts[Feature * index.QuantileBands + CheckBand(band)];

    /// <summary>Inclusive lower activation bound of a band (0 for the last band; 0 for a band that cannot hold rows).</summary>
    public float BandLowerBound(int band)
    {
        int bin = BandBin(band);
        return bin < 0 ? 0f : IndexLayout.BinLowerBound(bin);
    }

    /// <summary>Exclusive upper activation bound of a band (0 for a band that cannot hold rows).</summary>
    public float BandUpperBound(int band)
    {
        int bin = BandBin(band);
        if (bin >= 0)
            return IndexLayout.BinUpperBound(bin);
        int floorTop = TopBandBin - (index.QuantileBands - 2); // the floor band holds bins below this
        return band == index.QuantileBands - 1 && floorTop > 0 ? IndexLayout.BinLowerBound(floorTop) : 0f;
    }

    /// <summary>The histogram bin a non-floor band covers, or -1 (floor band, silent feature, below bin 0).</summary>
    private int BandBin(int band)
    {
        CheckBand(band);
        int top = TopBandBin;
        return top < 0 || band == index.QuantileBands - 1 || top - band < 0 ? -1 : top - band;
    }

    /// <summary>Nearest features by decoder cosine, most similar first (empty before neighbours are attached).</summary>
    public ReadOnlySpan<int> NeighbourIds => index.Neighbours is { } n ? n.IdsOf(Feature) : default;

    public ReadOnlySpan<float> NeighbourCosines => index.Neighbours is { } n ? n.CosinesOf(Feature) : default;

    private int SampleOffset(int band) => (Feature * index.QuantileBands + CheckBand(band)) * index.SamplesPerBand;

    private int CheckBand(int band)
    {
        if ((uint)band >= (uint)index.QuantileBands)
            throw new ArgumentOutOfRangeException(nameof(band), $"Band {band} is outside 0..{index.QuantileBands - 1}.");
        return band;
    }
}
