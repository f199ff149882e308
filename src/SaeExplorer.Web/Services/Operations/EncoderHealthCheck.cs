using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.ML.OnnxRuntime;
using SaeExplorer.Web.Services.Encoders;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// The configured image encoder's model file is there and opens, with the inputs and outputs its preset names (the
/// shared session, opened once; no image is encoded). Degraded when not: pages still browse, uploads and imports fail.
/// The model's file name is shown to anyone; the full message, which names server paths, is the admins' detail.
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
            var why = e switch
            {
                FileNotFoundException => "its model file (Encoder:ModelPath) is missing",
                OnnxRuntimeException => "ONNX Runtime cannot open its model",
                _ => "its settings or its model do not fit its preset",
            };
            return Task.FromResult(HealthDetail.Degraded($"the image encoder does not open: {why}", [e.Message]));
        }
    }
}
