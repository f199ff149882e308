namespace SaeExplorer.Core.Indexing;

/// <summary>One feature's view of a <see cref="FeatureIndex"/>; spans point into the index's arrays.</summary>
public readonly struct FeatureStats
{
    private readonly FeatureIndex _index;

    internal FeatureStats(FeatureIndex index, int feature)
    {
        _index = index;
        Feature = feature;
    }

    public int Feature { get; }

    /// <summary>Rows on which the activation is &gt; 0.</summary>
    public long FiringCount => _index.FiringCounts[Feature];

    /// <summary>FiringCount / rows covered; 0 for an empty range.</summary>
    public double Frequency => _index.RowCount == 0 ? 0 : (double)FiringCount / _index.RowCount;

    /// <summary>Largest activation; 0 if the feature never fires.</summary>
    public float MaxActivation => _index.MaxActivations[Feature];

    /// <summary>Σ activation over firing rows, each term truncated to a multiple of 2^-48 (exact, order-independent).</summary>
    public double SumActivation => (double)_index.Sums[Feature] / IndexLayout.SumScale;

    /// <summary>Mean activation over the rows it fires on; 0 if it never fires.</summary>
    public double MeanActivation => FiringCount == 0 ? 0 : SumActivation / FiringCount;

    /// <summary>Counts per <see cref="IndexLayout"/> histogram bin (42: underflow, 40 x 0.15 decades over [1e-3, 1e3), overflow).</summary>
    public ReadOnlySpan<int> Histogram => _index.Histograms.AsSpan(Feature * IndexLayout.HistogramBins, IndexLayout.HistogramBins);

    /// <summary>Top activating rows, best first (activation desc, ties by lower row); at most TopK.</summary>
    public ReadOnlySpan<int> TopRows => _index.TopRows.AsSpan(Feature * _index.TopK, _index.TopCounts[Feature]);

    public ReadOnlySpan<float> TopActivations => _index.TopActivations.AsSpan(Feature * _index.TopK, _index.TopCounts[Feature]);

    /// <summary>The histogram bin of <see cref="MaxActivation"/>: the top quantile band; -1 if the feature never fires.</summary>
    public int TopBandBin => _index.BandTops[Feature];

    /// <summary>
    /// Band b &lt; QuantileBands-1 holds the firing rows whose histogram bin is TopBandBin - b; the last
    /// band holds every firing row in a lower bin. Each band keeps the SamplesPerBand rows with the
    /// smallest (SampleHash(row, feature), row), in that order.
    /// </summary>
    public ReadOnlySpan<int> SampleRows(int band) => _index.SampleRows.AsSpan(SampleOffset(band), SampleCount(band));

    public ReadOnlySpan<float> SampleActivations(int band) => _index.SampleActivations.AsSpan(SampleOffset(band), SampleCount(band));

    public int SampleCount(int band) => _index.SampleCounts[Feature * _index.QuantileBands + CheckBand(band)];

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
        int floorTop = TopBandBin - (_index.QuantileBands - 2); // the floor band holds bins below this
        return band == _index.QuantileBands - 1 && floorTop > 0 ? IndexLayout.BinLowerBound(floorTop) : 0f;
    }

    /// <summary>The histogram bin a non-floor band covers, or -1 (floor band, silent feature, below bin 0).</summary>
    private int BandBin(int band)
    {
        CheckBand(band);
        int top = TopBandBin;
        return top < 0 || band == _index.QuantileBands - 1 || top - band < 0 ? -1 : top - band;
    }

    /// <summary>Nearest features by decoder cosine, most similar first (empty before neighbours are attached).</summary>
    public ReadOnlySpan<int> NeighbourIds => _index.Neighbours is { } n ? n.IdsOf(Feature) : default;

    public ReadOnlySpan<float> NeighbourCosines => _index.Neighbours is { } n ? n.CosinesOf(Feature) : default;

    private int SampleOffset(int band) => (Feature * _index.QuantileBands + CheckBand(band)) * _index.SamplesPerBand;

    private int CheckBand(int band)
    {
        if ((uint)band >= (uint)_index.QuantileBands)
            throw new ArgumentOutOfRangeException(nameof(band), $"Band {band} is outside 0..{_index.QuantileBands - 1}.");
        return band;
    }
}
