namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>
/// The purity a unit gets by chance: the expected share of the most common category among <c>n</c> images drawn at
/// random, without replacement, from the scored images. Exact, by counting subsets: the number of n-subsets whose
/// categories each hold at most m of the n is the x^n coefficient of prod_c sum_{j &lt;= min(m, n_c)} C(n_c, j) x^j, and
/// E[max] = sum_{m=0}^{n-1} P(max &gt; m). A unit that fires on few images has a short top list, and a short list is
/// purer by chance (one image is always pure), so each unit is compared with the chance of its own list length.
/// </summary>
public static class PurityChance
{
    /// <param name="categoryCounts">Images per category in the pool (zeros allowed).</param>
    /// <param name="draw">Images drawn, 1 to the pool's size.</param>
    public static double Expected(IReadOnlyList<int> categoryCounts, int draw)
    {
        var total = 0L;
        foreach (var n in categoryCounts)
        {
            if (n < 0) throw new ArgumentException($"purity chance: a category count is negative ({n})");
            total += n;
        }
        if (draw < 1 || draw > total) throw new ArgumentException($"purity chance: cannot draw {draw} of {total} images");
        var subsets = Binomial(total, draw);
        var expectedMax = 0.0;
        for (var m = 0; m < draw; m++) expectedMax += 1 - SubsetsWithAtMost(categoryCounts, draw, m) / subsets;
        return expectedMax / draw;
    }

    private static double SubsetsWithAtMost(IReadOnlyList<int> counts, int draw, int most)
    {
        var poly = new double[draw + 1];
        var next = new double[draw + 1];
        poly[0] = 1;
        foreach (var n in counts)
        {
            Array.Clear(next);
            var top = Math.Min(most, n);
            for (var i = 0; i <= draw; i++)
            {
                if (poly[i] == 0) continue;
                for (var j = 0; j <= top && i + j <= draw; j++) next[i + j] += poly[i] * Binomial(n, j);
            }
            (poly, next) = (next, poly);
        }
        return poly[draw];
    }

    /// <summary>C(n, k) in floating point (k is a top-list length, so small; n up to millions stays far inside double).</summary>
    private static double Binomial(long n, int k)
    {
        if (k < 0 || k > n) return 0;
        var c = 1.0;
        for (var i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }
}
