namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// The training noise schedule of Kandinsky 2.2's decoder (diffusers' scheduler config for
/// kandinsky-2-2-decoder): 1000 steps, betas spaced linearly from 0.00085 to 0.012 ("linear", not
/// "scaled_linear"), alpha-bar the running product of 1 - beta. diffusers keeps these in float32;
/// here they are double, which moves coefficients by ~1e-7 relative.
/// </summary>
public static class NoiseSchedule
{
    public const int TrainSteps = 1000;
    public const double BetaStart = 0.00085;
    public const double BetaEnd = 0.012;

    private static readonly double[] AlphaBars = Build();

    /// <summary>abar_t = prod_{s &lt;= t} (1 - beta_s), for 0 &lt;= t &lt; 1000.</summary>
    public static double AlphaBar(int t)
    {
        if ((uint)t >= TrainSteps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Timestep must be in 0..{TrainSteps - 1}.");
        return AlphaBars[t];
    }

    private static double[] Build()
    {
        var alphaBars = new double[TrainSteps];
        double product = 1;
        for (int t = 0; t < TrainSteps; t++)
        {
            double beta = BetaStart + (BetaEnd - BetaStart) * t / (TrainSteps - 1); // torch.linspace
            product *= 1 - beta;
            alphaBars[t] = product;
        }
        return alphaBars;
    }
}
