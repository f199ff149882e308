namespace SaeExplorer.Web.Services.Rendering;

/// <summary>
/// Waiting items per user, taken round-robin: the next item is the oldest one of the user served longest ago (a user
/// never served goes first), so one user's ten queued renders wait behind another user's one. Not thread-safe: the
/// worker holds its lock around every call.
/// </summary>
internal sealed class FairQueue<T>
{
    // Past this many users, those with nothing waiting are forgotten: at worst each of them is next once too early.
    private const int ForgetAbove = 1024;

    private readonly Dictionary<string, LinkedList<T>> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastServed = new(StringComparer.Ordinal);
    private readonly Dictionary<LinkedListNode<T>, long> _arrival = [];
    private long _clock;

    public int Count { get; private set; }

    public int CountFor(string user) => _waiting.TryGetValue(user, out var items) ? items.Count : 0;

    /// <summary>Queues <paramref name="item"/>; the node removes it again (<see cref="Remove"/>).</summary>
    public LinkedListNode<T> Enqueue(string user, T item)
    {
        if (!_waiting.TryGetValue(user, out var items))
            _waiting[user] = items = new LinkedList<T>();
        var node = items.AddLast(item);
        _arrival[node] = ++_clock;
        Count++;
        return node;
    }

    /// <summary>Takes a waiting item out (cancelled); false when it already left the queue.</summary>
    public bool Remove(LinkedListNode<T> node)
    {
        if (node.List is not { } items || !_arrival.Remove(node))
            return false;
        items.Remove(node);
        Count--;
        return true;
    }

    public bool TryDequeue(out T item)
    {
        string? next = null;
        (long Served, long Arrived) best = (long.MaxValue, long.MaxValue);
        foreach (var (user, items) in _waiting)
        {
            if (items.First is not { } head) continue;
            var rank = (_lastServed.GetValueOrDefault(user, -1), _arrival[head]);
            if (rank.CompareTo(best) < 0) (next, best) = (user, rank);
        }
        if (next is null)
        {
            item = default!;
            return false;
        }
        var node = _waiting[next].First!;
        Remove(node);
        _lastServed[next] = ++_clock;
        if (_waiting.Count > ForgetAbove) Forget();
        item = node.Value;
        return true;
    }

    private void Forget()
    {
        foreach (var user in _waiting.Where(w => w.Value.Count == 0).Select(w => w.Key).ToList())
        {
            _waiting.Remove(user);
            _lastServed.Remove(user);
        }
    }
}
