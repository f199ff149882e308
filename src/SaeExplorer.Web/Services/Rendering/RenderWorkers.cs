using System.Collections.Concurrent;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>The app's render workers, one per device (<see cref="Core.Rendering.IRenderer.Device"/>), started on first use
/// and stopped at shutdown.</summary>
public sealed class RenderWorkers(RenderOptions options, TimeProvider time, ILoggerFactory logs) : IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RenderWorker>> _workers = new(StringComparer.Ordinal);

    public RenderWorker For(string device) =>
        _workers.GetOrAdd(device, d => new Lazy<RenderWorker>(() => new RenderWorker(d, options, time, logs.CreateLogger<RenderWorker>()))).Value;

    /// <summary>The workers started so far (a device no render has asked for has none).</summary>
    public IReadOnlyList<RenderWorker> Started => [.. _workers.Values.Where(w => w.IsValueCreated).Select(w => w.Value)];

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values.Where(w => w.IsValueCreated))
            await worker.Value.DisposeAsync().ConfigureAwait(false);
        _workers.Clear();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
