using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaeExplorer.Web.Services.ScaleOut;
using StackExchange.Redis;

namespace SaeExplorer.Web.Services.Operations;

/// <summary>
/// Redis (Saex:Redis) answers a PING. Degraded, with the reason, while it does not: this instance still serves pages and
/// saves every write, but live updates and presence from the other instances are paused until it is back.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (redis.Problem is { } problem) return Degraded(problem);
        try
        {
            var latency = await redis.Database().PingAsync();
            return HealthCheckResult.Healthy($"Redis at {redis.Endpoint} answers in {latency.TotalMilliseconds:0.#} ms (instance {redis.InstanceId})");
        }
        catch (RedisException e)
        {
            return Degraded($"Redis at {redis.Endpoint} does not answer: {e.Message}");
        }
    }

    private static HealthCheckResult Degraded(string problem) =>
        HealthCheckResult.Degraded($"{problem}: live updates from other instances are paused, writes are saved");
}
