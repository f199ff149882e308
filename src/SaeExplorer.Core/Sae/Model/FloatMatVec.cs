using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// y = W x + b for a row-major float32 weight matrix W [rows, cols]: batch-1 encode with fp32 weights.
/// Batch 1 is memory bound and libtorch's addmm reads W_enc at about 1.5x the read floor
/// (Benchmarks/Sae/README), so this reads each weight once, row by row, with four independent FMA
/// accumulators (one chain would stall on FMA latency instead of waiting on memory), split across
/// threads by row ranges.
/// </summary>
internal static unsafe class FloatMatVec
{
    public static void Compute(float* w, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> y, int threads)
    {
        var wq = (nint)w;
        MatVecRows.Run(rows, cols, x, bias, y, threads, (start, end, xp, bp, yp) =>
        {
            for (var r = start; r < end; r++)
                yp[r] = bp[r] + Dot((float*)wq + (long)r * cols, xp, cols);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(float* w, float* x, int n)
    {
        var j = 0;
        var acc = Avx512F.IsSupported ? Lanes<Fma512, Vector512<float>>(w, x, n, ref j)
            : Fma.IsSupported ? Lanes<Fma256, Vector256<float>>(w, x, n, ref j)
            : 0f;
        for (; j < n; j++)
            acc += w[j] * x[j];
        return acc;
    }

    /// <summary>Sums w[j] x[j] over whole vectors from j on, leaving j at the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lanes<TOp, TV>(float* w, float* x, int n, ref int j)
        where TOp : struct, IFmaLanes<TV> where TV : struct
    {
        var c = TOp.Count;
        TV a0 = default, a1 = default, a2 = default, a3 = default;
        for (; j + 4 * c <= n; j += 4 * c)
        {
            a0 = TOp.MultiplyAdd(w + j, x + j, a0);
            a1 = TOp.MultiplyAdd(w + j + c, x + j + c, a1);
            a2 = TOp.MultiplyAdd(w + j + 2 * c, x + j + 2 * c, a2);
            a3 = TOp.MultiplyAdd(w + j + 3 * c, x + j + 3 * c, a3);
        }
        for (; j + c <= n; j += c)
            a0 = TOp.MultiplyAdd(w + j, x + j, a0);
        return TOp.Sum(a0, a1, a2, a3);
    }

    /// <summary>One vector width's loads, FMA and final sum, so <see cref="Lanes"/> is written once for both widths.</summary>
    private interface IFmaLanes<TV>
    {
        static abstract int Count { get; }
        static abstract TV MultiplyAdd(float* w, float* x, TV acc);
        static abstract float Sum(TV a0, TV a1, TV a2, TV a3);
    }

    private readonly struct Fma512 : IFmaLanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;
        public static Vector512<float> MultiplyAdd(float* w, float* x, Vector512<float> acc) =>
            Avx512F.FusedMultiplyAdd(Vector512.Load(w), Vector512.Load(x), acc);
        public static float Sum(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3) =>
            Vector512.Sum(a0 + a1 + (a2 + a3));
    }

    private readonly struct Fma256 : IFmaLanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;
        public static Vector256<float> MultiplyAdd(float* w, float* x, Vector256<float> acc) =>
            Fma.MultiplyAdd(Vector256.Load(w), Vector256.Load(x), acc);
        public static float Sum(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3) =>
            Vector256.Sum(a0 + a1 + (a2 + a3));
    }
}
