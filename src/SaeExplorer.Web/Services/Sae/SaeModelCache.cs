using System.Collections.Concurrent;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Sae;

/// <summary>
/// Loaded SAEs and memory-mapped embeddings shared by every page: loading 400 MB of weights per
/// request would be absurd. Keyed by path; a retrained SAE gets a new entry when its path changes.
/// </summary>
public sealed class SaeModelCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<SparseAutoencoder>> _saes = new();
    private readonly ConcurrentDictionary<string, Lazy<NpyFile>> _embeddings = new();

    public SparseAutoencoder Sae(WorkspaceContext context) =>
        _saes.GetOrAdd(context.SaePath ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE"),
            path => new Lazy<SparseAutoencoder>(() => SaeLoader.Load(path))).Value;

    public NpyFile Embeddings(WorkspaceContext context) =>
        _embeddings.GetOrAdd(context.EmbeddingsPath ?? throw new InvalidOperationException($"workspace '{context.Name}' has no embeddings"),
            path => new Lazy<NpyFile>(() => NpyFile.Open(path))).Value;

    /// <summary>
    /// Drops every SAE and embeddings file under <paramref name="folder"/> (a deleted workspace), so a new workspace of
    /// the same name never gets the old files. They are not disposed: a request may still be reading them; the
    /// garbage collector releases them once it is done.
    /// </summary>
    public void Forget(string folder)
    {
        foreach (var path in _saes.Keys.Where(p => ImportPaths.RelativeInside(folder, p) is not null)) _saes.TryRemove(path, out _);
        foreach (var path in _embeddings.Keys.Where(p => ImportPaths.RelativeInside(folder, p) is not null)) _embeddings.TryRemove(path, out _);
    }

    /// <summary>The SAE code of one corpus image, strongest features first.</summary>
    public SparseCode Encode(WorkspaceContext context, int embeddingRow)
    {
        var embeddings = Embeddings(context);
        var row = new float[embeddings.Columns];
        embeddings.ReadRow(embeddingRow, row);
        return Sae(context).EncodeSparse(row);
    }

    public void Dispose()
    {
        foreach (var sae in _saes.Values.Where(l => l.IsValueCreated)) sae.Value.Dispose();
        foreach (var file in _embeddings.Values.Where(l => l.IsValueCreated)) file.Value.Dispose();
    }
}
