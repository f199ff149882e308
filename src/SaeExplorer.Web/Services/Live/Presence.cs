namespace SaeExplorer.Web.Services.Live;

/// <summary>Someone on a page: their name (or "guest ...") and whether they are viewing or labelling.</summary>
public sealed record PresenceEntry(string SessionId, string Name, string Activity);

/// <summary>
/// Who is on which page now (singleton). Entries come from <see cref="PresenceSession"/>s (one per circuit) and
/// leave when the page or the circuit is disposed; every change publishes "presence/{topic}".
/// </summary>
public sealed class Presence(LiveUpdates live)
{
    public const string Viewing = "viewing";
    public const string Labelling = "labelling";

    private readonly Dictionary<string, Dictionary<string, PresenceEntry>> _here = [];
    private readonly Lock _lock = new();

    public static string TopicOf(string topic) => $"presence/{topic}";

    /// <summary>Everyone on the topic's page, in name order.</summary>
    public IReadOnlyList<PresenceEntry> Here(string topic)
    {
        lock (_lock)
            return _here.TryGetValue(topic, out var entries) ? entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList() : [];
    }

    internal void Set(string topic, PresenceEntry entry)
    {
        lock (_lock)
        {
            if (!_here.TryGetValue(topic, out var entries)) _here[topic] = entries = [];
            if (entries.TryGetValue(entry.SessionId, out var old) && old == entry) return;
            entries[entry.SessionId] = entry;
        }
        live.Publish(TopicOf(topic));
    }

    internal void Remove(string topic, string sessionId)
    {
        lock (_lock)
        {
            if (!_here.TryGetValue(topic, out var entries) || !entries.Remove(sessionId)) return;
            if (entries.Count == 0) _here.Remove(topic);
        }
        live.Publish(TopicOf(topic));
    }
}
