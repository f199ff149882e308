using System.Numerics;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>
/// The L2 norm of every row of a corpus, computed in one blockwise, parallel pass and reused by every query
/// (see <see cref="RowNormCache"/>). A row holding a non-finite value (or so large that its squared norm overflows) gets
/// norm 0, so it scores 0 like a zero row. Centred norms (<see cref="Centred"/>) are those of the rows minus the
/// corpus mean: retrieval with them scores cos(x - mean, q), how far an image points along a direction q rather than
/// how much it looks like the average image (what searching for a group's direction needs).
/// </summary>
public sealed class RowNorms
{
    private readonly float[] _norms;

    private RowNorms(float[] norms, int columns, float[]? center = null)
    {
        _norms = norms;
        Columns = columns;
        Center = center;
    }

    /// <summary>The point the rows are measured from (the corpus mean) for centred norms; null for plain ones.</summary>
    public float[]? Center { get; }

    public int Rows => _norms.Length;

    public int Columns { get; }

    public float this[int row] => _norms[row];

    internal ReadOnlySpan<float> Values => _norms;

    /// <param name="options">Only its <see cref="RetrievalOptions.BlockRows"/> and <see cref="RetrievalOptions.Threads"/> apply.</param>
    public static RowNorms Compute(IEmbeddingMatrix corpus, RetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        Compute(corpus, null, options, cancellationToken);

    /// <summary>Norms of the rows minus the corpus mean (two passes: the mean in double, then the norms).</summary>
    public static RowNorms Centred(IEmbeddingMatrix corpus, RetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        Compute(corpus, Mean(corpus, options, cancellationToken), options, cancellationToken);

    private static RowNorms Compute(IEmbeddingMatrix corpus, float[]? center, RetrievalOptions? options, CancellationToken cancellationToken)
    {
        int rows = CorpusBlocks.RowCount(corpus);
        options ??= new RetrievalOptions();
        options.Validate();
        int columns = corpus.Columns;
        var norms = new float[rows];
        CorpusBlocks.Run(rows, options.BlockRows, options.Threads, cancellationToken,
            () => (Scratch: new float[]?[1], Row: new float[columns]),
            (start, count, buffers) =>
            {
                ReadOnlySpan<float> block = CorpusBlocks.Floats(corpus, start, count, ref buffers.Scratch[0]);
                for (int r = 0; r < count; r++)
                {
                    ReadOnlySpan<float> row = block.Slice(r * columns, columns);
                    if (center is not null)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Subtract(row, center, buffers.Row);
                        row = buffers.Row;
                    }
                    norms[start + r] = Norm(row);
                }
            },
            _ => { });
        return new RowNorms(norms, columns, center);
    }

    /// <summary>The mean row, summed in double per block in row order and the blocks added in block order (the same
    /// result for any thread count).</summary>
    internal static float[] Mean(IEmbeddingMatrix corpus, RetrievalOptions? options, CancellationToken cancellationToken)
    {
        int rows = CorpusBlocks.RowCount(corpus);
        options ??= new RetrievalOptions();
        options.Validate();
        int columns = corpus.Columns;
        int blocks = (rows + options.BlockRows - 1) / options.BlockRows;
        var sums = new double[blocks][];
        CorpusBlocks.Run(rows, options.BlockRows, options.Threads, cancellationToken,
            () => new float[]?[1],
            (start, count, scratch) =>
            {
                ReadOnlySpan<float> block = CorpusBlocks.Floats(corpus, start, count, ref scratch[0]);
                var sum = new double[columns];
                for (int r = 0; r < count; r++)
                {
                    ReadOnlySpan<float> row = block.Slice(r * columns, columns);
                    if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(row)) continue;
                    for (int j = 0; j < columns; j++) sum[j] += row[j];
                }
                sums[start / options.BlockRows] = sum;
            },
            _ => { });
        var mean = new float[columns];
        for (int j = 0; j < columns; j++)
        {
            double total = 0;
            foreach (var sum in sums) total += sum[j];
            mean[j] = rows > 0 ? (float)(total / rows) : 0f;
        }
        return mean;
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
