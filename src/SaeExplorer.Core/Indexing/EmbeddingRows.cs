using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Indexing;

/// <summary>A memory-mapped .npy file as <see cref="IEmbeddingRows"/>. Does not own the file.</summary>
public sealed class NpyEmbeddingRows(NpyFile file) : IEmbeddingRows
{
    public NpyFile File { get; } = file ?? throw new ArgumentNullException(nameof(file));

    public long Rows => File.Rows;

    public int Columns => File.Columns;

    public void ReadRows(long start, int count, Span<float> destination) => File.ReadRows(start, count, destination);
}

/// <summary>Row-major embeddings held in an array (tests, small corpora).</summary>
public sealed class ArrayEmbeddingRows : IEmbeddingRows
{
    private readonly float[] values;

    public ArrayEmbeddingRows(float[] values, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (values.Length % columns != 0)
            throw new ArgumentException($"{values.Length} values are not a whole number of {columns}-column rows.", nameof(values));
        this.values = values;
        Columns = columns;
    }

    public long Rows => values.Length / Columns;

    public int Columns { get; }

    public void ReadRows(long start, int count, Span<float> destination)
    {
        if (start < 0 || count < 0 || start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{start + count - 1} are outside 0..{Rows - 1}.");
        values.AsSpan((int)start * Columns, count * Columns).CopyTo(destination);
    }
}
