using System.Numerics.Tensors;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// diffusers' DDPMScheduler.step with variance_type "fixed_small" and epsilon prediction (the
/// kandinsky-2-2-decoder config): the posterior mean of q(x_{t-r} | x_t, x0) plus its standard
/// deviation times fresh noise, for every t &gt; 0. beta_t here is the strided one, 1 - abar_t / abar_prev,
/// as diffusers computes it.
/// </summary>
public sealed class DdpmScheduler(bool clipSample = false) : DiffusionScheduler(clipSample)
{
    // diffusers' DDPM uses self.one = 1.0 as abar before the first training step.
    protected override double FinalAlphaBar => 1.0;

    public override bool NeedsNoise(int t) => t > 0;

    /// <summary>(1 - abar_prev) / (1 - abar_t) * beta_t, floored at 1e-20 (diffusers' _get_variance).</summary>
    public double Variance(int t)
    {
        (double abar, double abarPrev) = AlphaBars(t);
        double beta = 1 - abar / abarPrev;
        return Math.Max((1 - abarPrev) / (1 - abar) * beta, 1e-20);
    }

    public override void Step(ReadOnlySpan<float> eps, int t, Span<float> x, ReadOnlySpan<float> noise)
    {
        RequireSameLength(x.Length, eps.Length, nameof(eps));
        bool noisy = NeedsNoise(t);
        if (noisy)
            RequireSameLength(x.Length, noise.Length, nameof(noise));
        (double abar, double abarPrev) = AlphaBars(t);
        double alpha = abar / abarPrev, beta = 1 - alpha;
        double x0Coefficient = Math.Sqrt(abarPrev) * beta / (1 - abar);
        double xCoefficient = Math.Sqrt(alpha) * (1 - abarPrev) / (1 - abar);
        ReadOnlySpan<float> x0 = PredictOriginal(x, eps, abar, ClipSample);
        TensorPrimitives.Multiply(x, (float)xCoefficient, x);
        TensorPrimitives.MultiplyAdd(x0, (float)x0Coefficient, x, x);
        if (noisy)
            TensorPrimitives.MultiplyAdd(noise, (float)Math.Sqrt(Variance(t)), x, x);
    }
}
