using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Data.Providers;
using SaeExplorer.Web.Services.Accounts;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// /healthz as JSON: the overall status and, per check, its status, reason and seconds taken, for people and probes
/// alike ({"status":"Degraded","checks":{"redis":{"status":"Degraded","reason":"Redis at ... is unreachable",...}}}); to
/// admins, a check's detail too (where the files it missed are).
/// </summary>
public static class HealthReportJson
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var admin = await IsAdminAsync(context);
        var body = new
        {
            status = report.Status.ToString(),
            seconds = Math.Round(report.TotalDuration.TotalSeconds, 4),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                reason = e.Value.Description ?? e.Value.Exception?.Message,
                detail = admin ? HealthDetail.Of(e.Value) : null,
                seconds = Math.Round(e.Value.Duration.TotalSeconds, 4),
            }),
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    // The role is looked up now (as writes do); with the database down nobody is known to be an admin, and the report
    // still goes out: it is what says the database is down.
    private static async Task<bool> IsAdminAsync(HttpContext context)
    {
        if (context.User.UserId() is null) return false; // probes and visitors: nothing to look up
        try
        {
            return await context.RequestServices.GetRequiredService<AdminRole>().IsHeldByAsync(context.User, context.RequestAborted);
        }
        catch (Exception e) when (DatabaseUnavailableException.Explains(e) is not null)
        {
            return false;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
