namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>Renderer settings, bound from the appsettings section "Kandinsky". Model files are opened by path, never downloaded.</summary>
public sealed record KandinskyOptions : Settings.ISectionOptions, Settings.ISelfCheckingOptions
{
    public static string Section => "Kandinsky";

    /// <summary>The decoder UNet (.onnx; its external weight data stays beside it).</summary>
    public string? UnetPath { get; init; }

    /// <summary>The MoVQ decoder: latents to pixels.</summary>
    public string? MovqDecoderPath { get; init; }

    /// <summary>The MoVQ encoder: pixels to latents. Optional; img2img and inversion need it.</summary>
    public string? MovqEncoderPath { get; init; }

    /// <summary>"auto" (CUDA when available, else CPU with one log line), "cuda" or "cpu".</summary>
    public string Device { get; init; } = "auto";

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; init; }

    public int DefaultSteps { get; init; } = 50;

    /// <summary>Requests for more steps are capped here.</summary>
    public int MaxSteps { get; init; } = 100;

    public float DefaultGuidance { get; init; } = 4.0f;

    /// <summary>Requests for a larger guidance scale are capped here.</summary>
    public float MaxGuidance { get; init; } = 20.0f;

    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Ddpm;

    /// <summary>diffusers' clip_sample; off in the kandinsky-2-2-decoder scheduler config.</summary>
    public bool ClipSample { get; init; }

    /// <summary>Largest width or height in pixels; sides are multiples of 64.</summary>
    public int MaxSide { get; init; } = 768;

    public static string Key(string property) => $"{Section}:{property}";

    /// <summary>Throws when the settings contradict each other, naming the key.</summary>
    public void Validate()
    {
        if (MaxSteps < 1 || MaxSteps > NoiseSchedule.TrainSteps)
            throw new ArgumentException($"{Key(nameof(MaxSteps))} must be in 1..{NoiseSchedule.TrainSteps}, was {MaxSteps}.");
        if (DefaultSteps < 1 || DefaultSteps > MaxSteps)
            throw new ArgumentException($"{Key(nameof(DefaultSteps))} must be in 1..{Key(nameof(MaxSteps))} ({MaxSteps}), was {DefaultSteps}.");
        if (!(MaxGuidance >= 0) || float.IsInfinity(MaxGuidance))
            throw new ArgumentException($"{Key(nameof(MaxGuidance))} must be a finite number >= 0, was {MaxGuidance}.");
        if (!(DefaultGuidance >= 0) || DefaultGuidance > MaxGuidance)
            throw new ArgumentException($"{Key(nameof(DefaultGuidance))} must be in 0..{Key(nameof(MaxGuidance))} ({MaxGuidance}), was {DefaultGuidance}.");
        if (MaxSide < KandinskyPlan.SideMultiple || MaxSide % KandinskyPlan.SideMultiple != 0)
            throw new ArgumentException($"{Key(nameof(MaxSide))} must be a positive multiple of {KandinskyPlan.SideMultiple}, was {MaxSide}.");
        if (!Enum.IsDefined(Scheduler))
            throw new ArgumentException($"{Key(nameof(Scheduler))} must be ddpm or ddim, was {Scheduler}.");
    }
}
