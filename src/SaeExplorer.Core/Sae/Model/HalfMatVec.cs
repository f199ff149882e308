using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// y = W x + b for a row-major 16-bit weight matrix W [rows, cols] (fp16 or bf16 bits) and float32 x.
/// Batch-1 encoding is memory bound, and libtorch's CPU half matmul is far slower than reading the
/// bytes (measured: see Benchmarks/Sae/README), so this reads each weight once, widens it in registers
/// and accumulates in float32, split across threads by row ranges.
/// fp16 -> fp32 without F16C: sign-extend to 32 bits, shift the exponent+mantissa into place, clear the
/// smeared sign bits, which yields the half value times 2^-112 as a float; x is pre-multiplied by 2^112
/// so the product is exact in scale. bf16 -> fp32 is a 16-bit shift.
/// </summary>
internal static unsafe class HalfMatVec
{
    private const float HalfBiasFix = 5.192296858534828e33f; // 2^112

    public static void Compute(short* w, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> y, bool bf16, int threads)
    {
        // x scaled once (fp16 trick) into a copy shared by the workers.
        var xs = new float[x.Length];
        // Keep x * 2^112 finite: for large inputs scale down by a power of two p and multiply back.
        var maxAbs = x.IsEmpty ? 0f : MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(x));
        var post = 1f;
        if (!bf16 && maxAbs > 1e4f) post = MathF.Pow(2f, MathF.Ceiling(MathF.Log2(maxAbs)));
        var scale = bf16 ? 1f : HalfBiasFix / post;
        for (var j = 0; j < xs.Length; j++) xs[j] = x[j] * scale;
        var wq = (nint)w;
        MatVecRows.Run(rows, cols, xs, bias, y, threads,
            (start, end, xp, bp, yp) => RowRange((short*)wq, start, end, cols, xp, bp, yp, bf16, post));
    }

    private static void RowRange(short* w, int start, int end, int cols, float* x, float* bias, float* y, bool bf16, float post)
    {
        for (var r = start; r < end; r++)
        {
            var row = w + (long)r * cols;
            y[r] = bias[r] + (bf16 ? DotBf16(row, x, cols) : DotF16(row, x, cols) * post);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotF16(short* w, float* x, int n)
    {
        var j = 0;
        var acc = 0f;
        if (Avx512F.IsSupported && n >= 32)
        {
            var mask = Vector512.Create(unchecked((int)0x8FFFFFFF));
            Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
            for (; j + 32 <= n; j += 32)
            {
                var h0 = Avx512F.ConvertToVector512Int32(Vector256.Load(w + j));
                var h1 = Avx512F.ConvertToVector512Int32(Vector256.Load(w + j + 16));
                var f0 = ((h0 << 13) & mask).AsSingle();
                var f1 = ((h1 << 13) & mask).AsSingle();
                a0 = Avx512F.FusedMultiplyAdd(f0, Vector512.Load(x + j), a0);
                a1 = Avx512F.FusedMultiplyAdd(f1, Vector512.Load(x + j + 16), a1);
            }
            acc = Vector512.Sum(a0 + a1);
        }
        else if (Avx2.IsSupported && Fma.IsSupported && n >= 16)
        {
            var mask = Vector256.Create(unchecked((int)0x8FFFFFFF));
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            for (; j + 16 <= n; j += 16)
            {
                var h0 = Avx2.ConvertToVector256Int32(Vector128.Load(w + j));
                var h1 = Avx2.ConvertToVector256Int32(Vector128.Load(w + j + 8));
                a0 = Fma.MultiplyAdd(((h0 << 13) & mask).AsSingle(), Vector256.Load(x + j), a0);
                a1 = Fma.MultiplyAdd(((h1 << 13) & mask).AsSingle(), Vector256.Load(x + j + 8), a1);
            }
            acc = Vector256.Sum(a0 + a1);
        }
        for (; j < n; j++)
            acc += BitConverter.Int32BitsToSingle((w[j] << 13) & unchecked((int)0x8FFFFFFF)) * x[j];
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotBf16(short* w, float* x, int n)
    {
        var j = 0;
        var acc = 0f;
        if (Avx512F.IsSupported && n >= 32)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
            for (; j + 32 <= n; j += 32)
            {
                var h0 = Avx512F.ConvertToVector512Int32(Vector256.Load(w + j));
                var h1 = Avx512F.ConvertToVector512Int32(Vector256.Load(w + j + 16));
                a0 = Avx512F.FusedMultiplyAdd((h0 << 16).AsSingle(), Vector512.Load(x + j), a0);
                a1 = Avx512F.FusedMultiplyAdd((h1 << 16).AsSingle(), Vector512.Load(x + j + 16), a1);
            }
            acc = Vector512.Sum(a0 + a1);
        }
        else if (Avx2.IsSupported && Fma.IsSupported && n >= 16)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            for (; j + 16 <= n; j += 16)
            {
                var h0 = Avx2.ConvertToVector256Int32(Vector128.Load(w + j));
                var h1 = Avx2.ConvertToVector256Int32(Vector128.Load(w + j + 8));
                a0 = Fma.MultiplyAdd((h0 << 16).AsSingle(), Vector256.Load(x + j), a0);
                a1 = Fma.MultiplyAdd((h1 << 16).AsSingle(), Vector256.Load(x + j + 8), a1);
            }
            acc = Vector256.Sum(a0 + a1);
        }
        for (; j < n; j++)
            acc += BitConverter.Int32BitsToSingle(w[j] << 16) * x[j];
        return acc;
    }
}
