using System.Threading.Channels;

namespace SaeExplorer.Web.Services.Preparation;

/// <summary>Workspaces waiting for <see cref="PreparationWorker"/>, by id. Prepared one at a time: each stage already uses every core.</summary>
public sealed class PreparationQueue
{
    private readonly Channel<int> _ids = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(int workspaceId) => _ids.Writer.TryWrite(workspaceId);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken ct) => _ids.Reader.ReadAllAsync(ct);
}
