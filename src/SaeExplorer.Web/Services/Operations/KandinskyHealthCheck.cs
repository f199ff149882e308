using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Core.Rendering.Kandinsky;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// With Render:Renderer kandinsky, its graph files are set and there (not opened: the UNet alone is gigabytes).
/// Degraded when one is not, since renders then fall back to nearest corpus images; healthy and saying so when the
/// renderer is retrieval.
/// </summary>
public sealed class KandinskyHealthCheck(RenderOptions render, KandinskyOptions kandinsky) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (render.Renderer != RenderOptions.Kandinsky)
            return Task.FromResult(HealthCheckResult.Healthy($"not configured: Render:Renderer is {render.Renderer}"));
        var files = new (string Key, string? Path, bool Required)[]
        {
            (nameof(KandinskyOptions.UnetPath), kandinsky.UnetPath, true),
            (nameof(KandinskyOptions.MovqDecoderPath), kandinsky.MovqDecoderPath, true),
            (nameof(KandinskyOptions.MovqEncoderPath), kandinsky.MovqEncoderPath, false),
        };
        var problems = files.Select(f => string.IsNullOrWhiteSpace(f.Path)
                ? f.Required ? $"{KandinskyOptions.Key(f.Key)} is not set" : null
                : File.Exists(f.Path) ? null : $"{KandinskyOptions.Key(f.Key)} {f.Path} is missing")
            .OfType<string>().ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("the Kandinsky graph files are there")
            : HealthCheckResult.Degraded($"{string.Join("; ", problems)}: renders fall back to nearest corpus images"));
    }
}
