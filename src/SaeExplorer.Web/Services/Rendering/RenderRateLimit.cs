namespace SaeExplorer.Web.Services.Rendering;

/// <summary>A token bucket per user: <c>burst</c> renders at once, refilled at <c>perSecond</c>. Thread-safe.</summary>
internal sealed class RenderRateLimit(double perSecond, int burst, TimeProvider time)
{
    // Buckets that have refilled are dropped past this many users, so the table cannot grow without bound.
    private const int PruneAbove = 4096;

    private readonly Dictionary<string, (double Tokens, long Stamp)> _buckets = new(StringComparer.Ordinal);

    public string Refusal => $"rate limited: at most {perSecond:0.##} renders a second per user (bursts of {burst}); try again in a moment";

    /// <summary>Takes one token of <paramref name="user"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(string user)
    {
        long now = time.GetTimestamp();
        lock (_buckets)
        {
            double tokens = _buckets.TryGetValue(user, out var bucket) ? Refilled(bucket, now) : burst;
            bool taken = tokens >= 1;
            _buckets[user] = (taken ? tokens - 1 : tokens, now);
            if (_buckets.Count > PruneAbove)
                foreach (var (key, value) in _buckets.ToList())
                    if (Refilled(value, now) >= burst) _buckets.Remove(key);
            return taken;
        }
    }

    private double Refilled((double Tokens, long Stamp) bucket, long now) =>
        Math.Min(burst, bucket.Tokens + time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * perSecond);
}
