using System.Numerics.Tensors;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// What DDPM and DDIM share: the noise schedule, diffusers' "leading" timestep spacing with
/// steps_offset 1, and forward noising for img2img. Steps work in place on float latents: each is a
/// few vectorised multiply-adds with coefficients worked out in double (latents and eps are float
/// already, so double element math would buy nothing and cost ~100x at 16,384 values a step).
/// A scheduler holds per-render state (timesteps, a scratch buffer): one per render, not shared across threads.
/// </summary>
public abstract class DiffusionScheduler
{
    public const int StepsOffset = 1;

    private int[] _timesteps = [];
    private float[] _scratch = [];

    protected DiffusionScheduler(bool clipSample) => ClipSample = clipSample;

    /// <summary>Clamp the predicted x0 to [-1, 1] (diffusers' clip_sample). Kandinsky 2.2's decoder config has it off.</summary>
    public bool ClipSample { get; }

    /// <summary>The sampling timesteps, highest first; empty until <see cref="SetTimesteps"/>.</summary>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <summary>r = 1000 / N (integer division): the gap between consecutive timesteps.</summary>
    public int StepRatio { get; private set; }

    /// <summary>abar used after the last step, where t - r &lt; 0.</summary>
    protected abstract double FinalAlphaBar { get; }

    public static DiffusionScheduler Create(SchedulerKind kind, bool clipSample = false) => kind switch
    {
        SchedulerKind.Ddpm => new DdpmScheduler(clipSample),
        SchedulerKind.Ddim => new DdimScheduler(clipSample),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scheduler."),
    };

    /// <summary>"leading" spacing: r = 1000 / N, t_i = (N - 1 - i) * r + 1 (diffusers, steps_offset 1).</summary>
    public void SetTimesteps(int steps)
    {
        if (steps < 1 || steps > NoiseSchedule.TrainSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Inference steps must be in 1..{NoiseSchedule.TrainSteps}.");
        StepRatio = NoiseSchedule.TrainSteps / steps;
        _timesteps = new int[steps];
        for (int i = 0; i < steps; i++)
            _timesteps[i] = (steps - 1 - i) * StepRatio + StepsOffset;
    }

    /// <summary>Whether <see cref="Step"/> at <paramref name="t"/> reads a noise sample (so callers draw one only then).</summary>
    public abstract bool NeedsNoise(int t);

    /// <summary>
    /// One reverse step from timestep <paramref name="t"/> to t - r, in place on <paramref name="x"/>, given the
    /// predicted noise <paramref name="eps"/> and a standard normal sample <paramref name="noise"/> (read only when
    /// <see cref="NeedsNoise"/> says so; may be empty otherwise).
    /// </summary>
    public abstract void Step(ReadOnlySpan<float> eps, int t, Span<float> x, ReadOnlySpan<float> noise);

    /// <summary>q(x_t | x_0): sqrt(abar_t) x0 + sqrt(1 - abar_t) noise (diffusers' add_noise), for img2img.</summary>
    public static void AddNoise(ReadOnlySpan<float> x0, ReadOnlySpan<float> noise, int t, Span<float> xt)
    {
        RequireSameLength(x0.Length, noise.Length, nameof(noise));
        RequireSameLength(x0.Length, xt.Length, nameof(xt));
        double abar = NoiseSchedule.AlphaBar(t);
        TensorPrimitives.Multiply(noise, (float)Math.Sqrt(1 - abar), xt);
        TensorPrimitives.MultiplyAdd(x0, (float)Math.Sqrt(abar), xt, xt);
    }

    /// <summary>abar at t and at the step's target t - r (<see cref="FinalAlphaBar"/> below zero).</summary>
    protected (double AlphaBar, double AlphaBarPrev) AlphaBars(int t)
    {
        if (StepRatio == 0)
            throw new InvalidOperationException("Call SetTimesteps before stepping.");
        int prev = t - StepRatio;
        return (NoiseSchedule.AlphaBar(t), prev >= 0 ? NoiseSchedule.AlphaBar(prev) : FinalAlphaBar);
    }

    /// <summary>
    /// x0 = (x - sqrt(1 - abar) eps) / sqrt(abar), clamped to [-1, 1] when <paramref name="clip"/>, in a buffer the
    /// scheduler keeps (valid until the next call).
    /// </summary>
    protected ReadOnlySpan<float> PredictOriginal(ReadOnlySpan<float> x, ReadOnlySpan<float> eps, double alphaBar, bool clip)
    {
        if (_scratch.Length < x.Length)
            _scratch = new float[x.Length];
        Span<float> x0 = _scratch.AsSpan(0, x.Length);
        TensorPrimitives.Multiply(eps, (float)-Math.Sqrt((1 - alphaBar) / alphaBar), x0);
        TensorPrimitives.MultiplyAdd(x, (float)(1 / Math.Sqrt(alphaBar)), x0, x0);
        if (clip)
        {
            TensorPrimitives.Min(x0, 1f, x0);
            TensorPrimitives.Max(x0, -1f, x0);
        }
        return x0;
    }

    protected static void RequireSameLength(int expected, int actual, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"'{name}' has {actual} values; the latents have {expected}.", name);
    }
}
