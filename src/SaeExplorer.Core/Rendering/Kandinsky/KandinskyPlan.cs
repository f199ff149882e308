namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// A request resolved against the options: defaults filled, steps and guidance capped, sizes and
/// embeddings checked. Rendering follows the plan; callers can show it (what was capped) before.
/// </summary>
/// <param name="StartIndex">Index into the N timesteps where sampling starts: 0 from pure noise, N - int(N * strength) from an image.</param>
public sealed record KandinskyPlan(
    int Width,
    int Height,
    int Steps,
    float Guidance,
    SchedulerKind Scheduler,
    long Seed,
    int StartIndex,
    bool FromImage,
    bool Invert)
{
    public const int SideMultiple = 64;

    /// <summary>The MoVQ works at 1/8 of the picture: latent side = ceil(pixels / 64) * 8 (diffusers' downscale_height_and_width).</summary>
    public static int LatentSide(int pixels) => (pixels + SideMultiple - 1) / SideMultiple * 8;

    public int LatentWidth => LatentSide(Width);

    public int LatentHeight => LatentSide(Height);

    /// <summary>Scheduler steps actually run after the start: N - StartIndex.</summary>
    public int DenoisingSteps => Steps - StartIndex;

    /// <summary>UNet evaluations, the unit of progress: the denoising steps, twice over with inversion.</summary>
    public int UnetEvaluations => Invert ? 2 * DenoisingSteps : DenoisingSteps;

    /// <exception cref="ArgumentException">A value that cannot be rendered; the message names it.</exception>
    /// <exception cref="InvalidOperationException">img2img asked of a renderer opened without the MoVQ encoder.</exception>
    public static KandinskyPlan For(KandinskyRequest request, KandinskyOptions options, bool hasEncoder)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        RequireEmbedding(request.ImageEmbedding, nameof(request.ImageEmbedding));
        RequireEmbedding(request.NegativeEmbedding, nameof(request.NegativeEmbedding));
        if (request.SourceEmbedding is not null)
            RequireEmbedding(request.SourceEmbedding, nameof(request.SourceEmbedding));
        RequireSide(request.Width, nameof(request.Width), options);
        RequireSide(request.Height, nameof(request.Height), options);

        int steps = request.Steps ?? options.DefaultSteps;
        if (steps < 1)
            throw new ArgumentException($"Steps must be at least 1, was {steps}.", nameof(request));
        float guidance = request.Guidance ?? options.DefaultGuidance;
        if (!(guidance >= 0) || float.IsInfinity(guidance))
            throw new ArgumentException($"Guidance must be a finite number >= 0, was {guidance}.", nameof(request));
        steps = Math.Min(steps, options.MaxSteps);
        guidance = Math.Min(guidance, options.MaxGuidance);
        SchedulerKind scheduler = request.Scheduler ?? options.Scheduler;

        int start = 0;
        if (request.InitImage is not null)
        {
            if (!hasEncoder)
                throw new InvalidOperationException(
                    $"Starting from an image needs the MoVQ encoder: set {KandinskyOptions.Key(nameof(KandinskyOptions.MovqEncoderPath))}.");
            start = ImageStartIndex(steps, request.Strength);
        }
        if (request.Invert && request.InitImage is null)
            throw new ArgumentException("Invert needs an InitImage to invert.", nameof(request));
        if (request.Invert && scheduler != SchedulerKind.Ddim)
            throw new ArgumentException(
                "Invert needs the ddim scheduler: DDPM sampling adds fresh noise, so it cannot retrace an inversion.", nameof(request));
        return new KandinskyPlan(request.Width, request.Height, steps, guidance, scheduler, request.Seed, start,
            request.InitImage is not null, request.Invert);
    }

    // diffusers' img2img get_timesteps: init = min(int(N * strength), N); start = max(N - init, 0).
    private static int ImageStartIndex(int steps, double strength)
    {
        if (!(strength > 0 && strength <= 1))
            throw new ArgumentException($"Strength must be in (0, 1], was {strength}.", nameof(strength));
        int init = Math.Min((int)(steps * strength), steps);
        if (init == 0)
            throw new ArgumentException(
                $"Strength {strength} with {steps} steps leaves no denoising step (int({steps} x {strength}) = 0); raise the strength or the steps.",
                nameof(strength));
        return steps - init;
    }

    private static void RequireEmbedding(float[] embedding, string name)
    {
        ArgumentNullException.ThrowIfNull(embedding, name);
        if (embedding.Length != KandinskyEmbeddingSpace.Dimension)
            throw new ArgumentException(
                $"{name} has {embedding.Length} values; Kandinsky 2.2 needs {KandinskyEmbeddingSpace.Dimension} (CLIP ViT-bigG/14).", name);
        int bad = Array.FindIndex(embedding, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"{name} has a non-finite value ({embedding[bad]}) at index {bad}.", name);
    }

    private static void RequireSide(int pixels, string name, KandinskyOptions options)
    {
        if (pixels < SideMultiple || pixels % SideMultiple != 0)
            throw new ArgumentException(
                $"{name} {pixels} is not a positive multiple of {SideMultiple} (the MoVQ's latent side is ceil(side / 64) * 8); use 512 or 768.", name);
        if (pixels > options.MaxSide)
            throw new ArgumentException(
                $"{name} {pixels} exceeds {KandinskyOptions.Key(nameof(KandinskyOptions.MaxSide))} ({options.MaxSide}).", name);
    }
}
