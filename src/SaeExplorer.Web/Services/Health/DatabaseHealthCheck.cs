using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Data.Health;

namespace SaeExplorer.Web.Services.Health;

/// <summary>
/// The database part of the app's health: unhealthy, with the reason, while a PostgreSQL server is down or refuses
/// the login (writes are refused with 503 meanwhile), healthy again as soon as it answers, without a restart.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseHealthQueries database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await database.ProblemAsync(ct) is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy("the database answers");
}
