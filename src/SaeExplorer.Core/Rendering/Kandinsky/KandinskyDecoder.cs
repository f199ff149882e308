using SaeExplorer.Core.Encoders;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// Kandinsky 2.2's decoder (diffusers' KandinskyV22Pipeline and its img2img twin) over exported ONNX
/// graphs: Gaussian latents (or an encoded picture, noised or DDIM-inverted), the UNet with
/// classifier-free guidance stepped by DDPM or DDIM, and the MoVQ decoder. Renders are serialised.
/// </summary>
public sealed class KandinskyDecoder : IDisposable
{
    private readonly OnnxGraph _unet;
    private readonly OnnxGraph _movqDecoder;
    private readonly OnnxGraph? _movqEncoder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private KandinskyDecoder(KandinskyOptions options, OnnxGraph unet, OnnxGraph movqDecoder, OnnxGraph? movqEncoder)
    {
        Options = options;
        _unet = unet;
        _movqDecoder = movqDecoder;
        _movqEncoder = movqEncoder;
    }

    public KandinskyOptions Options { get; }

    /// <summary>Where the UNet runs: "CUDAExecutionProvider" or "CPUExecutionProvider".</summary>
    public string ExecutionProvider => _unet.ExecutionProvider;

    /// <summary>Whether img2img and inversion are available (a MoVQ encoder was configured).</summary>
    public bool CanStartFromImage => _movqEncoder is not null;

    /// <summary>
    /// Opens the configured graphs. When CUDA is unavailable the UNet falls back to CPU with one log line
    /// and the MoVQ graphs go straight to CPU.
    /// </summary>
    /// <exception cref="InvalidOperationException">A path is not set, a file does not load, or a graph's tensors do not fit.</exception>
    /// <exception cref="FileNotFoundException">A configured file does not exist; the message names it and its key.</exception>
    public static KandinskyDecoder Open(KandinskyOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var device = new OnnxDeviceSettings(options.Device, options.IntraOpThreads, KandinskyOptions.Key(nameof(KandinskyOptions.Device)));
        var opened = new List<OnnxGraph>();
        try
        {
            OnnxGraph unet = Track(opened, OnnxGraph.Open(KandinskyGraphs.Unet, options.UnetPath, device, log));
            if (unet.ExecutionProvider == OnnxSessionFactory.CpuProvider)
                device = device with { Device = "cpu" };
            OnnxGraph decoder = Track(opened, OnnxGraph.Open(KandinskyGraphs.MovqDecoder, options.MovqDecoderPath, device, log));
            OnnxGraph? encoder = string.IsNullOrWhiteSpace(options.MovqEncoderPath)
                ? null
                : Track(opened, OnnxGraph.Open(KandinskyGraphs.MovqEncoder, options.MovqEncoderPath, device, log));
            return new KandinskyDecoder(options, unet, decoder, encoder);
        }
        catch
        {
            foreach (OnnxGraph graph in opened)
                graph.Dispose();
            throw;
        }
    }

    /// <summary>The request with defaults and caps applied; throws what <see cref="Render"/> would throw for it.</summary>
    public KandinskyPlan Plan(KandinskyRequest request) => KandinskyPlan.For(request, Options, CanStartFromImage);

    /// <summary>Renders one picture of the request's Width x Height.</summary>
    /// <param name="progress">Told after each UNet evaluation (step i of N), on the rendering thread.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; checked before every step.</exception>
    public Image<Rgb24> Render(KandinskyRequest request, IProgress<KandinskyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        KandinskyPlan plan = Plan(request);
        return Serialised(cancellationToken,
            () => Decode(Denoise(request, plan, progress, cancellationToken), plan.LatentHeight, plan.LatentWidth));
    }

    /// <summary>The final latents [4, h, w] of a render, before the MoVQ decoder (tests and benchmarks follow the loop with them).</summary>
    internal float[] RenderLatents(KandinskyRequest request, IProgress<KandinskyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        KandinskyPlan plan = Plan(request);
        return Serialised(cancellationToken, () => Denoise(request, plan, progress, cancellationToken));
    }

    private T Serialised<T>(CancellationToken cancellationToken, Func<T> work)
    {
        _gate.Wait(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work();
        }
        finally
        {
            _gate.Release();
        }
    }

