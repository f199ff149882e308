namespace SaeExplorer.Web.Services.Live;

/// <summary>Someone on a page: their name (or "guest ...") and whether they are viewing or labelling.</summary>
public sealed record PresenceEntry(string SessionId, string Name, string Activity);

/// <summary>
/// Who is on which page now (singleton). Entries come from <see cref="PresenceSession"/>s (one per circuit) and
/// leave when the page or the circuit is disposed; every change publishes "presence/{topic}". With several instances
/// (<see cref="IPresenceShare"/>) each one writes its own entries where the others read them, before it publishes.
/// </summary>
public sealed class Presence(LiveUpdates live, ILogger<Presence> log, IPresenceShare? share = null)
{
    public const string Viewing = "viewing";
    public const string Labelling = "labelling";

    private readonly Dictionary<string, Dictionary<string, PresenceEntry>> _here = [];
    private readonly Lock _lock = new();

    public static string TopicOf(string topic) => $"presence/{topic}";

    /// <summary>Everyone on the topic's page through this instance, in name order.</summary>
    public IReadOnlyList<PresenceEntry> Here(string topic)
    {
        lock (_lock) return Snapshot(topic);
    }

    /// <summary>
    /// Everyone on the topic's page through any instance, in name order; only this instance's when the others cannot be
    /// read (the page says live updates are paused then).
    /// </summary>
    public async Task<IReadOnlyList<PresenceEntry>> EveryoneAsync(string topic, CancellationToken ct = default)
    {
        var here = Here(topic);
        if (share is null) return here;
        try
        {
            var others = await share.OthersAsync(topic, ct);
            return [.. here.Concat(others).DistinctBy(e => e.SessionId).OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "Presence on {Topic} from other instances could not be read.", topic);
            return here;
        }
    }

    /// <summary>Writes this instance's entries on every topic again (the shared copy expires unless refreshed, and is
    /// gone after the store restarts).</summary>
    public async Task ShareAllAsync()
    {
        if (share is null) return;
        List<Task> writes;
        lock (_lock) writes = [.. _here.Keys.Select(topic => Share(topic)!)];
        await Task.WhenAll(writes);
    }

    internal void Set(string topic, PresenceEntry entry)
    {
        Task? write;
        lock (_lock)
        {
            if (!_here.TryGetValue(topic, out var entries)) _here[topic] = entries = [];
            if (entries.TryGetValue(entry.SessionId, out var old) && old == entry) return;
            entries[entry.SessionId] = entry;
            write = Share(topic); // issued under the lock, so writes reach the store in order
        }
        _ = PublishAfterAsync(write, topic);
    }

    internal void Remove(string topic, string sessionId)
    {
        Task? write;
        lock (_lock)
        {
            if (!_here.TryGetValue(topic, out var entries) || !entries.Remove(sessionId)) return;
            if (entries.Count == 0) _here.Remove(topic);
            write = Share(topic);
        }
        _ = PublishAfterAsync(write, topic);
    }

    /// <summary>Starts writing the topic's entries to the share; a store that refuses at once (gone) gives a failed task.</summary>
    private Task? Share(string topic)
    {
        if (share is null) return null;
        try
        {
            return share.WriteAsync(topic, Snapshot(topic));
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private List<PresenceEntry> Snapshot(string topic) =>
        _here.TryGetValue(topic, out var entries) ? [.. entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal)] : [];

    /// <summary>Publishes once the shared copy is written, so another instance that hears the notice reads the change.</summary>
    private async Task PublishAfterAsync(Task? write, string topic)
    {
        try
        {
            if (write is not null) await write;
        }
        catch (Exception e)
        {
            log.LogDebug(e, "Presence on {Topic} could not be shared; this instance's pages still hear it.", topic);
        }
        live.Publish(TopicOf(topic));
    }
}
