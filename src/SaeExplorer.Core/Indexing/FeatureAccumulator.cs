using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// The mutable per-feature state of an index build, in flat structure-of-arrays form: counts, sums, maxima and
/// histograms here, the top-K lists in <see cref="TopActivations"/> and the band samples in <see cref="BandSamples"/>.
/// Every piece of state is a pure function of the set of (row, feature, activation) triples seen, whatever their order:
/// that is what makes shards merge exactly. Methods touching different features may run concurrently.
/// </summary>
internal sealed class FeatureAccumulator
{
    public readonly int Features;
    public readonly long[] Count;
    public readonly Int128[] Sum;
    public readonly float[] Max;
    public readonly int[] Histogram;
    public readonly TopActivations Top;
    public readonly BandSamples Samples;

    public FeatureAccumulator(int features, int k, int bands, int m)
        : this(features, new TopActivations(features, k), new BandSamples(features, bands, m))
    {
    }

    private FeatureAccumulator(int features, TopActivations top, BandSamples samples)
    {
        Features = features;
        Count = new long[features];
        Sum = new Int128[features];
        Max = new float[features];
        Histogram = new int[features * IndexLayout.HistogramBins];
        Top = top;
        Samples = samples;
    }

    /// <summary>
    /// Scans a dense batch (rows x Features, row-major) for features [featureStart, featureEnd),
    /// rows in order, touching only nonzeros.
    /// </summary>
    public void Scan(ReadOnlySpan<float> activations, int rows, int firstRow, int featureStart, int featureEnd)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> line = activations.Slice(r * Features + featureStart, featureEnd - featureStart);
            int row = firstRow + r;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref float start = ref Unsafe.AsRef(in line[0]);
                for (; j <= line.Length - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    uint mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)j), Vector256<float>.Zero).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        int bit = BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        Observe(featureStart + j + bit, row, line[j + bit]);
                    }
                }
            }
            for (; j < line.Length; j++)
            {
                if (line[j] > 0f)
                    Observe(featureStart + j, row, line[j]);
            }
        }
    }

    public void Observe(int feature, int row, float a)
    {
        if (!(a < IndexLayout.MaxActivation))
            throw new InvalidDataException($"Feature {feature} on row {row} has activation {a}; the index accepts finite activations below 2^48.");
        Count[feature]++;
        Sum[feature] += (Int128)(a * IndexLayout.SumScale);
        if (a > Max[feature])
            Max[feature] = a;
        int bin = IndexLayout.BinOf(a);
        Histogram[feature * IndexLayout.HistogramBins + bin]++;
        Top.Offer(feature, row, a);
        Samples.Offer(feature, row, a, bin);
    }

    /// <summary>Adds everything a finished index (or checkpoint) holds for its rows.</summary>
    public void MergeFrom(FeatureIndex part)
    {
        if (part.FeatureCount != Features || part.TopK != Top.K || part.QuantileBands != Samples.Bands || part.SamplesPerBand != Samples.M)
            throw new ArgumentException("Parts differ in feature count, top-K, band count or samples per band.");
        int hb = IndexLayout.HistogramBins, k = Top.K;
        for (int j = 0; j < Features; j++)
        {
            Count[j] += part.FiringCounts[j];
            Sum[j] += part.Sums[j];
            Max[j] = Math.Max(Max[j], part.MaxActivations[j]);
            for (int b = 0; b < hb; b++)
                Histogram[j * hb + b] += part.Histograms[j * hb + b];
            int n = part.TopCounts[j];
            for (int i = 0; i < n; i++)
                Top.Offer(j, part.TopRows[j * k + i], part.TopActivations[j * k + i]);
            Samples.Merge(part, j);
        }
    }

    public FeatureAccumulator Clone()
    {
        var c = new FeatureAccumulator(Features, Top.Clone(), Samples.Clone());
        Count.CopyTo(c.Count, 0);
        Sum.CopyTo(c.Sum, 0);
        Max.CopyTo(c.Max, 0);
        Histogram.CopyTo(c.Histogram, 0);
        return c;
    }

    /// <summary>Sorts every heap into canonical order and hands the arrays to a new index; this accumulator is spent.</summary>
    public FeatureIndex Finish(long corpusRows, long rowStart, long rowEnd)
    {
        for (int j = 0; j < Features; j++)
        {
            Top.Sort(j);
            Samples.Sort(j);
        }
        return new FeatureIndex(Features, Top.K, Samples.Bands, Samples.M, corpusRows, rowStart, rowEnd,
            Count, Sum, Max, Histogram, Top.Count, Top.Rows, Top.Acts, Samples.Top, Samples.Count, Samples.Rows, Samples.Acts, null);
    }
}
