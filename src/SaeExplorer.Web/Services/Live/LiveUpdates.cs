using SaeExplorer.Data.Labels;

namespace SaeExplorer.Web.Services.Live;

/// <summary>
/// Change notices by topic ("feature/3/17", "group/{slug}", "list/{slug}", "presence/..."): every label, vote, comment
/// and list write publishes its topic and each subscribed page reloads (InvokeAsync + StateHasChanged). A publish reaches
/// this instance's pages at once and goes out through <see cref="Sent"/> to a relay (Redis pub/sub when Saex:Redis is
/// set), which brings other instances' notices back in through <see cref="Deliver"/>. While the relay is cut off the
/// notices of other instances are <see cref="PausedBecause">paused</see>; when it is back every page reloads once.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> log)
{
    /// <summary>Published here when live updates from other instances pause or resume.</summary>
    public const string StatusTopic = "live/status";

    private readonly Dictionary<string, List<Func<Task>>> _handlers = [];
    private readonly Lock _lock = new();

    /// <summary>Every topic this instance publishes, for a relay to carry to the others.</summary>
    public event Action<string>? Sent;

    /// <summary>Why notices from other instances are not arriving now; null while they are (or there are no others).</summary>
    public string? PausedBecause { get; private set; }

    /// <summary>Calls <paramref name="onChange"/> after every publish of <paramref name="topic"/> until disposed.</summary>
    public IDisposable Subscribe(string topic, Func<Task> onChange)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(topic, out var list)) _handlers[topic] = list = [];
            list.Add(onChange);
        }
        return new Subscription(this, topic, onChange);
    }

    /// <summary>Tells the topic's subscribers here and on every other instance, off the writer's path (a slow page never delays a write).</summary>
    public void Publish(string topic)
    {
        Deliver(topic);
        try { Sent?.Invoke(topic); }
        catch (Exception e) { log.LogWarning(e, "Relaying {Topic} to the other instances failed.", topic); }
    }

    /// <summary>Tells this instance's subscribers of <paramref name="topic"/> only (a notice that came from another instance).</summary>
    public void Deliver(string topic)
    {
        Func<Task>[] handlers;
        lock (_lock) handlers = _handlers.TryGetValue(topic, out var list) ? [.. list] : [];
        Run(topic, handlers);
    }

    /// <summary>Tells the pages of labelled features and groups that their labels changed: each target's topic, and once
    /// per SAE the topic of pages that list many of its features.</summary>
    public void PublishLabels(IEnumerable<LabelTarget> targets)
    {
        var saes = new HashSet<int>();
        foreach (var target in targets)
        {
            Publish(target.Topic);
            if (target is LabelTarget.OfFeature feature) saes.Add(feature.SaeId);
        }
        foreach (var sae in saes) Publish(LabelTarget.SaeTopic(sae));
    }

    /// <summary>Notices from other instances stopped arriving (the relay lost its connection), and why.</summary>
    public void Pause(string reason)
    {
        if (PausedBecause == reason) return;
        PausedBecause = reason;
        Deliver(StatusTopic);
    }

    /// <summary>Notices arrive again: every page here reloads once, catching up on what other instances wrote meanwhile.</summary>
    public void Resume()
    {
        if (PausedBecause is null) return;
        PausedBecause = null;
        Func<Task>[] handlers;
        lock (_lock) handlers = [.. _handlers.Values.SelectMany(list => list)];
        Run("every topic", handlers);
    }

    /// <summary>Topics with a subscriber here that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> Topics(string prefix)
    {
        lock (_lock) return [.. _handlers.Keys.Where(t => t.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>How many subscriptions a topic has (for tests and diagnostics).</summary>
    public int Subscribers(string topic)
    {
        lock (_lock) return _handlers.TryGetValue(topic, out var list) ? list.Count : 0;
    }

    private void Run(string topic, Func<Task>[] handlers)
    {
        foreach (var handler in handlers)
            _ = Task.Run(async () =>
            {
                try { await handler(); }
                catch (Exception e) { log.LogWarning(e, "A subscriber of {Topic} failed to update.", topic); }
            });
    }

    private void Unsubscribe(string topic, Func<Task> onChange)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(topic, out var list)) return;
            list.Remove(onChange);
            if (list.Count == 0) _handlers.Remove(topic);
        }
    }

    private sealed class Subscription(LiveUpdates owner, string topic, Func<Task> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(topic, onChange);
        }
    }
}
