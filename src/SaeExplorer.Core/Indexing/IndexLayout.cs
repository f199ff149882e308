namespace SaeExplorer.Core.Indexing;

/// <summary>
/// The fixed, global layouts every index and shard shares, so parts merge by adding counts.
/// <para>
/// <b>Histogram</b>: <see cref="HistogramBins"/> = 42 bins over the activations a &gt; 0 of a feature.
/// With edges E_k = (float)Math.Pow(10, -3 + 0.15 k) for k = 0..40 (E_0 = 0.001, E_40 = 1000):
/// bin 0 (underflow) holds 0 &lt; a &lt; E_0; bin k+1 (k = 0..39) holds E_k &lt;= a &lt; E_(k+1), i.e. 40
/// bins of 0.15 decades each over [1e-3, 1e3); bin 41 (overflow) holds a &gt;= E_40.
/// Zero, negative and NaN activations are "not firing" and are not counted anywhere.
/// </para>
/// <para>
/// <b>Sample hash</b>: quantile-band samples are the rows with the smallest
/// (<see cref="SampleHash"/>(row, feature), row), a deterministic pseudo-random choice that does
/// not depend on the order rows arrive in or on how the corpus is sharded.
/// </para>
/// </summary>
public static class IndexLayout
{
    public const int HistogramBins = 42;

    public const int InnerBins = 40;

    public const int LowestDecade = -3;

    public const int HighestDecade = 3;

    /// <summary>Largest activation the exact fixed-point sum accepts (2^48); larger ones are rejected.</summary>
    public const float MaxActivation = 281474976710656f;

    /// <summary>Sums are kept as Σ trunc(a · 2^SumFractionBits), exact and order-independent.</summary>
    public const int SumFractionBits = 48;

    internal const double SumScale = 281474976710656.0;

    private static readonly float[] Edges = MakeEdges();

    /// <summary>E_0..E_40, see the type's remarks.</summary>
    public static ReadOnlySpan<float> HistogramEdges => Edges;

    /// <summary>The histogram bin of a firing activation (a &gt; 0, finite).</summary>
    public static int BinOf(float a)
    {
        float[] e = Edges;
        if (a < e[0])
            return 0;
        if (a >= e[InnerBins])
            return InnerBins + 1;
        int k = (int)((MathF.Log10(a) - LowestDecade) * (InnerBins / (float)(HighestDecade - LowestDecade)));
        k = Math.Clamp(k, 0, InnerBins - 1);
        while (k > 0 && a < e[k])
            k--;
        while (k < InnerBins - 1 && a >= e[k + 1])
            k++;
        return k + 1;
    }

    /// <summary>Lower bound (inclusive) of histogram bin <paramref name="bin"/>; 0 for the underflow bin.</summary>
    public static float BinLowerBound(int bin) => bin == 0 ? 0f : Edges[bin - 1];

    /// <summary>Upper bound (exclusive) of histogram bin <paramref name="bin"/>; +∞ for the overflow bin.</summary>
    public static float BinUpperBound(int bin) => bin > InnerBins ? float.PositiveInfinity : Edges[bin];

    /// <summary>splitmix64 of (feature &lt;&lt; 32 | row), high 32 bits.</summary>
    public static uint SampleHash(int row, int feature)
    {
        ulong z = ((ulong)(uint)feature << 32) | (uint)row;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (uint)(z >> 32);
    }

    private static float[] MakeEdges()
    {
        var e = new float[InnerBins + 1];
        for (int k = 0; k <= InnerBins; k++)
            e[k] = (float)Math.Pow(10, LowestDecade + (HighestDecade - LowestDecade) * (double)k / InnerBins);
        return e;
    }
}
