using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// y = W x + b for a row-major float32 weight matrix W [rows, cols]: batch-1 encode with fp32 weights.
/// Batch 1 is memory bound and libtorch's addmm reads W_enc at about 1.5x the read floor
/// (Benchmarks/Sae/README), so this reads each weight once, split across threads by row ranges.
/// Each thread walks its range as four interleaved streams (row i of each quarter together): four
/// sequential reads in flight per core instead of one keep more memory requests outstanding, and the
/// four rows are four independent FMA chains sharing each load of x.
/// </summary>
internal static unsafe class FloatMatVec
{
    private const int Streams = 4;

    public static void Compute(float* w, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> y, int threads)
    {
        var wq = (nint)w;
        MatVecRows.Run(rows, cols, x, bias, y, threads, (start, end, xp, bp, yp) =>
        {
            var q = (end - start + Streams - 1) / Streams;
            var r = stackalloc int[Streams];
            var sums = stackalloc float[Streams];
            for (var i = 0; i < q; i++)
            {
                // A short last quarter repeats the range's last row: the same value is written twice,
                // which spares a separate loop for the leftover rows.
                for (var k = 0; k < Streams; k++) r[k] = Math.Min(start + i + k * q, end - 1);
                var wp = (float*)wq;
                Dot4(wp + (long)r[0] * cols, wp + (long)r[1] * cols, wp + (long)r[2] * cols, wp + (long)r[3] * cols, xp, cols, sums);
                for (var k = 0; k < Streams; k++) yp[r[k]] = bp[r[k]] + sums[k];
            }
        });
    }

    /// <summary>The dot products of four rows with x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4(float* w0, float* w1, float* w2, float* w3, float* x, int n, float* sums)
    {
        var j = Avx512F.IsSupported ? Lanes<Fma512, Vector512<float>>(w0, w1, w2, w3, x, n, sums)
            : Fma.IsSupported ? Lanes<Fma256, Vector256<float>>(w0, w1, w2, w3, x, n, sums)
            : 0;
        if (j == 0) new Span<float>(sums, Streams).Clear();
        for (; j < n; j++)
        {
            var xj = x[j];
            sums[0] += w0[j] * xj;
            sums[1] += w1[j] * xj;
            sums[2] += w2[j] * xj;
            sums[3] += w3[j] * xj;
        }
    }

    /// <summary>Whole vectors of the four dot products into <paramref name="sums"/>; returns where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lanes<TOp, TV>(float* w0, float* w1, float* w2, float* w3, float* x, int n, float* sums)
        where TOp : struct, IFmaLanes<TV> where TV : struct
    {
        var c = TOp.Count;
        TV a0 = default, a1 = default, a2 = default, a3 = default;
        var j = 0;
        for (; j + c <= n; j += c)
        {
            var xv = TOp.Load(x + j);
            a0 = TOp.MultiplyAdd(w0 + j, xv, a0);
            a1 = TOp.MultiplyAdd(w1 + j, xv, a1);
            a2 = TOp.MultiplyAdd(w2 + j, xv, a2);
            a3 = TOp.MultiplyAdd(w3 + j, xv, a3);
        }
        sums[0] = TOp.Sum(a0);
        sums[1] = TOp.Sum(a1);
        sums[2] = TOp.Sum(a2);
        sums[3] = TOp.Sum(a3);
        return j;
    }

    /// <summary>One vector width's load, FMA and sum, so <see cref="Lanes"/> is written once for both widths.</summary>
    private interface IFmaLanes<TV>
    {
        static abstract int Count { get; }
        static abstract TV Load(float* p);
        static abstract TV MultiplyAdd(float* w, TV x, TV acc);
        static abstract float Sum(TV v);
    }

    private readonly struct Fma512 : IFmaLanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;
        public static Vector512<float> Load(float* p) => Vector512.Load(p);
        public static Vector512<float> MultiplyAdd(float* w, Vector512<float> x, Vector512<float> acc) =>
            Avx512F.FusedMultiplyAdd(Vector512.Load(w), x, acc);
        public static float Sum(Vector512<float> v) => Vector512.Sum(v);
    }

    private readonly struct Fma256 : IFmaLanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;
        public static Vector256<float> Load(float* p) => Vector256.Load(p);
        public static Vector256<float> MultiplyAdd(float* w, Vector256<float> x, Vector256<float> acc) =>
            Fma.MultiplyAdd(Vector256.Load(w), x, acc);
        public static float Sum(Vector256<float> v) => Vector256.Sum(v);
    }
}
