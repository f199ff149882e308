namespace SaeExplorer.Core.Embeddings;

/// <summary>A row-major float32 matrix of embeddings (one row per image), e.g. a memory-mapped .npy.</summary>
public interface IEmbeddingMatrix
{
    long Rows { get; }
    int Columns { get; }

    /// <summary>Copies rows [start, start + count) into <paramref name="dest"/> (count * Columns floats).</summary>
    void ReadRows(long start, int count, Span<float> dest);
}
