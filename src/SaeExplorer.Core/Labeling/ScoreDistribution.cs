namespace SaeExplorer.Core.Labeling;

/// <summary>
/// The spread of defined held-out AUROCs: deciles (the 0th to 100th percentile in steps of 10, linear between order
/// statistics as numpy's default) and a 10-bin histogram over [0, 1] (bin b holds [b/10, (b+1)/10), the last one 1.0 too).
/// </summary>
public sealed record ScoreDistribution(int Count, double? Mean, double[] Deciles, int[] Histogram)
{
    public const int Bins = 10;

    public static ScoreDistribution Of(IEnumerable<double> scores)
    {
        var sorted = scores.Order().ToArray();
        var histogram = new int[Bins];
        foreach (var s in sorted) histogram[Math.Clamp((int)Math.Floor(s * Bins), 0, Bins - 1)]++;
        if (sorted.Length == 0) return new ScoreDistribution(0, null, [], histogram);
        var deciles = Enumerable.Range(0, 11).Select(q => Percentile(sorted, q / 10.0)).ToArray();
        return new ScoreDistribution(sorted.Length, sorted.Average(), deciles, histogram);
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
