namespace SaeExplorer.Core.Tests.Rendering;

/// <summary>
/// The sampler written out from the formulas (algorithms.md section 4, diffusers' DDPM and DDIM steps)
/// in double precision, and the stand-in UNet's closed form (tools/kandinsky/make_test_graphs.py), so the
/// tests can work out every expected latent without the production classes.
/// </summary>
internal static class KandinskyReference
{
    public static readonly double[] EmbedWeights = [0.5, -0.25, 1.0, 0.125];

    private static readonly double[] AlphaBars = BuildAlphaBars();

    public static double AlphaBar(int t) => AlphaBars[t];

    public static int[] Timesteps(int n) => Enumerable.Range(0, n).Select(i => (n - 1 - i) * (1000 / n) + 1).ToArray();

    /// <summary>abar at t - 1000/N, 1 below zero (DDPM's "one", DDIM's set_alpha_to_one).</summary>
    public static double AlphaBarPrev(int t, int n) => t - 1000 / n >= 0 ? AlphaBar(t - 1000 / n) : 1.0;

    /// <summary>The stand-in UNet's noise channel c: 0.1 x + 1e-4 t + K[c] mean(embedding).</summary>
    public static double StandInEps(double x, int channel, int t, double embeddingMean) =>
        0.1 * x + 1e-4 * t + EmbedWeights[channel] * embeddingMean;

    /// <summary>eps for a latent [4, plane] under guidance g ([negative, positive]) or the positive alone when g &lt;= 1.</summary>
    public static double[] GuidedEps(double[] x, int plane, int t, float[] positive, float[] negative, double g)
    {
        double meanPositive = positive.Select(v => (double)v).Average(), meanNegative = negative.Select(v => (double)v).Average();
        var eps = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int channel = i / plane;
            double conditional = StandInEps(x[i], channel, t, meanPositive);
            eps[i] = g > 1 ? StandInEps(x[i], channel, t, meanNegative) * (1 - g) + g * conditional : conditional;
        }
        return eps;
    }

    public static double PredictedX0(double x, double eps, double abar) => (x - Math.Sqrt(1 - abar) * eps) / Math.Sqrt(abar);

    /// <summary>DDPM: posterior mean of q(x_prev | x_t, x0) plus sqrt(max(variance, 1e-20)) z.</summary>
    public static double DdpmStep(double x, double eps, int t, int n, double z, bool clip = false)
    {
        double abar = AlphaBar(t), abarPrev = AlphaBarPrev(t, n);
        double alpha = abar / abarPrev, beta = 1 - alpha;
        double x0 = PredictedX0(x, eps, abar);
        if (clip)
            x0 = Math.Clamp(x0, -1, 1);
        double mean = Math.Sqrt(abarPrev) * beta / (1 - abar) * x0 + Math.Sqrt(alpha) * (1 - abarPrev) / (1 - abar) * x;
        double variance = Math.Max((1 - abarPrev) / (1 - abar) * beta, 1e-20);
        return mean + Math.Sqrt(variance) * z;
    }

    /// <summary>DDIM, eta 0: sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps.</summary>
    public static double DdimStep(double x, double eps, int t, int n)
    {
        double abarPrev = AlphaBarPrev(t, n);
        return Math.Sqrt(abarPrev) * PredictedX0(x, eps, AlphaBar(t)) + Math.Sqrt(1 - abarPrev) * eps;
    }

    /// <summary>DDIM inversion: from level t - 1000/N to t with eps predicted at (x, t).</summary>
    public static double DdimInvert(double x, double eps, int t, int n)
    {
        double abarFrom = AlphaBarPrev(t, n), abar = AlphaBar(t);
        double x0 = (x - Math.Sqrt(1 - abarFrom) * eps) / Math.Sqrt(abarFrom);
        return Math.Sqrt(abar) * x0 + Math.Sqrt(1 - abar) * eps;
    }

    private static double[] BuildAlphaBars()
    {
        var alphaBars = new double[1000];
        double product = 1;
        for (int t = 0; t < 1000; t++)
        {
            product *= 1 - (0.00085 + (0.012 - 0.00085) * t / 999.0);
            alphaBars[t] = product;
        }
        return alphaBars;
    }
}
