using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Services.ScaleOut;

/// <summary>
/// Keeps this instance counted in shared presence: every <see cref="Every"/> (and at once when Redis comes back, which
/// may have lost everything) it renews its heartbeat key, writes its presence entries again, and has the presence bars
/// here read the others afresh, so the entries of an instance that died leave them within about <see cref="AliveFor"/>.
/// </summary>
public sealed class PresenceHeartbeat(RedisConnection redis, Presence presence, LiveUpdates live, ILogger<PresenceHeartbeat> log)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan AliveFor = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        redis.Restored += Wake;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await BeatAsync();
                await _wake.WaitAsync(Every, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            redis.Restored -= Wake;
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        if (!redis.IsConnected) return;
        try
        {
            await redis.Database().KeyDeleteAsync(RedisPresenceShare.AliveKey(redis.InstanceId)); // gone now, not in 30 s
        }
        catch (StackExchange.Redis.RedisException e)
        {
            log.LogDebug("Removing this instance's heartbeat failed: {Message}", e.Message);
        }
    }

    private void Wake() => _wake.Release();

    private async Task BeatAsync()
    {
        if (!redis.IsConnected) return;
        try
        {
            await redis.Database().StringSetAsync(RedisPresenceShare.AliveKey(redis.InstanceId), DateTimeOffset.UtcNow.ToString("O"), AliveFor);
            await presence.ShareAllAsync();
        }
        catch (StackExchange.Redis.RedisException e)
        {
            log.LogDebug("Presence heartbeat failed: {Message}", e.Message);
            return;
        }
        foreach (var topic in live.Topics(Presence.TopicOf(""))) live.Deliver(topic);
    }
}
