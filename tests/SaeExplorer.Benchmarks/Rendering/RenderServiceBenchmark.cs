using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Rendering.Retrieval;
using SaeExplorer.Core.Settings;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Benchmarks.Rendering;

/// <summary>
/// What the render service adds to a render: one request for a 1280-d embedding through a RenderSession (renderer
/// choice, defaults, the SHA-256 cache key, a cache miss, the worker's queue and thread, the outcome) on a renderer that
/// does nothing, against the baseline of calling that renderer directly; and the two cache hits (memory; disk, JSON
/// read and checked) that skip the queue. The no-op renderer answers like retrieval with 8 nearest rows, from the
/// thread pool as every renderer does.
/// </summary>
[MemoryDiagnoser]
public class RenderServiceBenchmark
{
    private const int Columns = 1280;

    private static readonly WorkspaceContext Workspace =
        new(1, "bench", "/nowhere", null, new EmbeddingSpace("clip-vit-bigg-14", "model.onnx", Columns), null, null, 0);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"saex-render-bench-{Environment.ProcessId}");
    private readonly NoOpRenderer _renderer = new();
    private readonly List<IDisposable> _owned = [];
    private RenderRequest _request = null!;
    private RenderSession _uncached = null!, _memoryHit = null!, _diskHit = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _request = new RenderRequest
        {
            Embedding = Enumerable.Range(0, Columns).Select(_ => random.NextSingle() * 2 - 1).ToArray(),
            Space = Workspace.Space!,
        };
        var unlimited = new RenderOptions { RequestsPerSecond = 100_000, Burst = 100_000 };
        _uncached = Session(unlimited with { MemoryCacheEntries = 0, CacheFolder = "" });
        _memoryHit = Session(unlimited with { CacheFolder = "" });
        _diskHit = Session(unlimited with { MemoryCacheEntries = 0 });
        // The first request of each hit session stores the entry the measured ones find.
        foreach (var session in new[] { _memoryHit, _diskHit })
            if (session.RenderAsync("slot", Workspace, _request).GetAwaiter().GetResult().Status != RenderStatus.Rendered)
                throw new InvalidOperationException("the set-up render did not render");
    }

    private RenderSession Session(RenderOptions options)
    {
        var workers = new RenderWorkers(options, TimeProvider.System, NullLoggerFactory.Instance);
        var cache = new RenderCache(options, new SaexOptions { DataDirectory = _directory }, NullLogger<RenderCache>.Instance);
        var session = new RenderSession(new Fixed(_renderer), workers, cache, options, NullLogger<RenderSession>.Instance);
        _owned.Add(session);
        _owned.Add(workers);
        return session;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _owned.ForEach(o => o.Dispose());
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "no-op renderer called directly")]
    public Task<RenderResult> Direct() => _renderer.RenderAsync(_request);

    [Benchmark(Description = "session -> worker -> result (cache off)")]
    public Task<RenderOutcome> Session() => Expect(_uncached, RenderStatus.Rendered);

    [Benchmark(Description = "session, memory cache hit")]
    public Task<RenderOutcome> MemoryHit() => Expect(_memoryHit, RenderStatus.Cached);

    [Benchmark(Description = "session, disk cache hit")]
    public Task<RenderOutcome> DiskHit() => Expect(_diskHit, RenderStatus.Cached);

    private async Task<RenderOutcome> Expect(RenderSession session, RenderStatus status)
    {
        RenderOutcome outcome = await session.RenderAsync("slot", Workspace, _request);
        return outcome.Status == status ? outcome : throw new InvalidOperationException($"expected {status}, got {outcome.Status}: {outcome.Reason}");
    }

    /// <summary>Nothing but what IRenderer asks of every renderer: the work (none) off the caller's thread.</summary>
    private sealed class NoOpRenderer : IRenderer
    {
        private static readonly RenderParameters Parameters = new() { Top = 8 };

        private static readonly RenderResult Result = new()
        {
            Renderer = RetrievalRenderer.RendererName, Parameters = Parameters,
            Nearest = Enumerable.Range(0, 8).Select(i => new RetrievalHit(i, 1f - i / 10f)).ToArray(),
        };

        public string Name => RetrievalRenderer.RendererName;

        public string Source => "no-op";

        public string Device => "cpu";

        public RenderParameters Resolve(RenderRequest request) => Parameters;

        public Task<RenderResult> RenderAsync(RenderRequest request) => Task.Run(() => Result);
    }

    private sealed class Fixed(IRenderer renderer) : IRendererSource
    {
        public ValueTask<RendererSelection> ForAsync(WorkspaceContext workspace, CancellationToken ct = default) =>
            ValueTask.FromResult(new RendererSelection(renderer));
    }
}
