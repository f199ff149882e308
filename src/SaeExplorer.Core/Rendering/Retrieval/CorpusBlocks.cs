using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Rendering.Retrieval;

/// <summary>The pass over a corpus that row norms and queries share: blocks of rows, scored in parallel.</summary>
internal static class CorpusBlocks
{
    /// <summary>Rows are addressed by int (as <see cref="RetrievalHit.Row"/>); larger corpora are refused by name.</summary>
    public static int RowCount(IEmbeddingMatrix corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Rows > int.MaxValue)
            throw new ArgumentException($"retrieval addresses rows by int: {corpus.Rows} rows is more than {int.MaxValue}; split the corpus");
        return (int)corpus.Rows;
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, count, local) over every block of <paramref name="blockRows"/> rows,
    /// <paramref name="threads"/> at a time, each thread with its own local from <paramref name="init"/>;
    /// <paramref name="done"/> gets each local once its thread is finished. Cancellation is checked per block
    /// and surfaces as a plain <see cref="OperationCanceledException"/>.
    /// </summary>
    public static void Run<TLocal>(int rows, int blockRows, int threads, CancellationToken cancellationToken,
        Func<TLocal> init, Action<int, int, TLocal> body, Action<TLocal> done)
    {
        int blocks = (int)(((long)rows + blockRows - 1) / blockRows);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, blocks, options, init, (b, _, local) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = b * blockRows;
            body(start, Math.Min(blockRows, rows - start), local);
            return local;
        }, done);
    }

    /// <summary>
    /// Rows [start, start + count) as float32: in place for a float32 .npy file, otherwise read (float16 converted)
    /// into <paramref name="scratch"/>, which grows to fit.
    /// </summary>
    public static ReadOnlySpan<float> Floats(IEmbeddingMatrix corpus, int start, int count, ref float[]? scratch)
    {
        int values = checked(count * corpus.Columns);
        if (corpus is NpyFile { DType: NpyDType.Float32 } file)
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(file.RawRows(start, count));
        if (scratch is null || scratch.Length < values)
            scratch = new float[values];
        corpus.ReadRows(start, count, scratch);
        return scratch.AsSpan(0, values);
    }
}
