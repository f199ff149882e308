using System.Diagnostics;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Steering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// The generating renderer: a picture from a CLIP ViT-bigG/14 embedding through <see cref="KandinskyDecoder"/>, guided
/// against the negative embedding the caller gives (the workspace encoder's <c>EncodeZeroInput</c>). Width and height
/// default to 512, the seed to 0; steps, guidance and scheduler to the decoder's options.
/// </summary>
public sealed class KandinskyRenderer : IRenderer
{
    public const string RendererName = "kandinsky";

    /// <summary>How every reason that the generator cannot be used starts, so a page can say it.</summary>
    public const string NotConfigured = "generator not configured";

    public const int DefaultSide = 512;

    private readonly KandinskyDecoder _decoder;
    private readonly float[] _negative;

    public KandinskyRenderer(KandinskyDecoder decoder, float[] negativeEmbedding)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(negativeEmbedding);
        if (negativeEmbedding.Length != KandinskyEmbeddingSpace.Dimension)
            throw new ArgumentException(
                $"the negative embedding has {negativeEmbedding.Length} values; Kandinsky 2.2 needs {KandinskyEmbeddingSpace.Dimension}",
                nameof(negativeEmbedding));
        _decoder = decoder;
        _negative = negativeEmbedding;
        // The picture depends on the graph files and on the negative embedding (the encoder it came from).
        KandinskyOptions o = decoder.Options;
        Source = string.Join('|', Stamp(o.UnetPath), Stamp(o.MovqDecoderPath), $"clip-sample:{o.ClipSample}",
            $"negative:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(_negative.AsSpan())))}");
    }

    public string Name => RendererName;

    public string Source { get; }

    public string Device => _decoder.ExecutionProvider == OnnxSessionFactory.CudaProvider ? "gpu" : "cpu:kandinsky";

    /// <summary>Null when Kandinsky renders vectors of <paramref name="space"/>; else why not, as a "generator not configured" reason.</summary>
    public static string? Unsupported(EmbeddingSpace? space)
    {
        if (space is null)
            return $"{NotConfigured}: this workspace has no embeddings yet, so its embedding space is not known";
        return KandinskyEmbeddingSpace.Problem(space.Preset, space.Dimension) is { } problem ? $"{NotConfigured}: {problem}" : null;
    }

    /// <summary>Opens the decoder, or says why it cannot ("generator not configured: ..." naming the path or key).</summary>
    public static KandinskyDecoder? TryOpen(KandinskyOptions options, Action<string>? log, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            problem = null;
            return KandinskyDecoder.Open(options, log);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
        {
            problem = $"{NotConfigured}: {e.Message}";
            return null;
        }
    }

    public RenderParameters Resolve(RenderRequest request)
    {
        KandinskyPlan plan = _decoder.Plan(ToKandinsky(request));
        return new RenderParameters
        {
            Steps = plan.Steps, Guidance = plan.Guidance, Seed = plan.Seed, Width = plan.Width, Height = plan.Height,
            Scheduler = plan.Scheduler.ToString().ToLowerInvariant(),
        };
    }

    public Task<RenderResult> RenderAsync(RenderRequest request)
    {
        RenderParameters parameters = Resolve(request);
        KandinskyRequest job = ToKandinsky(request);
        CancellationToken ct = request.CancellationToken;
        return Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var steps = request.Progress is { } progress ? new StepProgress(progress) : null;
            using Image<Rgb24> image = _decoder.Render(job, steps, ct);
            using var png = new MemoryStream();
            image.SaveAsPng(png);
            var picture = new RenderedPicture { Width = image.Width, Height = image.Height, Png = png.ToArray() };
            return new RenderResult { Renderer = Name, Parameters = parameters, Picture = picture, Elapsed = clock.Elapsed };
        }, ct);
    }

    private KandinskyRequest ToKandinsky(RenderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Space, nameof(request.Space));
        KandinskyEmbeddingSpace.EnsureSupported(request.Space.Preset, request.Space.Dimension);
        RenderParameters p = request.Parameters;
        return new KandinskyRequest
        {
            ImageEmbedding = request.Embedding,
            NegativeEmbedding = _negative,
            Width = p.Width ?? DefaultSide,
            Height = p.Height ?? DefaultSide,
            Steps = p.Steps,
            Guidance = p.Guidance,
            Scheduler = p.Scheduler is null ? null : Scheduler(p.Scheduler),
            Seed = p.Seed ?? 0,
        };
    }

    private static SchedulerKind Scheduler(string name) => name.ToLowerInvariant() switch
    {
        "ddpm" => SchedulerKind.Ddpm,
        "ddim" => SchedulerKind.Ddim,
        _ => throw new ArgumentException($"Scheduler '{name}' is not ddpm or ddim", nameof(name)),
    };

    private static string Stamp(string? path) =>
        string.IsNullOrWhiteSpace(path) ? "-" : $"{Path.GetFullPath(path)}@{File.GetLastWriteTimeUtc(path).Ticks}";

    /// <summary>The decoder's UNet evaluations as render steps.</summary>
    private sealed class StepProgress(IProgress<RenderProgress> target) : IProgress<KandinskyProgress>
    {
        public void Report(KandinskyProgress value) => target.Report(new RenderProgress(RenderStage.Step, value.Step, value.Total));
    }
}
