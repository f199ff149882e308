using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Testing;

/// <summary>An <see cref="IEmbeddingMatrix"/> over a managed array (tests, small corpora).</summary>
public sealed class InMemoryEmbeddingMatrix : IEmbeddingMatrix
{
    private readonly float[] _data;

    public InMemoryEmbeddingMatrix(float[] data, int columns)
    {
        if (columns <= 0 || data.Length % columns != 0)
            throw new ArgumentException($"{data.Length} floats do not form rows of {columns}");
        _data = data;
        Columns = columns;
    }

    public long Rows => _data.Length / Columns;
    public int Columns { get; }

    public void ReadRows(long start, int count, Span<float> dest)
    {
        if (start < 0 || count < 0 || start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) outside [0, {Rows})");
        _data.AsSpan(checked((int)(start * Columns)), count * Columns).CopyTo(dest);
    }
}
