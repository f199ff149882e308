using System.Numerics;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// The L2 norm of every row of a corpus, computed in one blockwise, parallel pass and reused by every query
/// (see <see cref="RowNormCache"/>). A row holding a non-finite value (or so large that its squared norm overflows) gets
/// norm 0, so it scores 0 like a zero row.
/// </summary>
public sealed class RowNorms
{
    private readonly float[] norms;

    private RowNorms(float[] norms, int columns)
    {
        this.norms = norms;
        Columns = columns;
    }

    public int Rows => norms.Length;

    public int Columns { get; }

    public float this[int row] => norms[row];

    internal ReadOnlySpan<float> Values => norms;

    /// <param name="options">Only its <see cref="RetrievalOptions.BlockRows"/> and <see cref="RetrievalOptions.Threads"/> apply.</param>
    public static RowNorms Compute(IEmbeddingMatrix corpus, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        int rows = CorpusBlocks.RowCount(corpus);
        options ??= new RetrievalOptions();
        options.Validate();
        int columns = corpus.Columns;
        var norms = new float[rows];
        CorpusBlocks.Run(rows, options.BlockRows, options.Threads, cancellationToken,
            () => new float[]?[1],
            (start, count, scratch) =>
            {
                ReadOnlySpan<float> block = CorpusBlocks.Floats(corpus, start, count, ref scratch[0]);
                for (int r = 0; r < count; r++)
                    norms[start + r] = Norm(block.Slice(r * columns, columns));
            },
            _ => { });
        return new RowNorms(norms, columns);
    }

    /// <summary>Lanes in a fixed order from the row's first element, so equal rows get equal norms wherever they lie
    /// in memory (ties between duplicate rows stay exact ties).</summary>
    private static float Norm(ReadOnlySpan<float> row)
    {
        var lanes = Vector<float>.Zero;
        int j = 0;
        for (; j + Vector<float>.Count <= row.Length; j += Vector<float>.Count)
        {
            var v = new Vector<float>(row.Slice(j));
            lanes += v * v;
        }
        float sum = Vector.Sum(lanes);
        for (; j < row.Length; j++)
            sum += row[j] * row[j];
        float norm = MathF.Sqrt(sum);
        return float.IsFinite(norm) ? norm : 0f;
    }
}
