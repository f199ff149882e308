using SaeExplorer.Web.Services.Live;
using StackExchange.Redis;

namespace SaeExplorer.Web.Services.ScaleOut;

/// <summary>
/// Carries <see cref="LiveUpdates"/> notices between the app instances over one Redis pub/sub channel: each publish here
/// goes out tagged with this instance's id, and every other instance's comes in to this instance's pages. When Redis
/// goes the pages are told live updates are paused; when it is back they reload once and the relay goes on.
/// </summary>
public sealed class RedisLiveRelay(RedisConnection redis, LiveUpdates live, ILogger<RedisLiveRelay> log) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal(RedisConnection.Prefix + "live");

    public async Task StartAsync(CancellationToken ct)
    {
        redis.Lost += OnLost;
        redis.Restored += live.Resume;
        live.Sent += Send;
        var subscriber = redis.Multiplexer.GetSubscriber();
        try
        {
            // The client keeps this subscription and subscribes again after every reconnection.
            await subscriber.SubscribeAsync(Channel, (_, message) => Receive(message));
        }
        catch (RedisException e)
        {
            log.LogWarning("Subscribing to {Channel} failed ({Message}); the client subscribes when Redis answers.", Channel, e.Message);
        }
        if (redis.Problem is { } problem) live.Pause(problem);
    }

    public Task StopAsync(CancellationToken ct)
    {
        live.Sent -= Send;
        redis.Lost -= OnLost;
        redis.Restored -= live.Resume;
        return Task.CompletedTask;
    }

    private void OnLost() => live.Pause(redis.Problem ?? $"Redis at {redis.Endpoint} is unreachable");

    private void Send(string topic)
    {
        if (!redis.IsConnected) return; // paused: the other instances' pages reload when it is back
        try
        {
            redis.Multiplexer.GetSubscriber().Publish(Channel, $"{redis.InstanceId}\n{topic}", CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            log.LogDebug("Relaying {Topic} failed: {Message}", topic, e.Message); // the connection just went: Lost pauses the pages
        }
    }

    private void Receive(RedisValue message)
    {
        var text = (string?)message;
        var split = text?.IndexOf('\n') ?? -1;
        if (split < 0 || text.AsSpan(0, split).SequenceEqual(redis.InstanceId)) return; // ours, already delivered
        live.Deliver(text![(split + 1)..]);
    }
}