    // Noise comes in a fixed order from one GaussianNoise(seed): the initial latents (or img2img's forward
    // noise), then, for each step whose scheduler reads noise, one sample per latent value.
    private float[] Denoise(KandinskyRequest request, KandinskyPlan plan, IProgress<KandinskyProgress>? progress, CancellationToken ct)
    {
        DiffusionScheduler scheduler = DiffusionScheduler.Create(plan.Scheduler, Options.ClipSample);
        scheduler.SetTimesteps(plan.Steps);
        var noise = new GaussianNoise(plan.Seed);
        int done = 0;
        void Report() => progress?.Report(new KandinskyProgress(++done, plan.UnetEvaluations));

        float[] x = StartLatents(request, plan, scheduler, noise, Report, ct);
        var eps = new float[x.Length];
        var z = new float[x.Length];
        using var pass = new UnetPass(_unet, plan.LatentHeight, plan.LatentWidth, request.ImageEmbedding, request.NegativeEmbedding, plan.Guidance);
        for (int i = plan.StartIndex; i < plan.Steps; i++)
        {
            ct.ThrowIfCancellationRequested();
            int t = scheduler.Timesteps[i];
            bool noisy = scheduler.NeedsNoise(t);
            // The step's noise does not depend on the UNet: draw it meanwhile (16,384 normals at 512 px cost
            // more than the rest of the loop). Only that task touches `noise` and `z` until the wait.
            Task? drawing = noisy ? Task.Run(() => noise.Fill(z)) : null;
            pass.Predict(x, t, eps);
            drawing?.Wait();
            scheduler.Step(eps, t, x, noisy ? z : default);
            Report();
        }
        return x;
    }

    // The latents at timesteps[StartIndex]: pure noise, the encoded picture noised to it (img2img), or the
    // picture walked up to it by DDIM inversion.
    private float[] StartLatents(KandinskyRequest request, KandinskyPlan plan, DiffusionScheduler scheduler,
        GaussianNoise noise, Action report, CancellationToken ct)
    {
        var x = new float[ClassifierFreeGuidance.LatentChannels * plan.LatentHeight * plan.LatentWidth];
        if (!plan.FromImage)
        {
            noise.Fill(x); // init_noise_sigma is 1 for both schedulers
            return x;
        }
        float[] x0 = Encode(request.InitImage!, plan.Width, plan.Height);
        if (!plan.Invert)
        {
            var z = new float[x.Length];
            noise.Fill(z);
            DiffusionScheduler.AddNoise(x0, z, scheduler.Timesteps[plan.StartIndex], x);
            return x;
        }

        // Unguided: guidance would amplify the eps mismatch that makes inversion approximate.
        using var inversion = new UnetPass(_unet, plan.LatentHeight, plan.LatentWidth, request.SourceEmbedding ?? request.ImageEmbedding, null, 1f);
        var ddim = (DdimScheduler)scheduler;
        var eps = new float[x.Length];
        x0.CopyTo(x, 0);
        for (int i = plan.Steps - 1; i >= plan.StartIndex; i--)
        {
            ct.ThrowIfCancellationRequested();
            inversion.Predict(x, scheduler.Timesteps[i], eps);
            ddim.Invert(eps, scheduler.Timesteps[i], x);
            report();
        }
        return x;
    }

    /// <summary>MoVQ-decodes latents [4, h, w] (no latent scaling) to a picture of 8h x 8w.</summary>
    internal Image<Rgb24> Decode(float[] latents, int height, int width)
    {
        using var binding = new GraphBinding(_movqDecoder);
        float[] input = binding.BindReal(KandinskyGraphs.MovqLatents, [1, ClassifierFreeGuidance.LatentChannels, height, width]);
        float[] image = binding.BindReal(KandinskyGraphs.MovqImage, [1, 3, 8 * height, 8 * width]);
        latents.CopyTo(input, 0);
        binding.Run();
        return LatentImages.FromTensor(image, 8 * width, 8 * height);
    }

    /// <summary>MoVQ-encodes a picture resized to <paramref name="width"/> x <paramref name="height"/> into latents [4, h/8, w/8].</summary>
    internal float[] Encode(Image<Rgb24> picture, int width, int height)
    {
        if (_movqEncoder is null)
            throw new InvalidOperationException(
                $"Starting from an image needs the MoVQ encoder: set {KandinskyOptions.Key(nameof(KandinskyOptions.MovqEncoderPath))}.");
        using var binding = new GraphBinding(_movqEncoder);
        float[] input = binding.BindReal(KandinskyGraphs.MovqImage, [1, 3, height, width]);
        float[] latents = binding.BindReal(KandinskyGraphs.MovqLatents,
            [1, ClassifierFreeGuidance.LatentChannels, KandinskyPlan.LatentSide(height), KandinskyPlan.LatentSide(width)]);
        LatentImages.ToTensor(picture, width, height, input);
        binding.Run();
        return latents;
    }

    private static OnnxGraph Track(List<OnnxGraph> opened, OnnxGraph graph)
    {
        opened.Add(graph);
        return graph;
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _unet.Dispose();
            _movqDecoder.Dispose();
            _movqEncoder?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
