using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.ML.OnnxRuntime;
using SaeExplorer.Web.Services.Encoders;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// The configured image encoder's model file is there and opens, with the inputs and outputs its preset names (the
/// shared session, opened once; no image is encoded). Degraded when not: pages still browse, uploads and imports fail.
/// </summary>
public sealed class EncoderHealthCheck(EncoderCache encoders) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var space = encoders.Configured().Space;
            return Task.FromResult(HealthCheckResult.Healthy($"{space.Preset} from {space.Model}: {space.Dimension}-d, {space.Fingerprint}"));
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or ArgumentException or OnnxRuntimeException)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"the image encoder does not open: {e.Message}"));
        }
    }
}
