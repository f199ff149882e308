namespace SaeExplorer.Web.Services.Live;

/// <summary>
/// Presence shared between app instances behind one address: each writes its own entries per topic, reads the others',
/// and an instance that dies stops counting once its entries expire. Registered only when Saex:Redis is set.
/// </summary>
public interface IPresenceShare
{
    /// <summary>This instance's entries on <paramref name="topic"/> now (empty when none are left).</summary>
    Task WriteAsync(string topic, IReadOnlyList<PresenceEntry> entries);

    /// <summary>The entries of every other live instance on <paramref name="topic"/>.</summary>
    Task<IReadOnlyList<PresenceEntry>> OthersAsync(string topic, CancellationToken ct);
}
