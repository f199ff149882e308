using SaeExplorer.Data.Labels;

namespace SaeExplorer.Web.Services.Live;

/// <summary>
/// In-process change notices by topic ("feature/3/17", "group/{slug}", "list/{slug}", "presence/..."): every label,
/// vote, comment and list write publishes its topic and each subscribed page reloads (InvokeAsync + StateHasChanged).
/// One server only: several servers behind a balancer need these notices carried between them (a SignalR Redis
/// backplane or any pub/sub), which is not built.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> log)
{
    private readonly Dictionary<string, List<Func<Task>>> _handlers = [];
    private readonly Lock _lock = new();

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

    /// <summary>Tells the topic's subscribers, off the writer's path (a slow page never delays a write).</summary>
    public void Publish(string topic)
    {
        Func<Task>[] handlers;
        lock (_lock) handlers = _handlers.TryGetValue(topic, out var list) ? [.. list] : [];
        foreach (var handler in handlers)
            _ = Task.Run(async () =>
            {
                try { await handler(); }
                catch (Exception e) { log.LogWarning(e, "A subscriber of {Topic} failed to update.", topic); }
            });
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

    /// <summary>How many subscriptions a topic has (for tests and diagnostics).</summary>
    public int Subscribers(string topic)
    {
        lock (_lock) return _handlers.TryGetValue(topic, out var list) ? list.Count : 0;
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
