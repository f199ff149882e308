using System.Collections.Concurrent;
using SaeExplorer.Core.Rendering.Retrieval.Approximate;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Sae;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>
/// The approximate nearest-image index of each workspace whose corpus has at least
/// <see cref="NearestImagesOptions.ApproximateFromRows"/> rows and whose preparation built one, memory-mapped once and
/// shared by steering renders, group neighbours and icons; null (exact retrieval) otherwise. Keyed by the file's path
/// and write time, so a rebuilt index is mapped anew.
/// </summary>
public sealed class NearestImageIndexes(NearestImagesOptions options, SaexOptions saex, SaeModelCache models) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NearestImageIndex>> _open = new();

    public NearestImageIndex? For(WorkspaceContext workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var corpus = models.Embeddings(workspace);
        if (corpus.Rows < options.ApproximateFromRows) return null;
        var path = WorkspaceFiles.For(saex, workspace.Name).NearestImages;
        if (!File.Exists(path)) return null; // not built yet: exact until it is
        var key = $"{path}|{File.GetLastWriteTimeUtc(path).Ticks}|{corpus.Path}|{corpus.LastWriteTimeUtc.Ticks}";
        return _open.GetOrAdd(key, _ => new Lazy<NearestImageIndex>(() => NearestImageIndex.Open(path, corpus, options))).Value;
    }

    public void Dispose()
    {
        foreach (var index in _open.Values.Where(l => l.IsValueCreated)) index.Value.Dispose();
        _open.Clear();
    }
}
