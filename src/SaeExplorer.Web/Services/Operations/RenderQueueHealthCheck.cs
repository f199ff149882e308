using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>Each device's render queue against Render:QueueCapacity: degraded from Operations:RenderQueueDegradedAt on (new
/// renders are about to be refused, or are).</summary>
public sealed class RenderQueueHealthCheck(RenderWorkers workers, RenderOptions render, OperationsOptions operations) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var queues = workers.Started.Select(w => (w.Device, w.Queued)).OrderBy(q => q.Device, StringComparer.Ordinal).ToList();
        var text = queues.Count == 0
            ? "no render yet"
            : string.Join(", ", queues.Select(q => $"{q.Device}: {q.Queued} of {render.QueueCapacity} waiting"));
        var full = queues.Any(q => q.Queued >= operations.RenderQueueDegradedAt * render.QueueCapacity);
        return Task.FromResult(full ? HealthCheckResult.Degraded($"render queue nearly full ({text})") : HealthCheckResult.Healthy(text));
    }
}
