using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Core.Rendering.Kandinsky;
using SaeExplorer.Web.Services.Rendering;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// With Render:Renderer kandinsky, its graph files are set and there (not opened: the UNet alone is gigabytes).
/// Degraded when one is not, since renders then fall back to nearest corpus images; healthy and saying so when the
/// renderer is retrieval. The missing files' paths are the admins' detail.
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
        var unset = files.Where(f => f.Required && string.IsNullOrWhiteSpace(f.Path)).Select(f => $"{KandinskyOptions.Key(f.Key)} is not set");
        var missing = files.Where(f => !string.IsNullOrWhiteSpace(f.Path) && !File.Exists(f.Path)).ToList();
        var problems = missing.Select(f => $"{KandinskyOptions.Key(f.Key)} names a missing file").Concat(unset).ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("the Kandinsky graph files are there")
            : HealthDetail.Degraded($"{string.Join("; ", problems)}: renders fall back to nearest corpus images",
                missing.Select(f => $"{KandinskyOptions.Key(f.Key)}: {f.Path}")));
    }
}
