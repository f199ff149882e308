using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// Row norms per opened .npy file, computed on the file's first query and reused after, so each later query reads
/// the corpus once. Entries are keyed by the file's full path and the write time it had when it was opened (plus its
/// shape), so a file rewritten under the same name gets new norms; the oldest entries go once more than
/// <see cref="Capacity"/> files are held. Thread-safe: one computation at a time, lookups wait for it.
/// </summary>
public sealed class RowNormCache(int capacity = 8)
{
    private readonly Dictionary<FileKey, RowNorms> _entries = [];
    private readonly Queue<FileKey> _order = new();
    private readonly object _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), $"capacity must be >= 1, was {capacity}");

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <param name="centred">Norms of the rows minus the corpus mean (<see cref="RowNorms.Centred"/>) rather than plain ones.</param>
    public RowNorms For(NpyFile file, RetrievalOptions? options = null, CancellationToken cancellationToken = default, bool centred = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        var key = new FileKey(Path.GetFullPath(file.Path), file.LastWriteTimeUtc, file.Rows, file.Columns, file.DType, centred);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out RowNorms? cached))
                return cached;
            RowNorms norms = centred ? RowNorms.Centred(file, options, cancellationToken) : RowNorms.Compute(file, options, cancellationToken);
            _entries[key] = norms;
            _order.Enqueue(key);
            while (_entries.Count > Capacity)
                _entries.Remove(_order.Dequeue());
            return norms;
        }
    }

    private readonly record struct FileKey(string Path, DateTime Written, long Rows, int Columns, NpyDType DType, bool Centred);
}
