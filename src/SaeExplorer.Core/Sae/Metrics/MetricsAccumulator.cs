namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>Streams (x, x_hat, f) rows and produces <see cref="SaeMetrics"/>; sums in double.</summary>
public sealed class MetricsAccumulator
{
    private readonly int _dIn;
    private readonly int _dSae;
    private readonly double[] _sumX;
    private readonly long[] _fired;
    private double _sumSqX, _sumSqErr, _sumCos;
    private long _active, _n;

    public MetricsAccumulator(int dIn, int dSae)
    {
        _dIn = dIn;
        _dSae = dSae;
        _sumX = new double[dIn];
        _fired = new long[dSae];
    }

    /// <summary>Adds one row: input, reconstruction and dense code.</summary>
    public void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> xHat, ReadOnlySpan<float> f)
    {
        if (x.Length != _dIn || xHat.Length != _dIn || f.Length != _dSae)
            throw new ArgumentException("row lengths do not match d_in / d_sae");
        double dot = 0, nx = 0, nh = 0;
        for (var j = 0; j < _dIn; j++)
        {
            double a = x[j], b = xHat[j], e = a - b;
            _sumSqErr += e * e;
            _sumX[j] += a;
            dot += a * b; nx += a * a; nh += b * b;
        }
        _sumSqX += nx;
        _sumCos += nx > 0 && nh > 0 ? dot / Math.Sqrt(nx * nh) : 0;
        for (var i = 0; i < _dSae; i++)
            if (f[i] != 0f) { _fired[i]++; _active++; }
        _n++;
    }

    /// <param name="denseCut">A feature is dense when active on more than this share of inputs.</param>
    /// <param name="histMin">Lowest log10 frequency edge.</param>
    /// <param name="binWidth">Width of a histogram bin in log10 units.</param>
    public SaeMetrics Result(double denseCut = 0.1, double histMin = -6, double binWidth = 0.5)
    {
        if (_n == 0) throw new InvalidOperationException("no rows added");
        // sum ||x - mean||^2 = sum ||x||^2 - N ||mean||^2
        var meanSq = _sumX.Sum(s => s * s) / _n;
        var totalVar = _sumSqX - meanSq;
        var ev = totalVar > 0 ? 1 - _sumSqErr / totalVar : double.NaN;
        var bins = (int)Math.Ceiling(-histMin / binWidth);
        var edges = Enumerable.Range(0, bins + 1).Select(i => histMin + i * binWidth).ToArray();
        var counts = new long[bins];
        long dead = 0, dense = 0;
        foreach (var c in _fired)
        {
            if (c == 0) { dead++; continue; }
            var freq = (double)c / _n;
            if (freq > denseCut) dense++;
            var b = (int)Math.Floor((Math.Log10(freq) - histMin) / binWidth);
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return new SaeMetrics(_n, ev, _sumSqErr / (_n * (double)_dIn), _sumCos / _n, (double)_active / _n,
            (double)dead / _dSae, (double)dense / _dSae, denseCut, new DensityHistogram(edges, counts, dead));
    }
}
