namespace SaeExplorer.Web.Services.Live;

/// <summary>
/// One circuit's presence (scoped: a Blazor Server circuit is a scope). A page joins a topic and disposes its handle
/// when it goes; whatever is left is removed when the circuit itself is disposed (tab closed, connection lost for good).
/// </summary>
public sealed class PresenceSession(Presence presence) : IDisposable
{
    private readonly Presence _presence = presence;
    private readonly List<Handle> _handles = [];
    private readonly Lock _lock = new();

    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Shown for someone not signed in.</summary>
    public string GuestName => $"guest {Id[..4]}";

    public Handle Join(string topic, string? userName, string activity = Presence.Viewing)
    {
        var handle = new Handle(this, topic, userName ?? GuestName);
        lock (_lock) _handles.Add(handle);
        handle.Set(activity);
        return handle;
    }

    public void Dispose()
    {
        Handle[] left;
        lock (_lock) left = [.. _handles];
        foreach (var handle in left) handle.Dispose();
    }

    public sealed class Handle : IDisposable
    {
        private readonly PresenceSession _session;
        private int _disposed;

        internal Handle(PresenceSession session, string topic, string name) => (_session, Topic, Name) = (session, topic, name);

        public string Topic { get; }
        public string Name { get; }

        /// <summary>"viewing" or "labelling".</summary>
        public void Set(string activity)
        {
            if (Volatile.Read(ref _disposed) == 0) _session._presence.Set(Topic, new PresenceEntry(_session.Id, Name, activity));
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (_session._lock) _session._handles.Remove(this);
            _session._presence.Remove(Topic, _session.Id);
        }
    }
}
