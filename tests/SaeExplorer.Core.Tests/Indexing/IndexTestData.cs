using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Core.Tests.Indexing;

/// <summary>Activation a(row, j) given by a formula of the row id (the embedding holds the row id as its only column).</summary>
internal sealed class FormulaFeatureSource(int features, Func<int, int, float> activation, int seed = 5) : IFeatureSource
{
    private readonly float[] _decoder = IndexTestData.Gaussian(features * 4, seed);

    public int InputDimension => 1;

    public int FeatureCount => features;

    public void EncodeBatch(ReadOnlySpan<float> rows, int count, Span<float> activations)
    {
        for (int r = 0; r < count; r++)
        {
            int row = (int)rows[r];
            for (int j = 0; j < features; j++)
                activations[r * features + j] = activation(row, j);
        }
    }

    public void CopyDecoderRows(int firstFeature, int count, Span<float> destination) =>
        _decoder.AsSpan(firstFeature * 4, count * 4).CopyTo(destination);
}

internal static class IndexTestData
{
    public static float[] Gaussian(int n, int seed)
    {
        var random = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
            v[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return v;
    }

    public static InMemoryEmbeddingMatrix RowIds(int rows)
    {
        var v = new float[rows];
        for (int i = 0; i < rows; i++)
            v[i] = i;
        return new InMemoryEmbeddingMatrix(v, 1);
    }

    /// <summary>
    /// A matrix rich in the awkward cases: zeros, negatives, exact ties, histogram bin edges and the
    /// values either side of them, under/overflow values, and a spread of magnitudes.
    /// </summary>
    public static float[] Awkward(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        ReadOnlySpan<float> edges = IndexLayout.HistogramEdges;
        var v = new float[rows * columns];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = random.Next(10) switch
            {
                0 or 1 or 2 => 0f,
                3 => -random.NextSingle(),
                4 => edges[random.Next(edges.Length)],
                5 => random.Next(2) == 0 ? MathF.BitIncrement(edges[random.Next(edges.Length)]) : MathF.BitDecrement(edges[random.Next(edges.Length)]),
                6 => new[] { 0.5f, 1f, 2f, 3.25f }[random.Next(4)],
                7 => random.Next(3) == 0 ? 1e-5f * random.NextSingle() + 1e-7f : 5000f * (1 + random.NextSingle()),
                _ => MathF.Pow(10, -3.5f + 7f * random.NextSingle()),
            };
        }
        return v;
    }

    public static byte[] Bytes(FeatureIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }
}

/// <summary>The index computed the obvious way from the full dense activation matrix.</summary>
internal sealed class BruteForceIndex
{
    public BruteForceIndex(float[] dense, int rows, int features, int rowOffset, int k, int bands, int m)
    {
        Count = new long[features];
        Max = new float[features];
        Sum = new double[features];
        Histogram = new int[features, IndexLayout.HistogramBins];
        Top = new List<(int Row, float Act)>[features];
        Samples = new List<(int Row, float Act)>[features, bands];
        BandTop = new int[features];
        for (int j = 0; j < features; j++)
        {
            var firing = new List<(int Row, float Act)>();
            for (int r = 0; r < rows; r++)
            {
                float a = dense[r * features + j];
                if (a > 0)
                    firing.Add((rowOffset + r, a));
            }
            Count[j] = firing.Count;
            Max[j] = firing.Count == 0 ? 0 : firing.Max(x => x.Act);
            Sum[j] = firing.Sum(x => (double)x.Act);
            foreach (var (_, a) in firing)
                Histogram[j, Bin(a)]++;
            Top[j] = firing.OrderByDescending(x => x.Act).ThenBy(x => x.Row).Take(k).ToList();
            BandTop[j] = firing.Count == 0 ? -1 : Bin(Max[j]);
            for (int b = 0; b < bands; b++)
            {
                int band = b;
                Samples[j, b] = firing
                    .Where(x => Math.Min(BandTop[j] - Bin(x.Act), bands - 1) == band)
                    .OrderBy(x => IndexLayout.SampleHash(x.Row, j)).ThenBy(x => x.Row)
                    .Take(m).ToList();
            }
        }
    }

    public long[] Count { get; }
    public float[] Max { get; }
    public double[] Sum { get; }
    public int[,] Histogram { get; }
    public List<(int Row, float Act)>[] Top { get; }
    public List<(int Row, float Act)>[,] Samples { get; }
    public int[] BandTop { get; }

    /// <summary>Independent binning: a linear scan over the documented edges 10^(-3 + 0.15k).</summary>
    public static int Bin(float a)
    {
        int bin = 0;
        for (int k = 0; k <= 40; k++)
        {
            float edge = (float)Math.Pow(10, -3 + 6.0 * k / 40);
            if (a >= edge)
                bin = k + 1;
        }
        return bin;
    }
}
