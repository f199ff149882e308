using System.Threading.Channels;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Tests.Rendering;

/// <summary>
/// A renderer the test drives: each render is identified by its embedding's first value, announces itself on
/// <see cref="Started"/>, reports two steps, and (when <see cref="Gated"/>) waits until the test finishes it. It
/// counts its calls and remembers which ones saw their token fire.
/// </summary>
internal sealed class FakeRenderer(string device = "fake", bool gated = false) : IRenderer
{
    public static readonly EmbeddingSpace Space = new("resnet18", "ResNet18.onnx", 2);

    private readonly Channel<FakeRender> _started = Channel.CreateUnbounded<FakeRender>();
    private int _calls;

    public string Name => "fake";

    public string Source => "fake-source";

    public string Device => device;

    public bool Gated => gated;

    /// <summary>Renders that reached the renderer, in order.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Thrown by the next renders instead of a result.</summary>
    public Exception? Failure { get; set; }

    public static RenderRequest Request(float id, long? seed = null) =>
        new() { Embedding = [id, 1], Space = Space, Parameters = new RenderParameters { Seed = seed } };

    public RenderParameters Resolve(RenderRequest request) =>
        request.Embedding[0] < 0 ? throw new ArgumentException($"id {request.Embedding[0]} is negative") : new RenderParameters { Seed = request.Parameters.Seed };

    /// <summary>The next render that starts (a timeout fails the test rather than hanging it).</summary>
    public async Task<FakeRender> NextStartAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>True when no render is waiting to be read from <see cref="NextStartAsync"/>.</summary>
    public bool NoneStarted => !_started.Reader.TryPeek(out _);

    public async Task<RenderResult> RenderAsync(RenderRequest request)
    {
        Interlocked.Increment(ref _calls);
        var render = new FakeRender(request);
        _started.Writer.TryWrite(render);
        request.Progress?.Report(new RenderProgress(RenderStage.Step, 1, 2));
        try
        {
            if (gated) await render.Finished.Task.WaitAsync(request.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            render.SawCancellation = true;
            throw;
        }
        if (Failure is { } failure) throw failure;
        request.Progress?.Report(new RenderProgress(RenderStage.Step, 2, 2));
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', (byte)request.Embedding[0]];
        return new RenderResult
        {
            Renderer = Name, Parameters = Resolve(request), Elapsed = TimeSpan.FromMilliseconds(3),
            Picture = new RenderedPicture { Width = 1, Height = 1, Png = png },
        };
    }
}

/// <summary>Always the one renderer, with a note (the fallback's reason) or none.</summary>
internal sealed class FixedRendererSource(IRenderer renderer, string? note = null) : IRendererSource
{
    public ValueTask<RendererSelection> ForAsync(WorkspaceContext workspace, CancellationToken ct = default) =>
        ValueTask.FromResult(new RendererSelection(renderer, note));
}

internal sealed class FakeRender(RenderRequest request)
{
    public RenderRequest Request { get; } = request;

    public float Id => Request.Embedding[0];

    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SawCancellation { get; set; }

    public void Finish() => Finished.TrySetResult();
}

/// <summary>A clock the test moves by hand (the rate limit's).</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Records progress synchronously, in the order it is told.</summary>
internal sealed class ProgressLog : IProgress<RenderProgress>
{
    private readonly List<RenderProgress> _events = [];

    public IReadOnlyList<RenderProgress> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public IReadOnlyList<RenderStage> Stages => Events.Select(e => e.Stage).ToList();

    public void Report(RenderProgress value)
    {
        lock (_events) _events.Add(value);
    }
}
