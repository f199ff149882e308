using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// The mutable per-feature state of an index build, in flat structure-of-arrays form. Top-K lists
/// are min-heaps on (activation, -row) (root = the worst kept entry); band samples are max-heaps on
/// (hash, row) (root = the largest kept hash). Every piece of state is a pure function of the set of
/// (row, feature, activation) triples seen, whatever their order: that is what makes shards merge
/// exactly. Methods touching different features may run concurrently.
/// </summary>
internal sealed class FeatureAccumulator
{
    public readonly int Features, K, Bands, M;
    public readonly long[] Count;
    public readonly Int128[] Sum;
    public readonly float[] Max;
    public readonly int[] Histogram;
    public readonly int[] TopCount;
    public readonly int[] TopRows;
    public readonly float[] TopActs;
    public readonly int[] BandTop;
    public readonly int[] SampleCount;
    public readonly int[] SampleRows;
    public readonly float[] SampleActs;
    public readonly uint[] SampleHashes;

    public FeatureAccumulator(int features, int k, int bands, int m)
    {
        Features = features;
        K = k;
        Bands = bands;
        M = m;
        Count = new long[features];
        Sum = new Int128[features];
        Max = new float[features];
        Histogram = new int[features * IndexLayout.HistogramBins];
        TopCount = new int[features];
        TopRows = new int[features * k];
        TopActs = new float[features * k];
        BandTop = new int[features];
        Array.Fill(BandTop, -1);
        SampleCount = new int[features * bands];
        SampleRows = new int[features * bands * m];
        SampleActs = new float[features * bands * m];
        SampleHashes = new uint[features * bands * m];
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
        OfferTop(feature, row, a);
        OfferSample(feature, row, a, bin);
    }

    // ---- top-K: min-heap per feature, root = worst = lowest activation, then highest row ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Worse(float a1, int r1, float a2, int r2) => a1 < a2 || (a1 == a2 && r1 > r2);

