using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// y = W x + b for a row-major weight matrix W [rows, cols] of <see cref="IWeightFormat{T}"/> values and float32
/// x, bias and y: the driver and inner loop shared by the batch-1 kernels (<see cref="FloatMatVec"/>,
/// <see cref="HalfMatVec"/>). Batch 1 is memory bound, so this reads each weight once, widens it in registers and
/// accumulates in float32. Each thread gets one contiguous range of rows and walks it as four interleaved streams
/// (row i of each quarter together): four sequential reads in flight per core instead of one keep more memory
/// requests outstanding, and the four rows are four independent FMA chains sharing each load of x.
/// </summary>
internal static unsafe class MatVecRows
{
    // Below this many rows per thread the fork/join costs more than the rows take.
    private const int MinRowsPerThread = 1024;

    // Each stream asks for the cache line this many bytes ahead of the one it reads (about a row of fp16
    // weights at d_in 1280): the hardware prefetcher alone left the 16-bit kernels waiting on memory (Benchmarks/Sae/README).
    private const int PrefetchBytes = 2048;

    /// <summary>
    /// Chosen by IsSupported rather than Vector512.IsHardwareAccelerated: the latter is false where the runtime
    /// prefers 256-bit vectors (DOTNET_PreferredVectorBitWidth=256, the default on some Intel CPUs), yet AVX-512
    /// instructions still run there, and this loop is bound by memory rather than by clock speed.
    /// </summary>
    public static KernelIsa Isa =>
        Avx512F.IsSupported ? KernelIsa.Avx512 : Avx2.IsSupported && Fma.IsSupported ? KernelIsa.Avx2 : KernelIsa.Scalar;

    public static void Run<T, TFormat>(T* w, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> y, int threads) where T : unmanaged where TFormat : struct, IWeightFormat<T>
    {
        if (x.Length != cols || y.Length != rows || bias.Length != rows)
            throw new ArgumentException($"matvec shapes: x {x.Length} (cols {cols}), bias {bias.Length} and y {y.Length} (rows {rows})");
        fixed (float* xp = x)
        fixed (float* bp = bias)
        fixed (float* yp = y)
        {
            // Fixed locals cannot be captured by the worker lambda; the spans stay pinned until Parallel.For returns.
            nint wq = (nint)w, xq = (nint)xp, bq = (nint)bp, yq = (nint)yp;
            var n = Math.Max(1, Math.Min(threads, rows / MinRowsPerThread));
            if (n == 1) RowRange<T, TFormat>(w, 0, rows, cols, xp, bp, yp);
            else
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n }, t =>
                    RowRange<T, TFormat>((T*)wq, (int)((long)rows * t / n), (int)((long)rows * (t + 1) / n), cols,
                        (float*)xq, (float*)bq, (float*)yq));
        }
    }

    private static void RowRange<T, TFormat>(T* w, int start, int end, int cols, float* x, float* bias, float* y)
        where T : unmanaged where TFormat : struct, IWeightFormat<T>
    {
        var q = (end - start + 3) / 4;
        var sums = stackalloc float[4];
        for (var i = 0; i < q; i++)
        {
            // A short last quarter repeats the range's last row: the same value is written twice,
            // which spares a separate loop for the leftover rows.
            int r0 = start + i, r1 = Math.Min(r0 + q, end - 1), r2 = Math.Min(r0 + 2 * q, end - 1), r3 = Math.Min(r0 + 3 * q, end - 1);
            // Row pointers in locals: passed as expressions, they were recomputed at every step of the inlined loop.
            T* w0 = w + (long)r0 * cols, w1 = w + (long)r1 * cols, w2 = w + (long)r2 * cols, w3 = w + (long)r3 * cols;
            Dot4<T, TFormat>(w0, w1, w2, w3, x, cols, sums);
            y[r0] = bias[r0] + sums[0];
            y[r1] = bias[r1] + sums[1];
            y[r2] = bias[r2] + sums[2];
            y[r3] = bias[r3] + sums[3];
        }
    }

    /// <summary>The dot products of four rows with x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4<T, TFormat>(T* w0, T* w1, T* w2, T* w3, float* x, int n, float* sums)
        where T : unmanaged where TFormat : struct, IWeightFormat<T>
    {
        var j = Isa switch
        {
            KernelIsa.Avx512 => Lanes<T, TFormat, Vector512<float>, Avx512Lanes>(w0, w1, w2, w3, x, n, sums),
            KernelIsa.Avx2 => Lanes<T, TFormat, Vector256<float>, Avx2Lanes>(w0, w1, w2, w3, x, n, sums),
            _ => 0,
        };
        if (j == 0) new Span<float>(sums, 4).Clear();
        for (; j < n; j++)
        {
            var xj = x[j];
            sums[0] += TFormat.ToSingle(w0[j]) * xj;
            sums[1] += TFormat.ToSingle(w1[j]) * xj;
            sums[2] += TFormat.ToSingle(w2[j]) * xj;
            sums[3] += TFormat.ToSingle(w3[j]) * xj;
        }
    }

    /// <summary>Whole vectors of the four dot products into <paramref name="sums"/>; returns where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lanes<T, TFormat, TV, TLanes>(T* w0, T* w1, T* w2, T* w3, float* x, int n, float* sums)
        where T : unmanaged where TFormat : struct, IWeightFormat<T> where TV : struct where TLanes : struct, IVectorLanes<TV>
    {
        var c = TLanes.Count;
        var ahead = PrefetchBytes / sizeof(T);
        var lineMask = 64 / sizeof(T) - 1;
        TV a0 = default, a1 = default, a2 = default, a3 = default;
        var j = 0;
        for (; j + c <= n; j += c)
        {
            if ((j & lineMask) == 0)
            {
                Sse.Prefetch0(w0 + j + ahead);
                Sse.Prefetch0(w1 + j + ahead);
                Sse.Prefetch0(w2 + j + ahead);
                Sse.Prefetch0(w3 + j + ahead);
            }
            var xv = TLanes.LoadX(x + j);
            a0 = TLanes.MultiplyAdd(TLanes.LoadWeights<T, TFormat>(w0 + j), xv, a0);
            a1 = TLanes.MultiplyAdd(TLanes.LoadWeights<T, TFormat>(w1 + j), xv, a1);
            a2 = TLanes.MultiplyAdd(TLanes.LoadWeights<T, TFormat>(w2 + j), xv, a2);
            a3 = TLanes.MultiplyAdd(TLanes.LoadWeights<T, TFormat>(w3 + j), xv, a3);
        }
        sums[0] = TLanes.Sum(a0);
        sums[1] = TLanes.Sum(a1);
        sums[2] = TLanes.Sum(a2);
        sums[3] = TLanes.Sum(a3);
        return j;
    }
}
