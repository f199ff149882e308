using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// A check's reason says what is wrong without server paths, which anyone may read on /healthz; where the files are goes
/// in its detail, which the report shows to admins only (paths on the server are for them, as on the home page).
/// </summary>
public static class HealthDetail
{
    public const string Key = "detail";

    public static HealthCheckResult Degraded(string reason, IEnumerable<string> details) =>
        HealthCheckResult.Degraded(reason, data: new Dictionary<string, object> { [Key] = string.Join("; ", details) });

    /// <summary>The detail of a check's result, if it has one.</summary>
    public static string? Of(HealthReportEntry entry) => entry.Data.TryGetValue(Key, out var detail) ? detail as string : null;
}
