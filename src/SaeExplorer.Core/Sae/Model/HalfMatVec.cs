using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>
/// y = W x + b for a row-major 16-bit weight matrix W [rows, cols] (fp16 or bf16 bits) and float32 x, through
/// the <see cref="MatVecRows"/> kernel: at batch 1 reading the weights is all the time there should be, and
/// libtorch's CPU half matmul takes from 1.1x to 36x the fp32 read floor, depending on the CPU (Benchmarks/Sae/README).
/// </summary>
internal static unsafe class HalfMatVec
{
    public static void Compute(short* w, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        Span<float> y, bool bf16, int threads)
    {
        if (bf16) MatVecRows.Run<short, Bf16Weights>(w, rows, cols, x, bias, y, threads);
        else MatVecRows.Run<short, Fp16Weights>(w, rows, cols, x, bias, y, threads);
    }

    /// <summary>bf16 is the high half of a float32: a 16-bit shift.</summary>
    private readonly struct Bf16Weights : IWeightFormat<short>
    {
        public static Vector512<float> Widen512(short* p) => (Avx512F.ConvertToVector512Int32(Vector256.Load(p)) << 16).AsSingle();
        public static Vector256<float> Widen256(short* p) => (Avx2.ConvertToVector256Int32(Vector128.Load(p)) << 16).AsSingle();
        public static float ToSingle(short w) => BitConverter.Int32BitsToSingle(w << 16);
    }

    /// <summary>
    /// fp16 -> fp32 by bit manipulation (.NET exposes no F16C conversion), exact for every finite half, without a
    /// denormal float anywhere: FMAs with a denormal operand take a ~150-cycle microcode assist on Intel cores, which
    /// made the 16-bit kernel no faster than fp32 there. With the exponent and mantissa moved into float position
    /// and the exponent rebiased (+112), a = the half's magnitude for normal halves, and 2^-15 + v/2 for subnormal
    /// ones (whose value is v = 2a - 2^-14); min(a, 2a - 2^-14) picks the right one for both, and zero. The sign
    /// bit is then set back. Inf and NaN halves would come out finite (2^16 and up): W must be finite in fp16.
    /// </summary>
    private readonly struct Fp16Weights : IWeightFormat<short>
    {
        private const int MagnitudeBits = 0x0FFFE000; // exponent and mantissa of a half shifted left by 13
        private const int Rebias = (127 - 15) << 23;
        private const float SubnormalOffset = 6.1035156e-05f; // 2^-14
        private const int SignBit = unchecked((int)0x80000000);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Widen512(short* p)
        {
            var t = Avx512F.ConvertToVector512Int32(Vector256.Load(p)) << 13;
            var a = ((t & Vector512.Create(MagnitudeBits)) + Vector512.Create(Rebias)).AsSingle();
            var m = Avx512F.Min(a, Avx512F.FusedMultiplyAdd(a, Vector512.Create(2f), Vector512.Create(-SubnormalOffset)));
            return (m.AsInt32() | (t & Vector512.Create(SignBit))).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Widen256(short* p)
        {
            var t = Avx2.ConvertToVector256Int32(Vector128.Load(p)) << 13;
            var a = ((t & Vector256.Create(MagnitudeBits)) + Vector256.Create(Rebias)).AsSingle();
            var m = Avx.Min(a, Fma.MultiplyAdd(a, Vector256.Create(2f), Vector256.Create(-SubnormalOffset)));
            return (m.AsInt32() | (t & Vector256.Create(SignBit))).AsSingle();
        }

        public static float ToSingle(short w) => (float)BitConverter.Int16BitsToHalf(w);
    }
}
