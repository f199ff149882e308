using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>The database answers one cheap query; unhealthy (503) when it does not, since no page works without it.</summary>
public sealed class DatabaseHealthCheck(WorkspaceQueries workspaces) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var count = await workspaces.CountAsync(ct);
            return HealthCheckResult.Healthy($"the database answers: {count} workspace{(count == 1 ? "" : "s")}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the database does not answer: {e.GetBaseException().Message}");
        }
    }
}
