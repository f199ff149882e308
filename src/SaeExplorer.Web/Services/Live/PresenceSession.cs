namespace SaeExplorer.Web.Services.Live;

/// <summary>
/// One circuit's presence (scoped: a Blazor Server circuit is a scope). A page joins a topic and disposes its handle
/// when it goes; whatever is left is removed when the circuit itself is disposed (tab closed, connection lost for good).
/// While the circuit's connection is down (<see cref="PresenceConnection"/>) its entries are withdrawn and come back
/// when it reconnects: a closed tab whose disconnect notice never arrives leaves at once, not when the circuit expires.
/// </summary>
public sealed class PresenceSession(Presence presence) : IDisposable
{
    private readonly Presence _presence = presence;
    private readonly List<Handle> _handles = [];
    private readonly Lock _lock = new();
    private bool _away;

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

    /// <summary>The connection dropped: nobody is looking through this circuit until it is back.</summary>
    public void Away() => SetAway(true);

    /// <summary>The connection is back: the pages still open here show their reader again.</summary>
    public void Back() => SetAway(false);

    public void Dispose()
    {
        Handle[] left;
        lock (_lock) left = [.. _handles];
        foreach (var handle in left) handle.Dispose();
    }

    private void SetAway(bool away)
    {
        Handle[] open;
        lock (_lock)
        {
            if (_away == away) return;
            _away = away;
            open = [.. _handles];
        }
        foreach (var handle in open) handle.Publish();
    }

    private bool IsAway
    {
        get
        {
            lock (_lock) return _away;
        }
    }

    public sealed class Handle : IDisposable
    {
        private readonly PresenceSession _session;
        private string _activity = Presence.Viewing;
        private int _disposed;

        internal Handle(PresenceSession session, string topic, string name) => (_session, Topic, Name) = (session, topic, name);

        public string Topic { get; }
        public string Name { get; }

        /// <summary>"viewing" or "labelling".</summary>
        public void Set(string activity)
        {
            _activity = activity;
            Publish();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (_session._lock) _session._handles.Remove(this);
            _session._presence.Remove(Topic, _session.Id);
        }

        /// <summary>Shows this reader on the topic, or withdraws them while the circuit's connection is down.</summary>
        internal void Publish()
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            if (_session.IsAway) _session._presence.Remove(Topic, _session.Id);
            else _session._presence.Set(Topic, new PresenceEntry(_session.Id, Name, _activity));
        }
    }
}
