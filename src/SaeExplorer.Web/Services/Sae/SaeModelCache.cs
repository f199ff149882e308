using System.Collections.Concurrent;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Services.Sae;

/// <summary>
/// Loaded SAEs (each of a workspace's) and memory-mapped embeddings shared by every page: loading 400 MB of weights per
/// request would be absurd. An SAE is loaded once, read straight into place (<see cref="SaeFile.Load"/>), so the cache
/// holds its weights and nothing more. Keyed by path and the weights file's write time, so a retrained SAE or a
/// re-imported corpus at the same path gets a new entry (the old one is left to the garbage collector, as
/// <see cref="Forget"/> explains).
/// </summary>
public sealed class SaeModelCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<SparseAutoencoder>> _saes = new();
    private readonly ConcurrentDictionary<string, Lazy<NpyFile>> _embeddings = new();
    private readonly ConcurrentDictionary<string, string> _fingerprints = new();

    public SparseAutoencoder Sae(WorkspaceContext context)
    {
        var path = context.SaePath ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE");
        return Fresh(_saes, path, SaeLoader.WeightsFile(path, context.SaeFormat), () => SaeLoader.Load(path, context.SaeFormat));
    }

    public NpyFile Embeddings(WorkspaceContext context)
    {
        var path = context.EmbeddingsPath ?? throw new InvalidOperationException($"workspace '{context.Name}' has no embeddings");
        return Fresh(_embeddings, path, path, () => NpyFile.Open(path));
    }

    private static string Stamped(string path, string file) => $"{path}|{File.GetLastWriteTimeUtc(file).Ticks}";

    /// <summary>The entry for the file as it is now; entries for older versions of it are dropped (not disposed: a
    /// request may still be reading them).</summary>
    private static T Fresh<T>(ConcurrentDictionary<string, Lazy<T>> cache, string path, string file, Func<T> load)
    {
        var key = Stamped(path, file);
        if (cache.TryGetValue(key, out var known)) return known.Value;
        foreach (var stale in cache.Keys.Where(k => k.StartsWith(path + "|", StringComparison.Ordinal) && k != key)) cache.TryRemove(stale, out _);
        return cache.GetOrAdd(key, _ => new Lazy<T>(load)).Value;
    }

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

    /// <summary>
    /// Fingerprint of the SAE's weights file: what a shared group records, so it can tell when the SAE under it was
    /// replaced (a retrained SAE has other weights at the same path). The one its stage recorded, else the file's.
    /// </summary>
    public string Fingerprint(WorkspaceContext context)
    {
        if (context.SaeFingerprint is { } recorded) return recorded;
        var weights = SaeLoader.WeightsFile(context.SaePath ?? throw new InvalidOperationException($"workspace '{context.Name}' has no SAE"),
            context.SaeFormat);
        return _fingerprints.GetOrAdd(Stamped(weights, weights), _ => Core.Encoders.ModelFingerprint.Of(weights));
    }

    /// <summary>
    /// Why something saved against SAE <paramref name="saeId"/> with weights <paramref name="fingerprint"/> (a shared
    /// group, a steering state) no longer stands on the workspace's SAE, or null when it does: its feature numbers
    /// would name other features under a replaced SAE.
    /// </summary>
    public string? Replaced(WorkspaceContext context, int saeId, string fingerprint) =>
        context.SaeId is not { } current
            ? "This workspace has no SAE now."
            : current != saeId || Fingerprint(context) != fingerprint
                ? $"It was saved from an SAE that has since been replaced (SAE #{saeId}, weights {fingerprint}); its feature numbers would name other features under the SAE shown now ({context.SaeName})."
                : null;

    /// <summary>The embedding of one corpus row (a new array).</summary>
    public float[] Embedding(WorkspaceContext context, int embeddingRow)
    {
        var embeddings = Embeddings(context);
        var row = new float[embeddings.Columns];
        embeddings.ReadRow(embeddingRow, row);
        return row;
    }

    /// <summary>The SAE code of one corpus image, strongest features first.</summary>
    public SparseCode Encode(WorkspaceContext context, int embeddingRow) => Sae(context).EncodeSparse(Embedding(context, embeddingRow));

    public void Dispose()
    {
        foreach (var sae in _saes.Values.Where(l => l.IsValueCreated)) sae.Value.Dispose();
        foreach (var file in _embeddings.Values.Where(l => l.IsValueCreated)) file.Value.Dispose();
    }
}
