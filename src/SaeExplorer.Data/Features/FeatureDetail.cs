namespace SaeExplorer.Data.Features;

/// <param name="Upper">The band's exclusive upper bound; null for the band of the overflow bin, which has none (JSON has no infinity).</param>
public sealed record QuantileBand(int Band, float Lower, float? Upper, int[] Rows, float[] Activations);

/// <param name="Histogram">Firing activations counted per bin; bin b holds [HistogramEdges[b], HistogramEdges[b+1]).</param>
/// <param name="HistogramEdges">Histogram.Length + 1 activation bounds, log-spaced (0.15 decades) from 0.001 to 1000,
/// with 0 first (the underflow bin) and null last (the overflow bin has no upper bound).</param>
public sealed record FeatureDetail(
    int Feature, string? TopLabel, long FiringCount, double Frequency, double? Log10Frequency,
    float MaxActivation, double MeanActivation, int[] Histogram, double?[] HistogramEdges, int[] TopRows, float[] TopActivations,
    IReadOnlyList<QuantileBand> Bands, int[] NeighbourIds, float[] NeighbourCosines);
