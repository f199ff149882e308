namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// What DDPM and DDIM share: the noise schedule, diffusers' "leading" timestep spacing with
/// steps_offset 1, and forward noising for img2img. Steps work in place on float latents, in double.
/// </summary>
public abstract class DiffusionScheduler
{
    public const int StepsOffset = 1;

    private int[] timesteps = [];

    protected DiffusionScheduler(bool clipSample) => ClipSample = clipSample;

    /// <summary>Clamp the predicted x0 to [-1, 1] (diffusers' clip_sample). Kandinsky 2.2's decoder config has it off.</summary>
    public bool ClipSample { get; }

    /// <summary>The sampling timesteps, highest first; empty until <see cref="SetTimesteps"/>.</summary>
    public IReadOnlyList<int> Timesteps => timesteps;

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
        timesteps = new int[steps];
        for (int i = 0; i < steps; i++)
            timesteps[i] = (steps - 1 - i) * StepRatio + StepsOffset;
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
        double abar = NoiseSchedule.AlphaBar(t), signal = Math.Sqrt(abar), spread = Math.Sqrt(1 - abar);
        for (int i = 0; i < x0.Length; i++)
            xt[i] = (float)(signal * x0[i] + spread * noise[i]);
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
    /// x0 = (x - sqrt(1 - abar) eps) / sqrt(abar) = XScale x - EpsScale eps, so a step computes its square roots once.
    /// </summary>
    protected static (double XScale, double EpsScale) OriginalCoefficients(double alphaBar) =>
        (1 / Math.Sqrt(alphaBar), Math.Sqrt((1 - alphaBar) / alphaBar));

    /// <summary>The predicted x0, clamped to [-1, 1] when <see cref="ClipSample"/>.</summary>
    protected double Clip(double x0) => ClipSample ? Math.Clamp(x0, -1, 1) : x0;

    protected static void RequireSameLength(int expected, int actual, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"'{name}' has {actual} values; the latents have {expected}.", name);
    }
}
