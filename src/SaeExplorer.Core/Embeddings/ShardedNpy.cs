namespace SaeExplorer.Core.Embeddings;

/// <summary>
/// Several memory-mapped .npy files read as one matrix, row after row in the order given (clip-retrieval's
/// img_emb_0.npy, img_emb_1.npy, ...), without concatenating them into a new file: float16 shards stay float16 on disk
/// and are widened a block at a time as they are read. Every shard must have the same width; the error names the file.
/// Reads are thread-safe.
/// </summary>
public sealed class ShardedNpy : IEmbeddingMatrix, IDisposable
{
    private readonly NpyFile[] _shards;
    private readonly long[] _firstRows;

    private ShardedNpy(NpyFile[] shards)
    {
        _shards = shards;
        _firstRows = new long[shards.Length];
        long rows = 0;
        for (int i = 0; i < shards.Length; i++)
        {
            _firstRows[i] = rows;
            rows += shards[i].Rows;
        }
        Rows = rows;
        Columns = shards[0].Columns;
    }

    public long Rows { get; }

    public int Columns { get; }

    public IReadOnlyList<NpyFile> Shards => _shards;

    /// <exception cref="NpyFormatException">A file is not a 2-D float .npy, or its width differs from the first one's.</exception>
    public static ShardedNpy Open(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
            throw new ArgumentException("no .npy files given", nameof(paths));
        var shards = new List<NpyFile>(paths.Count);
        try
        {
            foreach (string path in paths)
            {
                NpyFile shard;
                try
                {
                    shard = NpyFile.Open(path);
                }
                catch (NpyFormatException e)
                {
                    throw new NpyFormatException($"{path}: {e.Message}");
                }
                shards.Add(shard);
                if (shard.Columns != shards[0].Columns)
                    throw new NpyFormatException(
                        $"{path} has {shard.Columns} columns but {shards[0].Path} has {shards[0].Columns}; all shards must have the same width.");
            }
            return new ShardedNpy([.. shards]);
        }
        catch
        {
            foreach (NpyFile s in shards)
                s.Dispose();
            throw;
        }
    }

    public void ReadRows(long start, int count, Span<float> dest)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start < 0 || start > Rows - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{start + count - 1} are outside 0..{Rows - 1}.");
        int shard = ShardOf(start);
        while (count > 0)
        {
            NpyFile file = _shards[shard];
            long local = start - _firstRows[shard];
            int n = (int)Math.Min(count, file.Rows - local);
            file.ReadRows(local, n, dest[..(n * Columns)]);
            dest = dest[(n * Columns)..];
            start += n;
            count -= n;
            shard++;
        }
    }

    /// <summary>The shard holding <paramref name="row"/> (the last one that starts at or before it and is not empty).</summary>
    private int ShardOf(long row)
    {
        int i = Array.BinarySearch(_firstRows, row);
        if (i < 0)
            i = ~i - 1;
        while (i < _shards.Length - 1 && _shards[i].Rows == 0)
            i++;
        return i;
    }

    public void Dispose()
    {
        foreach (NpyFile s in _shards)
            s.Dispose();
    }
}
