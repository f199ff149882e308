using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>What operators scrape and read, bound from the appsettings section "Operations".</summary>
public sealed record OperationsOptions : ISectionOptions
{
    public static string Section => "Operations";

    /// <summary>Path of the Prometheus scrape endpoint (OpenTelemetry metrics); empty turns metrics off.</summary>
    [RegularExpression("^(/[A-Za-z0-9._~/-]*)?$", ErrorMessage = "must be empty (metrics off) or a path such as /metrics")]
    public string MetricsPath { get; init; } = "/metrics";

    /// <summary>Share of a device's render queue (Render:QueueCapacity) at which the health report says degraded.</summary>
    [Range(0.01, 1.0)]
    public double RenderQueueDegradedAt { get; init; } = 0.8;
}
