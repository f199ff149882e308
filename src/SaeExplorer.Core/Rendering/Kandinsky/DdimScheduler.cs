using System.Numerics.Tensors;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// diffusers' DDIMScheduler.step (epsilon prediction, set_alpha_to_one true, its default) and the inverse
/// map that diffusers' DDIMInverseScheduler applies, so a real image's latents can be walked up to noise
/// and back. With eta 0 (the default) a step reads no noise.
/// </summary>
public sealed class DdimScheduler : DiffusionScheduler
{
    public DdimScheduler(bool clipSample = false, double eta = 0) : base(clipSample)
    {
        if (!(eta >= 0))
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "DDIM eta must be >= 0.");
        Eta = eta;
    }

    /// <summary>0: deterministic DDIM; 1: DDPM-like noise.</summary>
    public double Eta { get; }

    protected override double FinalAlphaBar => 1.0; // set_alpha_to_one

    public override bool NeedsNoise(int t) => Eta > 0;

    public override void Step(ReadOnlySpan<float> eps, int t, Span<float> x, ReadOnlySpan<float> noise)
    {
        RequireSameLength(x.Length, eps.Length, nameof(eps));
        if (Eta > 0)
            RequireSameLength(x.Length, noise.Length, nameof(noise));
        (double abar, double abarPrev) = AlphaBars(t);
        double variance = (1 - abarPrev) / (1 - abar) * (1 - abar / abarPrev);
        double sigma = Eta * Math.Sqrt(variance);
        ReadOnlySpan<float> x0 = PredictOriginal(x, eps, abar, ClipSample);
        TensorPrimitives.Multiply(x0, (float)Math.Sqrt(abarPrev), x);
        TensorPrimitives.MultiplyAdd(eps, (float)Math.Sqrt(1 - abarPrev - sigma * sigma), x, x);
        if (Eta > 0)
            TensorPrimitives.MultiplyAdd(noise, (float)sigma, x, x);
    }

    /// <summary>
    /// The inverse of an eta-0 step: from timestep t - r (abar_prev; the clean latents before the first
    /// timestep) up to <paramref name="t"/>, in place, with <paramref name="eps"/> predicted at (x, t) as
    /// DDIMInverseScheduler does. No clipping: inversion must not change the latents it starts from.
    /// </summary>
    public void Invert(ReadOnlySpan<float> eps, int t, Span<float> x)
    {
        RequireSameLength(x.Length, eps.Length, nameof(eps));
        (double abar, double abarFrom) = AlphaBars(t);
        ReadOnlySpan<float> x0 = PredictOriginal(x, eps, abarFrom, clip: false);
        TensorPrimitives.Multiply(eps, (float)Math.Sqrt(1 - abar), x);
        TensorPrimitives.MultiplyAdd(x0, (float)Math.Sqrt(abar), x, x);
    }
}
