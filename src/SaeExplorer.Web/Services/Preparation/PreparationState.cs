using System.Collections.Concurrent;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Live progress of workspace preparation, shared by the background worker (writer) and every
/// open page (readers, notified through <see cref="Changed"/>).
/// </summary>
public sealed class PreparationState
{
    private readonly ConcurrentDictionary<string, PreparationSnapshot> _snapshots = new(StringComparer.Ordinal);

    public event Action<PreparationSnapshot>? Changed;

    /// <summary>A workspace was deleted: lists that show it reload.</summary>
    public event Action<string>? Removed;

    public PreparationSnapshot? Get(string workspace) => _snapshots.GetValueOrDefault(workspace);

    /// <summary>The latest snapshot of every workspace prepared since start (the metrics read them).</summary>
    public IReadOnlyList<PreparationSnapshot> All => [.. _snapshots.Values];

    public void Set(PreparationSnapshot snapshot)
    {
        _snapshots[snapshot.Workspace] = snapshot;
        Changed?.Invoke(snapshot);
    }

    public void Remove(string workspace)
    {
        _snapshots.TryRemove(workspace, out _);
        Removed?.Invoke(workspace);
    }
}
