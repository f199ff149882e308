using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// /healthz as JSON: the overall status and, per check, its status, reason and seconds taken, for people and probes
/// alike ({"status":"Degraded","checks":{"redis":{"status":"Degraded","reason":"Redis at ... is unreachable",...}}}).
/// </summary>
public static class HealthReportJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            seconds = Math.Round(report.TotalDuration.TotalSeconds, 4),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                reason = e.Value.Description ?? e.Value.Exception?.Message,
                seconds = Math.Round(e.Value.Duration.TotalSeconds, 4),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
