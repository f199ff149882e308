using System.Text.Json;
using SaeExplorer.Web.Services.Live;
using StackExchange.Redis;

namespace SaeExplorer.Web.Services.ScaleOut;

/// <summary>
/// Presence across instances in Redis: one hash per topic ("saex:presence:{topic}"), one field per instance holding its
/// entries as JSON. An instance counts only while its heartbeat key ("saex:alive:{instance}", <see cref="PresenceHeartbeat"/>)
/// lives, so the entries of an instance that died stop showing within <see cref="PresenceHeartbeat.AliveFor"/>.
/// </summary>
public sealed class RedisPresenceShare(RedisConnection redis) : IPresenceShare
{
    /// <summary>A topic's hash outlives its last write by this much (every heartbeat writes again).</summary>
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(2);

    public static RedisKey AliveKey(string instance) => $"{RedisConnection.Prefix}alive:{instance}";

    private static RedisKey TopicKey(string topic) => $"{RedisConnection.Prefix}presence:{topic}";

    public Task WriteAsync(string topic, IReadOnlyList<PresenceEntry> entries)
    {
        var db = redis.Database();
        if (entries.Count == 0) return db.HashDeleteAsync(TopicKey(topic), redis.InstanceId);
        var batch = db.CreateBatch();
        var set = batch.HashSetAsync(TopicKey(topic), redis.InstanceId, JsonSerializer.Serialize(entries));
        var expire = batch.KeyExpireAsync(TopicKey(topic), KeepFor);
        batch.Execute();
        return Task.WhenAll(set, expire);
    }

    public async Task<IReadOnlyList<PresenceEntry>> OthersAsync(string topic, CancellationToken ct)
    {
        var db = redis.Database();
        var fields = (await db.HashGetAllAsync(TopicKey(topic))).Where(f => f.Name != redis.InstanceId).ToList();
        if (fields.Count == 0) return [];
        var alive = await Task.WhenAll(fields.Select(f => db.KeyExistsAsync(AliveKey(f.Name!))));
        return [.. fields.Where((_, i) => alive[i]).SelectMany(f => JsonSerializer.Deserialize<PresenceEntry[]>(f.Value.ToString()) ?? [])];
    }
}
