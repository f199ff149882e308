namespace SaeExplorer.Core.Sae.Model;

/// <summary>Computes y[start..end) of y = W x + b from pinned float32 x, bias and y.</summary>
internal unsafe delegate void RowRangeKernel(int start, int end, float* x, float* bias, float* y);

/// <summary>
/// The driver shared by the batch-1 matvec kernels (<see cref="FloatMatVec"/>, <see cref="HalfMatVec"/>):
/// checks shapes, pins x, bias and y, and gives each thread one contiguous range of rows, so each core
/// streams its own slice of the weight matrix front to back.
/// </summary>
internal static unsafe class MatVecRows
{
    // Below this many rows per thread the fork/join costs more than the rows take.
    private const int MinRowsPerThread = 1024;

    public static void Run(int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y,
        int threads, RowRangeKernel kernel)
    {
        if (x.Length != cols || y.Length != rows || bias.Length != rows)
            throw new ArgumentException($"matvec shapes: x {x.Length} (cols {cols}), bias {bias.Length} and y {y.Length} (rows {rows})");
        fixed (float* xp = x)
        fixed (float* bp = bias)
        fixed (float* yp = y)
        {
            // Fixed locals cannot be captured by the worker lambda; the spans stay pinned until Parallel.For returns.
            nint xq = (nint)xp, bq = (nint)bp, yq = (nint)yp;
            var n = Math.Max(1, Math.Min(threads, rows / MinRowsPerThread));
            if (n == 1) kernel(0, rows, xp, bp, yp);
            else
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n }, t =>
                    kernel((int)((long)rows * t / n), (int)((long)rows * (t + 1) / n), (float*)xq, (float*)bq, (float*)yq));
        }
    }
}
