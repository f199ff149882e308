using System.Threading.Channels;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>
/// Workspaces waiting for <see cref="PreparationWorker"/>, by id, each once: prepared one at a time (each stage already
/// uses every core). A workspace asked for again while it is being prepared is queued again (an SAE added mid-way is
/// then prepared too); the worker's poll skips the one running.
/// </summary>
public sealed class PreparationQueue
{
    private readonly Channel<int> _ids = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<int> _waiting = [];
    private readonly Lock _lock = new();

    /// <summary>The workspace being prepared now; null between workspaces.</summary>
    public int? Running { get; private set; }

    public void Enqueue(int workspaceId)
    {
        lock (_lock)
            if (!_waiting.Add(workspaceId)) return;
        _ids.Writer.TryWrite(workspaceId);
    }

    /// <summary>Queues the ones neither waiting nor running (what a poll found unprepared).</summary>
    public void EnqueueIdle(IEnumerable<int> workspaceIds)
    {
        foreach (var id in workspaceIds.Where(id => id != Running)) Enqueue(id);
    }

    /// <summary>The next workspace, marked running until the worker asks for the one after it.</summary>
    public async IAsyncEnumerable<int> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var id in _ids.Reader.ReadAllAsync(ct))
        {
            lock (_lock)
            {
                _waiting.Remove(id);
                Running = id;
            }
            yield return id;
            Running = null;
        }
    }
}