    public void OfferTop(int feature, int row, float a)
    {
        int n = TopCount[feature];
        int o = feature * K;
        if (n == K)
        {
            // Fast reject against the K-th best so far.
            if (!Worse(TopActs[o], TopRows[o], a, row))
                return;
            SiftDownTop(o, n, 0, row, a);
            return;
        }
        int i = n;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(a, row, TopActs[o + parent], TopRows[o + parent]))
                break;
            TopActs[o + i] = TopActs[o + parent];
            TopRows[o + i] = TopRows[o + parent];
            i = parent;
        }
        TopActs[o + i] = a;
        TopRows[o + i] = row;
        TopCount[feature] = n + 1;
    }

    private void SiftDownTop(int o, int n, int i, int row, float a)
    {
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && Worse(TopActs[o + child + 1], TopRows[o + child + 1], TopActs[o + child], TopRows[o + child]))
                child++;
            if (!Worse(TopActs[o + child], TopRows[o + child], a, row))
                break;
            TopActs[o + i] = TopActs[o + child];
            TopRows[o + i] = TopRows[o + child];
            i = child;
        }
        TopActs[o + i] = a;
        TopRows[o + i] = row;
    }

    /// <summary>Turns feature's heap into a list sorted best first (activation desc, row asc); unused slots (-1, 0).</summary>
    public void SortTop(int feature)
    {
        int o = feature * K, n = TopCount[feature];
        for (int end = n - 1; end > 0; end--)
        {
            float a = TopActs[o + end];
            int r = TopRows[o + end];
            TopActs[o + end] = TopActs[o];
            TopRows[o + end] = TopRows[o];
            SiftDownTop(o, end, 0, r, a);
        }
        for (int i = n; i < K; i++)
        {
            TopActs[o + i] = 0f;
            TopRows[o + i] = -1;
        }
    }

    // ---- quantile-band samples: per feature, Bands slots of bottom-M by (hash, row) ----
    // Slot s < Bands-1 holds the rows whose histogram bin is BandTop - s; slot Bands-1 (the floor)
    // holds every row in a lower bin. BandTop only rises; when it does, slots slide down and those
    // that pass the floor merge into it (bottom-M of a union = bottom-M of the parts' bottom-Ms).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Larger(uint h1, int r1, uint h2, int r2) => h1 > h2 || (h1 == h2 && r1 > r2);

    private void OfferSample(int feature, int row, float a, int bin)
    {
        int top = BandTop[feature];
        if (top < 0)
            BandTop[feature] = top = bin;
        else if (bin > top)
        {
            SlideBands(feature, bin - top);
            BandTop[feature] = top = bin;
        }
        int slot = feature * Bands + Math.Min(top - bin, Bands - 1);
        OfferSlot(slot, row, a, IndexLayout.SampleHash(row, feature));
    }

    private void SlideBands(int feature, int shift)
    {
        int b0 = feature * Bands, floor = b0 + Bands - 1;
        for (int s = Bands - 2; s >= 0; s--)
        {
            int from = b0 + s, n = SampleCount[from];
            if (n == 0)
                continue;
            int to = s + shift >= Bands - 1 ? floor : b0 + s + shift;
            if (to == floor)
            {
                for (int i = 0; i < n; i++)
                {
                    int e = from * M + i;
                    OfferSlot(floor, SampleRows[e], SampleActs[e], SampleHashes[e]);
                }
            }
            else
            {
                // The target slot was emptied earlier in this loop (higher s first).
                Array.Copy(SampleRows, from * M, SampleRows, to * M, n);
                Array.Copy(SampleActs, from * M, SampleActs, to * M, n);
                Array.Copy(SampleHashes, from * M, SampleHashes, to * M, n);
                SampleCount[to] = n;
            }
            SampleCount[from] = 0;
        }
    }

    private void OfferSlot(int slot, int row, float a, uint h)
    {
        int o = slot * M, n = SampleCount[slot];
        if (n == M)
        {
            if (!Larger(SampleHashes[o], SampleRows[o], h, row))
                return;
            SiftDownSample(o, n, 0, row, a, h);
            return;
        }
        int i = n;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Larger(h, row, SampleHashes[o + parent], SampleRows[o + parent]))
                break;
            MoveSample(o + parent, o + i);
            i = parent;
        }
        SampleRows[o + i] = row;
        SampleActs[o + i] = a;
        SampleHashes[o + i] = h;
        SampleCount[slot] = n + 1;
    }

    private void SiftDownSample(int o, int n, int i, int row, float a, uint h)
    {
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && Larger(SampleHashes[o + child + 1], SampleRows[o + child + 1], SampleHashes[o + child], SampleRows[o + child]))
                child++;
            if (!Larger(SampleHashes[o + child], SampleRows[o + child], h, row))
                break;
            MoveSample(o + child, o + i);
            i = child;
        }
        SampleRows[o + i] = row;
        SampleActs[o + i] = a;
        SampleHashes[o + i] = h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveSample(int from, int to)
    {
        SampleRows[to] = SampleRows[from];
        SampleActs[to] = SampleActs[from];
        SampleHashes[to] = SampleHashes[from];
    }

    /// <summary>Sorts each of feature's slots by (hash, row) ascending; unused entries (-1, 0, 0).</summary>
    public void SortSamples(int feature)
    {
        for (int s = 0; s < Bands; s++)
        {
            int slot = feature * Bands + s, o = slot * M, n = SampleCount[slot];
            for (int end = n - 1; end > 0; end--)
            {
                int r = SampleRows[o + end];
                float a = SampleActs[o + end];
                uint h = SampleHashes[o + end];
                MoveSample(o, o + end);
                SiftDownSample(o, end, 0, r, a, h);
            }
            for (int i = n; i < M; i++)
            {
                SampleRows[o + i] = -1;
                SampleActs[o + i] = 0f;
                SampleHashes[o + i] = 0;
            }
        }
    }

    // ---- merging ----

    /// <summary>Adds everything a finished index (or checkpoint) holds for its rows.</summary>
    public void MergeFrom(FeatureIndex part)
    {
        if (part.FeatureCount != Features || part.TopK != K || part.QuantileBands != Bands || part.SamplesPerBand != M)
            throw new ArgumentException("Parts differ in feature count, top-K, band count or samples per band.");
        int hb = IndexLayout.HistogramBins;
        for (int j = 0; j < Features; j++)
        {
            Count[j] += part.FiringCounts[j];
            Sum[j] += part.Sums[j];
            Max[j] = Math.Max(Max[j], part.MaxActivations[j]);
            for (int b = 0; b < hb; b++)
                Histogram[j * hb + b] += part.Histograms[j * hb + b];
            int n = part.TopCounts[j];
            for (int i = 0; i < n; i++)
                OfferTop(j, part.TopRows[j * K + i], part.TopActivations[j * K + i]);

            int otherTop = part.BandTops[j];
            if (otherTop < 0)
                continue;
            if (BandTop[j] < 0)
                BandTop[j] = otherTop;
            else if (otherTop > BandTop[j])
            {
                SlideBands(j, otherTop - BandTop[j]);
                BandTop[j] = otherTop;
            }
            int offset = BandTop[j] - otherTop;
            for (int s = 0; s < Bands; s++)
            {
                int slot = j * Bands + Math.Min(s + offset, Bands - 1);
                int from = (j * Bands + s) * M, cnt = part.SampleCounts[j * Bands + s];
                for (int i = 0; i < cnt; i++)
                {
                    int row = part.SampleRows[from + i];
                    OfferSlot(slot, row, part.SampleActivations[from + i], IndexLayout.SampleHash(row, j));
                }
            }
        }
    }

    public FeatureAccumulator Clone()
    {
        var c = new FeatureAccumulator(Features, K, Bands, M);
        Count.CopyTo(c.Count, 0);
        Sum.CopyTo(c.Sum, 0);
        Max.CopyTo(c.Max, 0);
        Histogram.CopyTo(c.Histogram, 0);
        TopCount.CopyTo(c.TopCount, 0);
        TopRows.CopyTo(c.TopRows, 0);
        TopActs.CopyTo(c.TopActs, 0);
        BandTop.CopyTo(c.BandTop, 0);
        SampleCount.CopyTo(c.SampleCount, 0);
        SampleRows.CopyTo(c.SampleRows, 0);
        SampleActs.CopyTo(c.SampleActs, 0);
        SampleHashes.CopyTo(c.SampleHashes, 0);
        return c;
    }

    /// <summary>Sorts every heap into canonical order and hands the arrays to a new index; this accumulator is spent.</summary>
    public FeatureIndex Finish(long corpusRows, long rowStart, long rowEnd)
    {
        for (int j = 0; j < Features; j++)
        {
            SortTop(j);
            SortSamples(j);
        }
        return new FeatureIndex(Features, K, Bands, M, corpusRows, rowStart, rowEnd,
            Count, Sum, Max, Histogram, TopCount, TopRows, TopActs, BandTop, SampleCount, SampleRows, SampleActs, null);
    }
}
